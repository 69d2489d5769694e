import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsx from 'write-excel-file/node';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

/*
 * Working with long lists as a shop owner does: sort by a column (the server sorts every page), tick
 * several rows and act on them at once (and take it back from the trash), and bring orders and a
 * spreadsheet of customers in from files. In Chromium, at 1400 and 800 px.
 */

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'imports');
const WAIT = { timeout: 30_000 };

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  for (const [name, email] of [
    ['Ada Lovelace', 'ada@example.com'],
    ['Grace Hopper', 'grace@example.com'],
  ]) {
    await api('create_customer', { name, email });
  }
  for (const [sku, name, price] of [
    ['MUG-BLUE', 'Blue mug', 12],
    ['TOWEL-1', 'Tea towel', 25],
    ['LAMP-9', 'Desk lamp', 89],
    ['PEN-2', 'Fountain pen', 4.5],
    ['BAG-3', 'Tote bag', 18],
  ] as const) {
    await api('create_product', { sku, name, price, initial_stock: 20 });
  }
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

async function chooseFile(dialog: Locator, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: /Choose (a CSV|another)/ }).click(),
  ]);
  await chooser.setFiles(path);
}

/** The SKUs down the products table, in the order shown. */
async function skus(): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Products' }).getByRole('row');
  const texts = await rows.allInnerTexts();
  return texts.map((text) => /[A-Z]+-[A-Z0-9]+/.exec(text)?.[0]).filter((s): s is string => s !== undefined);
}

