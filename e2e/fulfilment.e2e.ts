import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, cellText, launchBrowser, startServe, type Served } from './harness.js';

/*
 * Issue 15, point 2, as a shop owner does it: part of an order ships, the rest ships later, one item
 * comes back and is refunded with its stock returned, and the invoice is downloaded as a PDF.
 */

let served: Served;
let browser: Browser;
let page: Page;
let orderId: number;

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

const header = () => page.getByRole('heading', { name: `Order #${orderId}` }).locator('..');
const onHand = async (sku: string) =>
  (await api<{ stock: { on_hand: number } }>('get_product_details', { product_id: sku })).stock.on_hand;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    colorScheme: 'light',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await api('update_settings', {
    tax_rate_bps: 1000,
    business_name: 'Bottega Rossi',
    business_address: '12 Via Roma\n00184 Roma',
    business_tax_id: 'IT01234567890',
  });
  const customer = await api<{ id: number }>('create_customer', {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    address: { line1: '1 Analytical Way', city: 'London', postal_code: 'N1 9GU', country: 'GB' },
  });
  await api('create_product', { sku: 'MUG-RED', name: 'Red mug', price: 12.5, weight_kg: 0.4, initial_stock: 10 });
  await api('create_product', { sku: 'TEE-L', name: 'T-shirt large', price: 20, weight_kg: 0.2, initial_stock: 5 });
  const order = await api<{ id: number; total: number }>('create_order', {
    customer_id: customer.id,
    items: [
      { product_id: 'MUG-RED', quantity: 3 },
      { product_id: 'TEE-L', quantity: 2 },
    ],
  });
  orderId = order.id;
  await api('process_payment', { order_id: order.id, amount: order.total, currency: 'USD', payment_method: 'cash' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('Fulfilment in a browser', () => {
  it('ships part of an order, and the order says it is partially fulfilled', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${served.url}/`);
    await page.goto(`${served.url}/#/sales/orders/${orderId}`);
    await header().getByTestId('fulfillment-status').getByText('Unfulfilled').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Create shipment' }).click();
    const ship = page.getByRole('dialog', { name: `Ship order #${orderId}` });
    const items = ship.getByRole('table', { name: 'Items to ship' });
    expect(await ship.getByLabel('Ship now: Red mug').inputValue()).toBe('3');
    await ship.getByLabel('Ship now: Red mug').fill('4');
    await ship.getByLabel('Ship now: T-shirt large').fill('0');
    await ship.getByRole('button', { name: 'Create shipment' }).click();
    await items.getByText('Only 3 are left to ship').waitFor();
    await ship.getByLabel('Ship now: Red mug').fill('2');
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByText('Quoted cost').waitFor({ timeout: 30_000 });
    await shot('fulfil-01-ship-part-1400');

    // Closing with what was typed asks first; keeping on goes back to the form as it was.
    await page.keyboard.press('Escape');
    const discard = page.getByRole('dialog', { name: 'Discard your changes?' });
    await discard.getByRole('button', { name: 'Keep editing' }).click();
    await discard.waitFor({ state: 'hidden' });
    expect(await ship.getByLabel('Carrier').inputValue()).toBe('DHL');

    await ship.getByRole('button', { name: 'Create shipment' }).click();
    const created = page.getByRole('dialog', { name: /Shipment #1 created/ });
    await created.getByText('2 × Red mug').waitFor({ timeout: 30_000 });
    await created.getByRole('button', { name: 'Done' }).click();
    await header().getByTestId('fulfillment-status').getByText('Partially fulfilled').waitFor({ timeout: 30_000 });
    await header().getByTestId('payment-status').getByText('Paid').waitFor();
    const items2 = page.getByRole('table', { name: 'Order items' });
    await expect.poll(() => cellText(items2.getByRole('row').filter({ hasText: 'Red mug' }), 'Shipped')).toBe('2');
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('Shipment #1 created with 2 × Red mug, standard by DHL.')
      .waitFor();
    await shot('fulfil-02-partially-fulfilled-1400');
  });

  it('shows the badges in the orders list, at 1400 and at 800 px', async () => {
    await page.getByRole('link', { name: 'All orders' }).click();
    const row = page.getByRole('table', { name: 'Orders' }).getByRole('row').filter({ hasText: 'Ada Lovelace' });
    await row.getByText('Partially fulfilled').waitFor({ timeout: 30_000 });
    await row.getByText('Paid', { exact: true }).first().waitFor();
    await shot('fulfil-03-orders-list-1400');
    await page.setViewportSize({ width: 800, height: 1000 });
    await row.getByText('Partially fulfilled').waitFor();
    // In view, not scrolled off to the right of a narrow window.
    const badge = await row.getByText('Partially fulfilled').boundingBox();
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(800);
    await shot('fulfil-04-orders-list-800');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await row.getByText(`#${orderId}`).click();
    await header().waitFor();
  });

  it('ships the rest, and the order is fulfilled', async () => {
    await page.getByRole('button', { name: 'Create shipment' }).click();
    const ship = page.getByRole('dialog', { name: `Ship order #${orderId}` });
    expect(await ship.getByLabel('Ship now: Red mug').inputValue()).toBe('1');
    expect(await ship.getByLabel('Ship now: T-shirt large').inputValue()).toBe('2');
    await ship.getByLabel('Tracking number').fill('1Z999');
    await ship.getByRole('button', { name: 'Create shipment' }).click();
    await page
      .getByRole('dialog', { name: /Shipment #2 created/ })
      .getByRole('button', { name: 'Done' })
      .click();
    await header()
      .getByTestId('fulfillment-status')
      .getByText('Fulfilled', { exact: true })
      .waitFor({ timeout: 30_000 });
    await header().getByText('Shipped').waitFor();
  });

  it('refunds a returned item and puts it back in stock', async () => {
    const before = await onHand('TEE-L');
    await page.getByRole('button', { name: 'Refund' }).click();
    const refund = page.getByRole('dialog', { name: `Refund order #${orderId}` });
    await refund.getByLabel('Refund: T-shirt large').fill('3');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.getByText('Only 2 can still be refunded').waitFor();
    await refund.getByLabel('Refund: T-shirt large').fill('1');
    // 20.00 with 10% tax.
    await refund.getByText(/Refund about \$22\.00/).waitFor();
    expect(await refund.getByLabel('Put returned items back in stock').isChecked()).toBe(true);
    await refund.getByLabel('Reason').fill('Wrong size');
    await shot('fulfil-05-refund-by-item-1400');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.waitFor({ state: 'hidden', timeout: 30_000 });

    await header().getByTestId('payment-status').getByText('Partially refunded').waitFor({ timeout: 30_000 });
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Refunded 22.00 USD for 1 × T-shirt large (1 back in stock): Wrong size.').waitFor();
    expect(await onHand('TEE-L')).toBe(before + 1);
    const tee = page.getByRole('table', { name: 'Order items' }).getByRole('row').filter({ hasText: 'T-shirt large' });
    await expect.poll(() => cellText(tee, 'Refunded')).toBe('1');
    await shot('fulfil-06-order-detail-1400');
    await page.setViewportSize({ width: 800, height: 1000 });
    await header().waitFor();
    await shot('fulfil-07-order-detail-800');
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('downloads the invoice as a PDF with the business, the lines and the totals', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Invoice (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`invoice-${orderId}.pdf`);
    const path = join(OUTPUT_DIR, `fulfil-invoice-${orderId}.pdf`);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await download.saveAs(path);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(path)));
    const content = await (await pdf.getPage(1)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    for (const expected of [
      'Bottega Rossi',
      'IT01234567890',
      `Order #${orderId}`,
      'Ada Lovelace',
      'Red mug',
      'T-shirt large',
      '$77.50',
      '$7.75',
      '$85.25',
      '$22.00',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('downloads the packing slip as a PDF: what to pack and what is left to ship, without prices', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Packing slip (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`packing-slip-${orderId}.pdf`);
    const path = join(OUTPUT_DIR, `fulfil-packing-slip-${orderId}.pdf`);
    await download.saveAs(path);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(path)));
    const content = await (await pdf.getPage(1)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    for (const expected of [
      'Packing slip',
      `Order #${orderId}`,
      'Ada Lovelace',
      'Red mug',
      'T-shirt large',
      'To ship',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('$');
  });
});
