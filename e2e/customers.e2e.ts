import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'de-DE', colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function api(name: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${served.url}/api/ops/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return response.json();
}

describe('Officina in a browser', () => {
  it('signs in with the one-time link and shows the dashboard', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await screenshot(page, '01-dashboard-empty');
  });

  it('creates a customer, showing the server’s validation per field', async () => {
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await page.getByText(/No customers yet/i).waitFor();
    await screenshot(page, '02-customers-empty');

    await page.getByRole('button', { name: 'New customer' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Zoë Müller');
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Enter a valid email address, like name@example.com').waitFor();
    await screenshot(page, '03-customer-form-error');

    await dialog.getByLabel('Email').fill('zoe@example.com');
    await dialog.getByLabel('Phone').fill('+49 30 901820');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Zoë Müller').first().waitFor();
  });

  it('finds customers by a folded prefix and edits one', async () => {
    await api('create_customer', { name: 'Joan Smith', email: 'joan@example.com' });
    await api('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com', status: 'inactive' });
    const search = page.getByLabel('Search customers');
    await search.fill('mull');
    await page.getByText('Zoë Müller').first().waitFor();
    await expect.poll(() => page.getByText('Joan Smith').count()).toBe(0);
    await screenshot(page, '04-customers-search');

    await page.getByText('Zoë Müller').first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('zoe@example.com').first().waitFor();
    await screenshot(page, '05-customer-detail');
    await drawer.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Save' }) });
    await form.getByLabel('Name').fill('Zoë Müller-Lüdenscheidt');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await search.fill('ludensch');
    await page.getByText('Zoë Müller-Lüdenscheidt').first().waitFor();
    await screenshot(page, '06-customer-edited');
  });

  it('shows every call in the Activity view, live, with its caller', async () => {
    await page.getByRole('link', { name: 'Activity' }).first().click();
    await page.getByText('update_customer').first().waitFor();
    await page.getByText('create_customer').first().waitFor();
    await page.getByText('browser').first().waitFor();
    // A call made elsewhere appears without a reload.
    await api('get_customer', { email: 'joan@example.com' });
    await page.getByText('get_customer').first().waitFor({ timeout: 5_000 });
    await screenshot(page, '07-activity');
  });

  it('shows the MCP connection in Settings, with the token on request', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByText('mcpServers').first().waitFor();
    expect(await page.getByText(served.token).count()).toBe(0);
    await page.getByRole('button', { name: /show token/i }).click();
    await page.getByText(served.token).first().waitFor();
    await screenshot(page, '08-settings');
  });

  it('follows the system colour scheme', async () => {
    const dark = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(served.loginUrl.replace(/code=.*/, 'code=used'));
    await darkPage.getByLabel('Token').fill(served.token);
    await darkPage.getByRole('button', { name: 'Sign in' }).click();
    await darkPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await darkPage.getByRole('link', { name: 'Customers' }).first().click();
    await darkPage.getByText('Joan Smith').first().waitFor();
    expect(await darkPage.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('dark');
    await screenshot(darkPage, '09-customers-dark');
    await dark.close();
  });
});
