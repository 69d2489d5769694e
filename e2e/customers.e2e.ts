import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    locale: 'de-DE',
    colorScheme: 'light',
  });
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
  const response = await served.call(name, input);
  return response.json();
}

/** Mantine hides switch and segment inputs visually; a person clicks their label. */
async function clickLabelOf(input: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).first().click();
}

describe('Officina in a browser', () => {
  it('signs in with the one-time link and shows the dashboard', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await screenshot(page, '01-dashboard-empty');
  });

  it('creates a customer, showing the server’s validation per field', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByText(/No customers yet/i).waitFor();
    await screenshot(page, '02-customers-empty');

    await page.getByRole('button', { name: 'New customer' }).first().click();
    const form = page.getByRole('dialog', { name: 'New customer' });
    await form.getByLabel('Name').fill('Zoë Müller');
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Email is not an email address, like name@example.com.').waitFor();
    await screenshot(page, '03-customer-form-error');

    await form.getByLabel('Email').fill('zoe@example.com');
    await form.getByLabel('Phone').fill('+49 30 901820');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    const detail = page.getByRole('dialog', { name: 'Zoë Müller' });
    await detail.getByText('+4930901820').waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
  });

  it('finds customers by a folded prefix and edits one', async () => {
    await api('create_customer', { name: 'Joan Smith', email: 'joan@example.com' });
    await api('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com', status: 'inactive' });
    await page.getByText('Joan Smith').waitFor();
    const search = page.getByLabel('Search customers');
    await search.fill('mull');
    await expect.poll(() => page.getByText('Joan Smith').count()).toBe(0);
    await page.getByRole('table', { name: 'Customers' }).getByText('Zoë Müller').waitFor();
    await screenshot(page, '04-customers-search');

    await page.getByRole('table', { name: 'Customers' }).getByText('Zoë Müller').click();
    const detail = page.getByRole('dialog', { name: 'Zoë Müller' });
    await detail.getByText('zoe@example.com').waitFor();
    await screenshot(page, '05-customer-detail');
    await detail.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Edit Zoë Müller' });
    await form.getByLabel('Name').fill('Zoë Müller-Lüdenscheidt');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('dialog', { name: 'Zoë Müller-Lüdenscheidt' }).getByText('zoe@example.com').waitFor();
    await page.keyboard.press('Escape');
    await search.fill('ludensch');
    await page.getByRole('table', { name: 'Customers' }).getByText('Zoë Müller-Lüdenscheidt').waitFor();
    await screenshot(page, '06-customer-edited');
  });

  it('shows what was done in the Activity view, live, as sentences', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    // The name as it was when the change was made.
    await page.getByText('You changed customer Zoë Müller', { exact: true }).first().waitFor();
    await page.getByText('You added customer Joan Smith', { exact: true }).first().waitFor();
    // A change made elsewhere appears without a reload.
    await api('create_customer', { name: 'Live Entry', email: 'live@example.com' });
    await page.getByText('You added customer Live Entry', { exact: true }).waitFor({ timeout: 5_000 });
    // The app's own reads (listing, searching, opening) are not shown.
    expect(
      await page
        .getByRole('table', { name: 'Activity' })
        .getByText(/looked/)
        .count(),
    ).toBe(0);
    await screenshot(page, '07-activity');
  });

  it('shows the MCP connection in Settings, with the token on request', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Assistant & MCP' })
      .click();
    await page.getByText('mcpServers').first().waitFor();
    expect(await page.getByText(served.token).count()).toBe(0);
    await page.getByRole('button', { name: /show token/i }).click();
    await page.getByText(served.token).first().waitFor();
    await screenshot(page, '08-settings');
  });

  it('lets the person turn a tool off for assistants and make them read-only', async () => {
    const toggle = page.getByRole('switch', { name: 'Allow Delete customer' });
    await toggle.scrollIntoViewIfNeeded();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await clickLabelOf(toggle);
    await expect
      .poll(
        async () =>
          ((await api('get_assistant_permissions', {})) as { data: { disabled_tools: string[] } }).data.disabled_tools,
      )
      .toEqual(['delete_customer']);
    await clickLabelOf(page.getByRole('radio', { name: 'Read-only' }));
    await expect.poll(() => page.getByRole('switch', { name: 'Allow Create customer' }).isDisabled()).toBe(true);
    await screenshot(page, '09-assistant-permissions');
    await clickLabelOf(page.getByRole('radio', { name: 'Full access' }));
    await expect.poll(() => page.getByRole('switch', { name: 'Allow Create customer' }).isDisabled()).toBe(false);
  });

  it('lets the person choose the toolsets assistants get, and which of them Claude Desktop gets', async () => {
    const permissions = async () =>
      ((await api('get_assistant_permissions', {})) as { data: { toolsets: string[] } }).data.toolsets;
    expect(await permissions()).toEqual(['customers', 'documents']);
    const sales = page.getByRole('checkbox', { name: 'Give assistants the Sales tools' });
    await sales.scrollIntoViewIfNeeded();
    expect(await sales.isChecked()).toBe(false);
    const getOrder = page.getByRole('switch', { name: 'Allow Get order', exact: true });
    expect(await getOrder.isDisabled()).toBe(true);
    await page.getByText('Off (toolset off)').first().waitFor();
    await clickLabelOf(sales);
    await expect.poll(permissions).toEqual(['customers', 'sales', 'documents']);
    await expect.poll(() => getOrder.isDisabled()).toBe(false);
    await sales.scrollIntoViewIfNeeded();
    await screenshot(page, '09d-toolsets');

    // Claude Desktop follows those, unless the person leaves some out of its configuration.
    const config = page.getByLabel('Claude Desktop configuration');
    await config.scrollIntoViewIfNeeded();
    expect(await config.textContent()).not.toContain('--toolsets');
    const desktopToolsets = page.getByRole('group', { name: 'Toolsets Claude Desktop gets' });
    await desktopToolsets.getByRole('checkbox', { name: 'Documents' }).uncheck();
    await expect.poll(() => config.textContent()).toContain('"--toolsets",\n        "customers,sales"');
    await screenshot(page, '09e-claude-desktop-toolsets');
  });

  it('lets the person keep a kind of data from assistants, said in words, not tool names', async () => {
    const customers = page.getByRole('switch', { name: 'Assistants may see customers' });
    await customers.scrollIntoViewIfNeeded();
    await expect.poll(() => customers.isChecked()).toBe(true);
    await page
      .getByText('Names, email addresses, phone numbers, postal addresses and notes.', { exact: false })
      .waitFor();
    await clickLabelOf(customers);
    const hiddenData = async () =>
      ((await api('get_assistant_permissions', {})) as { data: { hidden_data: string[] } }).data.hidden_data;
    await expect.poll(hiddenData).toEqual(['customers']);
    // The tools that would show customers are off for assistants, saying why; orders stay (without names).
    await expect
      .poll(() => page.getByRole('switch', { name: 'Allow Get customer', exact: true }).isDisabled())
      .toBe(true);
    await page.getByText('Off (customers hidden)').first().waitFor();
    expect(await page.getByRole('switch', { name: 'Allow Get order', exact: true }).isDisabled()).toBe(false);
    await customers.scrollIntoViewIfNeeded();
    await screenshot(page, '09b-assistant-data');
    await page.getByRole('switch', { name: 'Allow Get customer', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, '09c-tools-without-customers');
    await clickLabelOf(customers);
    await expect.poll(hiddenData).toEqual([]);
    await expect
      .poll(() => page.getByRole('switch', { name: 'Allow Get customer', exact: true }).isDisabled())
      .toBe(false);
  });

  it('lets the person allow a folder, and refuses a hidden one with the reason', async () => {
    const exports = mkdtempSync(join(tmpdir(), 'officina-exports-'));
    const hidden = join(exports, '.secret');
    mkdirSync(hidden);
    const field = page.getByLabel('Folder to allow');
    await field.fill(hidden);
    await page.getByRole('button', { name: 'Allow folder' }).click();
    await page
      .getByText(/hidden/i)
      .first()
      .waitFor();
    await field.fill(exports);
    await page.getByRole('button', { name: 'Allow folder' }).click();
    await page.getByRole('table', { name: 'Allowed folders' }).getByText(realpathSync(exports)).waitFor();
    await screenshot(page, '10-allowed-folders');
    rmSync(exports, { recursive: true, force: true });
  });

  it('explains that a token from OFFICINA_TOKEN cannot be rotated, and leaves it in force', async () => {
    const rotate = page.getByRole('button', { name: 'Rotate token' });
    await rotate.scrollIntoViewIfNeeded();
    await rotate.click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the MCP token?' });
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    await dialog.getByText('This token cannot be rotated here').waitFor();
    await dialog.getByText(/OFFICINA_TOKEN environment variable/).waitFor();
    await screenshot(page, '12-token-rotation-refused');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await api('get_settings', {})).toMatchObject({ ok: true });
  });

  it('follows the system colour scheme', async () => {
    const dark = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    // The link this test signed in with is used up: the page says how to get another.
    await darkPage.goto(served.loginUrl);
    await darkPage.getByText('That login link was already used or has expired.').waitFor();
    await darkPage.getByText('officina login', { exact: true }).waitFor();
    await screenshot(darkPage, '11-login-link-used-dark');
    await darkPage.goto(await served.newLoginUrl());
    await darkPage.waitForURL(`${served.url}/`);
    await screenshot(darkPage, '11-signed-in-dark');
    await darkPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await darkPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await darkPage.getByText('Joan Smith').first().waitFor();
    expect(await darkPage.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe(
      'dark',
    );
    await screenshot(darkPage, '11-customers-dark');
    await dark.close();
  });
});
