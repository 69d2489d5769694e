import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

/*
 * Day one of a shop owner who comes from Shopify and HubSpot: bring the customers and products in from
 * their exports, take lists out to a spreadsheet, keep addresses as people give them, and read a
 * customer's figures. Done as a person does it, in Chromium, at 1400 and 800 px.
 */

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'imports');
const WAIT = { timeout: 30_000 };

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
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

async function api<T = unknown>(name: string, input: unknown): Promise<T> {
  const response = await served.call(name, input);
  const envelope = (await response.json()) as { ok: boolean; data: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}

/** Toasts cover what a screenshot is for; a person would have seen them go. */
async function shot(name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({
    path: join(OUTPUT_DIR, `${name}.png`),
    style: '.mantine-Notifications-root { visibility: hidden; }',
  });
}

async function atWidth<T>(width: number, run: () => Promise<T>): Promise<T> {
  const before = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.setViewportSize({ width, height: before.height });
  try {
    return await run();
  } finally {
    await page.setViewportSize(before);
  }
}

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

async function chooseFile(dialog: Locator, name: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: /Choose (a CSV|another)/ }).click(),
  ]);
  await chooser.setFiles(join(FIXTURES, name));
}

/** A Mantine Select: open it, type, pick the option. */
async function pick(select: Locator, search: string, option: string | RegExp): Promise<void> {
  await select.click();
  await select.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

describe('Day one for a shop owner', () => {
  it('imports Shopify’s customers export: columns recognised, a preview, the problems, then the import', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url(), WAIT).toBe(`${served.url}/`);
    await nav('Customers').click();
    await page.getByText(/No customers yet/i).waitFor(WAIT);

    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import customers' });
    await chooseFile(dialog, 'shopify-customers.csv');

    // How the columns were read, without being told.
    await expect.poll(() => dialog.getByLabel('Imports First Name as').inputValue(), WAIT).toBe('Name');
    expect(await dialog.getByLabel('Imports Last Name as').inputValue()).toBe('Name');
    expect(await dialog.getByLabel('Imports Province Code as').inputValue()).toBe('State or region');
    expect(await dialog.getByLabel('Imports Company as').inputValue()).toBe("Don't import");

    const preview = dialog.getByRole('region', { name: 'First rows, as they will be imported' });
    await preview.getByRole('cell', { name: 'Russell Winfield' }).waitFor(WAIT);
    await dialog.getByText('4 customers ready').waitFor();
    await dialog.getByText('Row 6 · Email: Email is missing').waitFor();
    await dialog.getByText(/Row 5 · Phone: "555-12" does not look like a complete phone number/).waitFor();
    await shot('day1-01-import-customers-1400');

    // The company goes into the notes: the check runs again with that mapping.
    await pick(dialog.getByLabel('Imports Company as'), 'Notes', 'Notes');
    await expect.poll(() => dialog.getByLabel('Imports Company as').inputValue(), WAIT).toBe('Notes');
    await preview.getByText(/Company Name/).waitFor(WAIT);

    await atWidth(800, () => shot('day1-02-import-customers-800'));

    await dialog.getByRole('button', { name: 'Import 4 customers' }).click();
    await dialog.getByText('4 customers imported. 1 rows with problems were left out.').waitFor(WAIT);
    await shot('day1-03-import-customers-done');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'Customers' }).getByText('Russell Winfield').waitFor(WAIT);

    const russell = await api<Record<string, unknown>>('get_customer', { email: 'russel.winfield@example.com' });
    expect(russell).toMatchObject({ name: 'Russell Winfield', tags: ['VIP', 'wholesale'] });
    expect(russell['notes']).toContain('Company Name');
  });

  it('imports HubSpot’s contacts export, where a country is written out', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import customers' });
    await chooseFile(dialog, 'hubspot-contacts.csv');
    await dialog.getByText('3 customers ready').waitFor(WAIT);
    expect(await dialog.getByLabel('Imports Country/Region as').inputValue()).toBe('Country');
    await dialog.getByText(/Row 5 · Country: Not a country we know/).waitFor();

    // "Import nothing" holds the button back until the file is fixed.
    await dialog.getByLabel('Import nothing until the file is fixed').check();
    expect(await dialog.getByRole('button', { name: 'Import 3 customers' }).isDisabled()).toBe(true);
    await dialog.getByLabel(/Leave them out and import the other customers/).check();
    await dialog.getByRole('button', { name: 'Import 3 customers' }).click();
    await dialog.getByText(/3 customers imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'Customers' }).getByText('Maria Johnson').waitFor(WAIT);
  });

  it('imports Shopify’s products export, variants and all', async () => {
    await nav('Sales').click();
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import products' });
    await chooseFile(dialog, 'shopify-products.csv');
    await dialog.getByText('3 products ready').waitFor(WAIT);
    await dialog.getByText('1 empty, left out').waitFor();
    await dialog.getByRole('cell', { name: 'Ocean Blue Shirt – M' }).waitFor();
    await dialog.getByText('Row 6 · Price: Price is missing').waitFor();
    await shot('day1-04-import-products');
    await dialog.getByRole('button', { name: 'Import 3 products' }).click();
    await dialog.getByText(/3 products imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText('SHIRT-BLUE-S').waitFor(WAIT);
  });

  it('exports the filtered customer list as an Excel workbook and as CSV', async () => {
    await nav('Customers').click();
    await page.getByLabel('Search customers').fill('winfield');
    await expect.poll(() => page.getByRole('table', { name: 'Customers' }).getByRole('row').count(), WAIT).toBe(2);

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByText('The customers these filters show').waitFor();
    // Once the menu has faded in.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('.mantine-Menu-dropdown') ?? document.body).opacity === '1',
    );
    await shot('day1-05-export-menu-1400');
    await atWidth(800, () => shot('day1-05-export-menu-800'));
    const [workbook] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: /Excel workbook/ }).click(),
    ]);
    expect(workbook.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(
      readFileSync(await workbook.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    await page.getByRole('button', { name: 'Export' }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: /CSV/ }).click(),
    ]);
    const rows = parse(readFileSync(await csv.path(), 'utf8')) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[0]).toBe('Russell Winfield');
    await page.getByLabel('Search customers').fill('');
  });

  it('keeps a city and country without a street, picks the country by name, and warns of a doubtful phone', async () => {
    // The drawer writes a US address as the US does.
    const karine = await api<{ id: number }>('get_customer', { email: 'karine.ruby@example.com' });
    await page.goto(`${served.url}/#/customers/${karine.id}`);
    const drawer = page.getByRole('dialog', { name: 'Karine Ruby' });
    await drawer.getByText('San Francisco, CA 94103').waitFor(WAIT);

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New customer' }).click();
    const form = page.getByRole('dialog', { name: 'New customer' });
    await form.getByLabel('Name').fill('Marché Lyonnais');
    await form.getByLabel('Email').fill('marche@example.fr');
    await form.getByLabel('Phone').fill('555-12');
    await form.getByText(/does not look like a complete phone number/).waitFor(WAIT);
    await form.getByLabel('City').fill('Lyon');
    // The country starts as Settings' country, and is found by its name.
    expect(await form.getByLabel('Country', { exact: true }).inputValue()).toBe('United States');
    await pick(form.getByLabel('Country', { exact: true }), 'fran', 'France');
    await shot('day1-06-customer-city-country-1400');
    await atWidth(800, () => shot('day1-07-customer-city-country-800'));
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden', ...WAIT });

    const detail = page.getByRole('dialog', { name: 'Marché Lyonnais' });
    await detail.getByText('Lyon', { exact: true }).waitFor(WAIT);
    await detail.getByText('France', { exact: true }).waitFor();
    await detail.getByText('This does not look like a complete phone number.').waitFor();
    await shot('day1-08-customer-drawer-address');
    const saved = await api<Record<string, unknown>>('get_customer', { email: 'marche@example.fr' });
    expect(saved).toMatchObject({ phone: '555-12', address: { city: 'Lyon', country: 'FR' } });
    await page.keyboard.press('Escape');
  });

  it('shows a customer’s figures over the same orders, their orders, and places a new one from there', async () => {
    const maria = await api<{ id: number }>('get_customer', { email: 'maria.johnson@example.com' });
    const paid = await api<{ id: number; total: number }>('create_order', {
      customer_id: maria.id,
      items: [{ product_id: 'MUG-CLASSIC', quantity: 4 }],
    });
    await api('process_payment', { amount: paid.total, currency: 'USD', payment_method: 'cash', order_id: paid.id });
    const unpaid = await api<{ id: number; total: number }>('create_order', {
      customer_id: maria.id,
      items: [{ product_id: 'SHIRT-BLUE-S', quantity: 1 }],
    });
    const money = (n: number) => `$${n.toFixed(2)}`;

    await page.goto(`${served.url}/#/customers/${maria.id}`);
    const drawer = page.getByRole('dialog', { name: 'Maria Johnson' });
    const figures = drawer.getByRole('region', { name: 'Sales' });
    const figure = (label: string) => figures.locator(`dt:has-text("${label}") + dd`);
    await figure('Orders').getByText('2', { exact: true }).waitFor(WAIT);
    const ordered = paid.total + unpaid.total;
    expect(await figure('Ordered').textContent()).toBe(money(ordered));
    expect(await figure('Average order').textContent()).toBe(money(Math.round((ordered * 100) / 2) / 100));
    expect(await figure('Received').textContent()).toBe(money(paid.total));
    expect(await figure('Awaiting payment').textContent()).toBe(money(unpaid.total));
    const orders = drawer.getByRole('table', { name: 'Orders of Maria Johnson' });
    await orders.getByRole('link', { name: `#${paid.id}` }).waitFor();
    await orders.getByRole('link', { name: `#${unpaid.id}` }).waitFor();
    expect(await drawer.getByText('Version').count()).toBe(0);
    await shot('day1-09-customer-figures-1400');
    await atWidth(800, () => shot('day1-10-customer-figures-800'));

    await drawer.getByRole('button', { name: 'New order for this customer' }).click();
    const order = page.getByRole('dialog', { name: 'New order' });
    await expect.poll(() => order.getByLabel('Customer').inputValue(), WAIT).toMatch(/^Maria Johnson/);
    // The customer field has the focus, its list open: Esc closes the list, then the form.
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'hidden', ...WAIT });
    await shot('day1-11-new-order-from-drawer');
    await page.keyboard.press('Escape');
    await order.waitFor({ state: 'hidden', ...WAIT });
    // Esc closed the order form only.
    await drawer.getByRole('button', { name: 'New order for this customer' }).waitFor();
  });
});
