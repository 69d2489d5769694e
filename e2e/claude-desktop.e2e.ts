import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Settings → MCP connection → Connect to Claude Desktop, against a real serve whose home folder is a
// temporary one holding a Claude Desktop settings file with another server in it (Linux's place).

let served: Served;
let browser: Browser;
let page: Page;
let home: string;
let configFile: string;

const OTHER_SERVER = {
  command: '/usr/bin/node',
  args: ['/opt/mcp/memory/index.js'],
  env: { MEMORY_FILE: '/tmp/m.json' },
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'officina-e2e-home-'));
  const folder = join(home, '.config', 'Claude');
  mkdirSync(folder, { recursive: true });
  configFile = join(folder, 'claude_desktop_config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ mcpServers: { memory: OTHER_SERVER }, globalShortcut: 'Alt+Space' }, null, 2),
  );
  served = await startServe({ env: { HOME: home, XDG_CONFIG_HOME: '' } });
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
  rmSync(home, { recursive: true, force: true });
});

describe('Connect to Claude Desktop', () => {
  it('adds Officina to Claude Desktop’s settings and says so, with the file and its copy', async () => {
    await page.goto(served.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Assistant & MCP' })
      .click();
    await page.getByText('Officina is not in Claude Desktop’s settings yet.').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Connect to Claude Desktop' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Connected to Claude Desktop' });
    await done.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => done.textContent())
      .toContain("Officina is now in Claude Desktop's settings. Restart Claude Desktop to use it.");
    expect(await done.textContent()).toContain(configFile);
    await done.scrollIntoViewIfNeeded();
    await screenshot(page, 'claude-desktop-connected');

    const written = JSON.parse(readFileSync(configFile, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[] }>;
      globalShortcut: string;
    };
    expect(written.globalShortcut).toBe('Alt+Space');
    expect(written.mcpServers['memory']).toEqual(OTHER_SERVER);
    expect(written.mcpServers['officina']?.command).toBe(process.execPath);
    expect(written.mcpServers['officina']?.args).toContain(served.dataDir);
    expect(readdirSync(join(home, '.config', 'Claude')).filter((n) => n.endsWith('.officina-backup'))).toHaveLength(1);
  });

  it('disconnects, taking out only Officina’s entry', async () => {
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: 'Disconnected from Claude Desktop' });
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toContain('no longer in Claude Desktop’s settings');
    await screenshot(page, 'claude-desktop-disconnected');
    const after = JSON.parse(readFileSync(configFile, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(after.mcpServers)).toEqual(['memory']);
  });

  it('reports broken JSON in the file and leaves it as it is', async () => {
    writeFileSync(configFile, '{ "mcpServers": { ');
    await page.getByRole('button', { name: 'Connect to Claude Desktop' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Claude Desktop’s settings were not changed' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(/is not valid JSON/);
    await alert.scrollIntoViewIfNeeded();
    await screenshot(page, 'claude-desktop-broken-config');
    expect(readFileSync(configFile, 'utf8')).toBe('{ "mcpServers": { ');
  });
});
