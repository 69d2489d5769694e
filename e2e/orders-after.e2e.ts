import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

/*
 * What a shop owner does with orders after the first day: imports the same orders file again (only
 * what is new is placed), fixes a discount forgotten when an order was placed, and keeps the invoice
 * among their documents. In Chromium, at 1400 px.
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
  await api('update_settings', { tax_rate_bps: 1000 });
  for (const [name, email] of [
    ['Ada Lovelace', 'ada@example.com'],
    ['Grace Hopper', 'grace@example.com'],
  ]) {
    await api('create_customer', { name, email });
  }
  for (const [sku, name, price] of [
    ['MUG-BLUE', 'Blue mug', 12],
    ['TOWEL-1', 'Tea towel', 25],
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

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

async function chooseFile(dialog: Locator, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: /Choose (a CSV|another)/ }).click(),
  ]);
  await chooser.setFiles(path);
}

async function importOrdersFile(): Promise<Locator> {
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import orders' });
  await chooseFile(dialog, join(FIXTURES, 'shopify-orders.csv'));
  return dialog;
}

describe('Orders after the first day', () => {
  it('imports an orders file twice: the second time only what is new, the rest named as imported before', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url(), WAIT).toBe(`${served.url}/`);
    await nav('Sales').click();
    await page.getByRole('tab', { name: 'Orders' }).click();

    let dialog = await importOrdersFile();
    await dialog.getByText('2 orders ready').waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Import 2 orders' }).click();
    await dialog.getByText(/2 orders imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const placed = await api<{ items: { id: number }[] }>('list_orders', { sort: 'id', order: 'asc' });
    expect(placed.items).toHaveLength(2);
    const [first, second] = placed.items.map((o) => o.id);

    // The missing product is added, and the same file imported again.
    await api('create_product', { sku: 'GIFT-30', name: 'Gift card', price: 30, initial_stock: 5 });
    dialog = await importOrdersFile();
    await dialog.getByText('1 order ready').waitFor(WAIT);
    await dialog.getByText('2 imported before').waitFor(WAIT);
    const before = dialog.getByRole('alert').filter({ hasText: 'Imported before, so left out this time' });
    await before.getByText(`Rows 2, 3: #1001 in the file is already order #${first}`).waitFor(WAIT);
    await before.getByText(`Row 4: #1002 in the file is already order #${second}`).waitFor(WAIT);
    await shot('orders-after-01-import-again-1400');
    await dialog.getByRole('button', { name: 'Import 1 order' }).click();
    await dialog.getByText(/1 order imported/).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const now = await api<{ items: { id: number }[] }>('list_orders', {});
    expect(now.items).toHaveLength(3);
    // The order says where it came from.
    await page.goto(`${served.url}/#/sales/orders/${first}`);
    await page.getByText(/imported as #1001/).waitFor(WAIT);
  });

  it('gives a discount forgotten when the order was placed, seeing the new total first', async () => {
    const customers = await api<{ items: { id: number; name: string }[] }>('list_customers', {});
    const ada = customers.items.find((c) => c.name === 'Ada Lovelace')!;
    const order = await api<{ id: number }>('create_order', {
      customer_id: ada.id,
      items: [{ product_id: 'TOWEL-1', quantity: 2 }],
      shipping_amount: 5,
    });
    await page.goto(`${served.url}/#/sales/orders/${order.id}`);
    const totals = page.getByRole('region', { name: 'Totals' });
    // The total is the figure in bold (the balance due says the same amount until it is paid).
    const total = () => totals.locator('strong').innerText();
    await expect.poll(total, WAIT).toBe('$60.00');

    await totals.getByRole('button', { name: 'Edit discount' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit discount of order #${order.id}` });
    await dialog.getByLabel('Discount', { exact: true }).selectOption('percent');
    await dialog.getByLabel('Percent off').fill('10');
    const preview = dialog.getByLabel('New totals');
    await expect.poll(() => preview.locator('strong').innerText(), WAIT).toBe('$54.50');
    await preview.getByText('(was $60.00)').waitFor(WAIT);
    await shot('orders-after-02-edit-discount-1400');
    await dialog.getByRole('button', { name: 'Save discount' }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await totals.getByText('Discount (10%)').waitFor(WAIT);
    await expect.poll(total, WAIT).toBe('$54.50');
    await shot('orders-after-03-discounted-1400');

    // Once paid, the figures stay: the button is gone.
    await api('process_payment', { order_id: order.id, amount: 54.5, currency: 'USD', payment_method: 'cash' });
    await page.reload();
    await totals.getByText('Balance due').waitFor(WAIT);
    await expect.poll(() => totals.getByRole('button', { name: 'Edit discount' }).count(), WAIT).toBe(0);
  });

  it('keeps the invoice among the documents, says where it went, and opens it from there', async () => {
    const orders = await api<{ items: { id: number }[] }>('list_orders', { sort: 'id', order: 'asc' });
    const order = orders.items[0]!.id;
    await page.goto(`${served.url}/#/sales/orders/${order}`);
    const actions = page.getByRole('group', { name: 'Order actions' });
    await actions.getByRole('button', { name: 'Save to documents' }).click();
    await page.getByRole('menuitem', { name: 'Save the invoice' }).click();
    const notice = page.getByRole('alert').filter({ hasText: `Invoice of order #${order} saved to documents` });
    await notice.getByText(`invoices/invoice-${order}.pdf`).waitFor(WAIT);
    await shot('orders-after-04-invoice-saved-1400');
    expect(existsSync(join(served.vault, 'invoices', `invoice-${order}.pdf`))).toBe(true);

    // Saved again, it never replaces the first: a new name beside it.
    await actions.getByRole('button', { name: 'Save to documents' }).click();
    await page.getByRole('menuitem', { name: 'Save the invoice' }).click();
    await notice.getByText(`invoices/invoice-${order}-2.pdf`).waitFor(WAIT);

    await notice.getByRole('link', { name: 'Open it in Documents' }).click();
    await expect.poll(() => page.url(), WAIT).toContain(`/documents/file/invoices/invoice-${order}-2.pdf`);
    await page.getByText(`Invoice for order #${order}`).first().waitFor(WAIT);
    await shot('orders-after-05-invoice-in-documents-1400');
  });
});
