import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('Documents when the vault folder goes away', () => {
  it('shows a banner while the folder is away and keeps the documents listed; back, the banner goes', async () => {
    writeFileSync(join(served.vault, 'angebot.txt'), 'Angebot für Becher\n');
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
    const listed = page.getByRole('button', { name: /angebot\.txt/ }).or(page.getByText('angebot.txt'));
    await listed.first().waitFor();
    const banner = page.getByTestId('vault-away');
    expect(await banner.count()).toBe(0);

    renameSync(served.vault, `${served.vault}-unplugged`);
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/The vault folder is not available.*is not there \(disk unplugged/);
    expect(await page.getByRole('button', { name: /^Upload/ }).isDisabled()).toBe(true);
    // The document is still there, with everything known about it.
    await listed.first().waitFor();
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'documents-vault-away.png') });

    renameSync(`${served.vault}-unplugged`, served.vault);
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: /^Upload/ }).isDisabled()).toBe(false);
    await listed.first().waitFor();
  });
});