describe('Lists: sorting, bulk actions and imports', () => {
  it('sorts products by price, dearest first and then cheapest first', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url(), WAIT).toBe(`${served.url}/`);
    await nav('Sales').click();
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('table', { name: 'Products' }).getByText('LAMP-9').waitFor(WAIT);

    await page.getByRole('button', { name: 'Sort by price (not sorted)' }).click();
    await expect.poll(skus, WAIT).toEqual(['LAMP-9', 'TOWEL-1', 'BAG-3', 'MUG-BLUE', 'PEN-2']);
    await page.getByRole('button', { name: 'Sort by price (sorted highest first)' }).click();
    await expect.poll(skus, WAIT).toEqual(['PEN-2', 'MUG-BLUE', 'BAG-3', 'TOWEL-1', 'LAMP-9']);
    await page.getByRole('button', { name: 'Sort by price (sorted lowest first)' }).waitFor();
    await shot('lists-01-products-by-price-1400');
    await atWidth(800, () => shot('lists-01-products-by-price-800'));
  });

  it('moves two ticked products to the trash at once, and restores them from there', async () => {
    const table = page.getByRole('table', { name: 'Products' });
    await table.getByRole('checkbox', { name: 'Select Fountain pen' }).check();
    await table.getByRole('checkbox', { name: 'Select Desk lamp' }).check();
    const bar = page.getByRole('region', { name: 'Selected products' });
    await bar.getByText('2 products selected').waitFor(WAIT);
    await shot('lists-02-products-bulk-1400');
    await atWidth(800, () => shot('lists-02-products-bulk-800'));

    await bar.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByText('2 products moved to the trash').waitFor(WAIT);
    await expect.poll(skus, WAIT).toEqual(['MUG-BLUE', 'BAG-3', 'TOWEL-1']);
    expect(await bar.isVisible()).toBe(false);

    await nav('Trash').click();
    const trash = page.getByRole('table', { name: 'Trash' });
    await trash.getByText('Fountain pen').waitFor(WAIT);
    await trash.getByText('Desk lamp').waitFor(WAIT);
    await shot('lists-03-trash-1400');
    await trash.getByRole('button', { name: 'Restore Fountain pen' }).click();
    await trash.getByRole('button', { name: 'Restore Desk lamp' }).click();
    await expect.poll(() => trash.getByText('Desk lamp').count(), WAIT).toBe(0);

    await nav('Sales').click();
    await page.getByRole('tab', { name: 'Products' }).click();
    await expect
      .poll(async () => (await skus()).sort(), WAIT)
      .toEqual(['BAG-3', 'LAMP-9', 'MUG-BLUE', 'PEN-2', 'TOWEL-1']);
  });

  it("imports Shopify's orders export: lines grouped into orders, an unknown SKU refused by row", async () => {
    await page.getByRole('tab', { name: 'Orders' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import orders' });
    await chooseFile(dialog, join(FIXTURES, 'shopify-orders.csv'));

    await expect
      .poll(() => dialog.getByLabel('Imports Name as').inputValue(), WAIT)
      .toBe('Order number (groups its lines)');
    expect(await dialog.getByLabel('Imports Lineitem sku as').inputValue()).toBe('Product SKU');
    expect(await dialog.getByLabel('Imports Lineitem quantity as').inputValue()).toBe('Quantity');
    expect(await dialog.getByLabel('Imports Billing Name as').inputValue()).toBe("Don't import");
    await dialog.getByText('2 orders ready').waitFor(WAIT);
    await dialog.getByText('Row 5 · Product SKU: No product has the SKU GIFT-30: add it to Products first').waitFor();
    await shot('lists-04-import-orders-1400');
    await atWidth(800, () => shot('lists-04-import-orders-800'));

    await dialog.getByRole('button', { name: 'Import 2 orders' }).click();
    await dialog.getByText(/2 orders imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const orders = page.getByRole('table', { name: 'Orders' });
    await orders.getByText('Ada Lovelace').waitFor(WAIT);
    await orders.getByText('Grace Hopper').waitFor(WAIT);

    // Sorted by total, dearest first; the sort is in the address, so a reload keeps it.
    await page.getByRole('button', { name: 'Sort by total (not sorted)' }).click();
    await expect.poll(() => page.url(), WAIT).toMatch(/sort=total&order=desc/);
    const names = async () =>
      (await orders.getByRole('row').allInnerTexts())
        .map((t) => /Ada Lovelace|Grace Hopper/.exec(t)?.[0])
        .filter(Boolean);
    await expect.poll(names, WAIT).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await page.reload();
    await page.getByRole('button', { name: 'Sort by total (sorted highest first)' }).waitFor(WAIT);
    await shot('lists-05-orders-by-total-1400');

    // Both orders wait for payment: they can be cancelled, not marked as processing.
    await orders.getByRole('checkbox', { name: 'Select all loaded orders' }).check();
    const bar = page.getByRole('region', { name: 'Selected orders' });
    await bar.getByText('2 orders selected').waitFor(WAIT);
    expect(await bar.getByRole('button', { name: 'Mark as processing' }).isDisabled()).toBe(true);
    await orders
      .getByRole('checkbox', { name: /Select order #\d+/ })
      .first()
      .uncheck();
    await bar.getByText('1 order selected').waitFor(WAIT);
    await bar.getByRole('button', { name: 'Cancel orders' }).click();
    await page.getByText(/Cancel 1 order waiting for payment\?/).waitFor(WAIT);
    await shot('lists-05b-orders-bulk-cancel-1400');
    await atWidth(800, () => shot('lists-05b-orders-bulk-cancel-800'));
    await page.getByRole('button', { name: 'Cancel it' }).click();
    await page.getByText('1 order cancelled').waitFor(WAIT);
    await orders.getByText(/cancelled/i).waitFor(WAIT);
  });

  it('imports customers from an Excel workbook, through the same columns and preview', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'officina-xlsx-'));
    const file = join(folder, 'contacts.xlsx');
    writeFileSync(
      file,
      await writeXlsx([
        ['First Name', 'Last Name', 'Email', 'City', 'Country'],
        ['Katherine', 'Johnson', 'katherine@example.com', 'Hampton', 'United States'],
        ['Alan', 'Turing', 'alan@example.com', 'London', 'GB'],
        ['No', 'Address', 'not-an-email', '', ''],
      ]).toBuffer(),
    );
    await nav('Customers').click();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import customers' });
    await chooseFile(dialog, file);
    await dialog.getByText('2 customers ready').waitFor(WAIT);
    expect(await dialog.getByLabel('Imports First Name as').inputValue()).toBe('Name');
    await dialog.getByRole('cell', { name: 'Katherine Johnson' }).waitFor();
    await dialog.getByText('Row 4 · Email: This is not an email address').waitFor();
    await shot('lists-06-import-xlsx-1400');
    await atWidth(800, () => shot('lists-06-import-xlsx-800'));
    await dialog.getByRole('button', { name: 'Import 2 customers' }).click();
    await dialog.getByText(/2 customers imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'Customers' }).getByText('Alan Turing').waitFor(WAIT);
    expect(await api('get_customer', { email: 'katherine@example.com' })).toMatchObject({
      address: { city: 'Hampton', country: 'US' },
    });
  });

  it('sorts documents by size, and tags, moves and trashes ticked ones together', async () => {
    for (const [destination, content] of [
      ['small.txt', 'tiny'],
      ['medium.txt', 'a medium sized note '.repeat(5)],
      ['large.txt', 'a much larger note with more words in it '.repeat(40)],
    ] as const) {
      await api('upload_document', { destination, content });
    }
    await nav('Documents').click();
    const table = page.getByRole('table', { name: 'Documents' });
    await table.getByText('large.txt').waitFor(WAIT);
    const names = async () =>
      (await table.getByRole('row').allInnerTexts())
        .map((t) => /(small|medium|large)\.txt/.exec(t)?.[0])
        .filter(Boolean);
    await page.getByRole('button', { name: 'Sort by size (not sorted)' }).click();
    await expect.poll(names, WAIT).toEqual(['large.txt', 'medium.txt', 'small.txt']);
    await page.getByRole('button', { name: 'Sort by size (sorted highest first)' }).click();
    await expect.poll(names, WAIT).toEqual(['small.txt', 'medium.txt', 'large.txt']);

    await table.getByRole('checkbox', { name: 'Select small.txt' }).check();
    await table.getByRole('checkbox', { name: 'Select medium.txt' }).check();
    const bar = page.getByRole('region', { name: 'Selected documents' });
    await bar.getByText('2 documents selected').waitFor(WAIT);
    await bar.getByRole('button', { name: 'Add tag' }).click();
    await page.getByLabel('Tag to add').fill('notes');
    // Once the popover has faded in.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('.mantine-Popover-dropdown') ?? document.body).opacity === '1',
    );
    await shot('lists-07-documents-bulk-1400');
    await atWidth(800, () => shot('lists-07-documents-bulk-800'));
    await page.getByRole('button', { name: 'Add to 2 documents' }).click();
    await page.getByText('2 documents tagged “notes”').waitFor(WAIT);
    await expect.poll(() => table.getByText('notes').count(), WAIT).toBe(2);

    await table.getByRole('checkbox', { name: 'Select small.txt' }).check();
    await table.getByRole('checkbox', { name: 'Select medium.txt' }).check();
    await bar.getByRole('button', { name: 'Move to folder' }).click();
    await page.getByLabel('Folder in the vault (empty for the top)').fill('archive');
    await page.getByRole('button', { name: 'Move 2 documents' }).click();
    await page.getByText('2 documents moved to archive').waitFor(WAIT);
    await expect.poll(names, WAIT).toEqual(['large.txt']);
    const moved = await api<{ items: { document_id: string; tags: string[] }[] }>('list_documents', {
      path: 'archive',
    });
    expect(moved.items.map((d) => [d.document_id, d.tags])).toEqual([
      ['archive/medium.txt', ['notes']],
      ['archive/small.txt', ['notes']],
    ]);

    await table.getByRole('checkbox', { name: 'Select large.txt' }).check();
    await bar.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByText('1 document moved to the trash').waitFor(WAIT);
    await expect.poll(names, WAIT).toEqual([]);
  });
});
