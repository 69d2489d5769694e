import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../shared/customers.js';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Two processes on one data directory, as on a person's desktop: the app (here `officina serve`, in
// Chromium) and the stdio server Claude Desktop starts. What the assistant does appears in the open
// app without a reload. The target is within a second; the wait below is longer so that a busy
// machine does not fail the run (tests never assert timings; `node bench/run.mjs live` measures).
const TARGET_MS = 1_000;
const PATIENCE_MS = 5_000;
const CLI = resolve(import.meta.dirname, '..', 'bin', 'officina.mjs');

let served: Served;
let browser: Browser;
let page: Page;
let assistant: Client;
let assistantErr = '';

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--data-dir', served.dataDir, '--vault', join(served.dataDir, 'vault'), '--log-level', 'warn'],
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (assistantErr += chunk.toString()));
  assistant = new Client({ name: 'claude-desktop', version: '1.0.0' });
  await assistant.connect(transport);
});

afterAll(async () => {
  await assistant?.close();
  await browser?.close();
  await served?.stop();
});

async function tool<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await assistant.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}\n${assistantErr}`);
  return result.structuredContent as T;
}

/** Waits for `text` in the customers table; returns the time from `since` to seeing it. */
async function seen(text: string, since: number): Promise<number> {
  await page
    .getByRole('table', { name: 'Customers' })
    .getByText(text, { exact: true })
    .waitFor({ timeout: PATIENCE_MS });
  const elapsed = performance.now() - since;
  console.log(
    `  "${text}" on screen ${elapsed.toFixed(0)} ms after the other process's call returned (target ${TARGET_MS} ms)`,
  );
  return elapsed;
}

describe('another process’s changes, live in the open app', () => {
  it('shows a customer the assistant creates, then its update, without a reload', async () => {
    await page.goto(served.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByText(/No customers yet/i).waitFor();
    // A reload would drop this.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const createdAt = performance.now();
    const created = await tool<Customer>('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
    await seen('Grace Hopper', createdAt);
    await screenshot(page, 'live-01-created-by-assistant');

    const updatedAt = performance.now();
    await tool<Customer>('update_customer', { customer_id: created.id, name: 'Grace Brewster Hopper' });
    await seen('Grace Brewster Hopper', updatedAt);
    await expect.poll(() => page.getByText('Grace Hopper', { exact: true }).count()).toBe(0);
    await screenshot(page, 'live-02-updated-by-assistant');

    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('shows the assistant’s calls in the Activity view, with its name, as they happen', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    const rows = page.getByRole('table', { name: 'Activity' }).getByRole('row');
    // The log reads as sentences about the records ("Claude added customer Grace Hopper").
    const byAssistant = (sentence: string) => rows.filter({ hasText: `Claude ${sentence}` });
    await byAssistant('added customer').first().waitFor();
    await byAssistant('changed customer').first().waitFor();

    // Reads are hidden until the person asks to see what assistants looked at; one made while the view
    // is open then appears without a reload.
    const showReads = page.getByRole('switch', { name: 'Show what assistants looked at' });
    await page
      .locator(`label[for="${await showReads.getAttribute('id')}"]`)
      .first()
      .click();
    await tool('get_customer', { email: 'grace@example.com' });
    await byAssistant('looked at customer').first().waitFor({ timeout: PATIENCE_MS });
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(page, 'live-03-activity-from-assistant');
  });
});
