import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Settings → Backups against a real serve: back up, stage a restore, restart serve on the same data
// directory, and find the data as it was at the backup, with the data before the restore kept.

let served: Served;
let browser: Browser;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'officina-e2e-backups-'));

async function api<T>(name: string, input: unknown): Promise<T> {
  const body = (await (await served.call(name, input)).json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.data;
}

async function openSettings(): Promise<void> {
  await page.goto(served.loginUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('heading', { name: 'Backups' }).waitFor({ timeout: 20_000 });
}

/** The Backups section at the top of the window, for the screenshots. */
async function showSection(): Promise<void> {
  await page.locator('section[aria-labelledby="backups-section-title"]').evaluate((el) => el.scrollIntoView());
}

beforeAll(async () => {
  served = await startServe({ dataDir });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Backups in Settings', () => {
  it('backs up on request and lists the backup', async () => {
    await api('create_customer', { name: 'Before Backup', email: 'before@example.com' });
    await openSettings();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const table = page.getByRole('table', { name: 'Backups' });
    await table.getByText('On request').waitFor({ timeout: 20_000 });
    await api('create_customer', { name: 'After Backup', email: 'after@example.com' });
    await showSection();
    await screenshot(page, 'backups-list');
  });

  it('stages a restore, says it happens at the next start, and applies it when serve starts again', async () => {
    await page
      .getByRole('button', { name: /^Restore the backup of/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    await screenshot(page, 'backups-restore-confirm');
    await dialog.getByRole('button', { name: 'Restore at next start' }).click();
    const waiting = page.getByRole('status').filter({ hasText: 'A restore is waiting for the next start' });
    await waiting.waitFor({ timeout: 20_000 });
    // This serve was not told a process manager restarts it: the page says who must, and offers no button.
    expect(await waiting.textContent()).toContain('cannot restart itself');
    expect(await waiting.getByRole('button', { name: 'Restart Officina now' }).count()).toBe(0);
    await showSection();
    await screenshot(page, 'backups-restore-staged');
    // Nothing is replaced while serve runs.
    expect((await api<{ items: unknown[] }>('list_customers', {})).items).toHaveLength(2);

    await served.stop();
    served = await startServe({ dataDir });
    const names = (await api<{ items: { name: string }[] }>('list_customers', {})).items.map((c) => c.name);
    expect(names).toEqual(['Before Backup']);
    await openSettings();
    await page.getByRole('table', { name: 'Backups' }).getByText('Before a restore').waitFor({ timeout: 20_000 });
    expect(await page.getByText('A restore is waiting for the next start').count()).toBe(0);
    await showSection();
    await screenshot(page, 'backups-restored');
  });
});
