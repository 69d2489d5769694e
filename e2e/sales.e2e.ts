import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, cellText, columnTexts, launchBrowser, screenshot, startServe, type Served } from './harness.js';

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
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

async function api<T = unknown>(name: string, input: unknown): Promise<T> {
  const response = await served.call(name, input);
  const envelope = (await response.json()) as { ok: boolean; data: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
const tab = (name: string) => page.getByRole('tab', { name });
/** de-DE writes dollars as "12,50 $", with a no-break space. */
const usd = (amount: string) => new RegExp(`^${amount}\\s\\$$`);

/** Toasts pile up in a fast test and cover what a screenshot is for; a person would have seen them go. */
async function shot(name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({
    path: join(OUTPUT_DIR, `${name}.png`),
    style: '.mantine-Notifications-root { visibility: hidden; }',
  });
}

describe('Sales in a browser', () => {
  it('starts with an empty catalogue that says what to do', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await nav('Sales').click();
    await tab('Products').click();
    await page.getByText('No products yet — add your first').waitFor();
    await shot('sales-01-products-empty');
  });

  it('creates a product, showing the server’s message at a bad price', async () => {
    await page.getByRole('button', { name: 'New product' }).click();
    const form = page.getByRole('dialog', { name: 'New product' });
    await form.getByLabel('SKU').fill('MUG-RED');
    await form.getByLabel('Name').fill('Roter Becher');
    await form.getByLabel('Category').fill('Küche');
    await form.getByLabel('Price').fill('12,345');
    await form.getByLabel('Weight (kg)').fill('0,4');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('USD has 2 decimal places').waitFor();
    expect(await form.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    await shot('sales-02-product-price-error');

    await form.getByLabel('Price').fill('12,50');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    const detail = page.getByRole('dialog', { name: 'Roter Becher' });
    await detail.getByText(usd('12,50')).waitFor();
    await page.getByRole('table', { name: 'Products' }).getByText('MUG-RED').waitFor();
  });

  it('adjusts the stock and lists the movement in the ledger', async () => {
    const detail = page.getByRole('dialog', { name: 'Roter Becher' });
    await detail.getByRole('button', { name: 'Adjust stock' }).click();
    const adjust = page.getByRole('dialog', { name: 'Adjust stock of Roter Becher' });
    await adjust.getByLabel('Change').fill('0');
    await adjust.getByRole('button', { name: 'Save adjustment' }).click();
    await adjust.getByText('change cannot be 0').waitFor();
    await adjust.getByLabel('Change').fill('20');
    await adjust.getByLabel('Note').fill('Lieferschein 17');
    await adjust.getByRole('button', { name: 'Save adjustment' }).click();
    await adjust.waitFor({ state: 'hidden' });
    await detail.getByLabel('On hand: 20').waitFor();
    await detail.getByRole('table', { name: 'Stock ledger' }).getByText('received: Lieferschein 17').waitFor();
    await shot('sales-03-product-stock-ledger');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    const row = page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: 'MUG-RED' });
    await expect.poll(() => cellText(row, 'On hand')).toBe('20');
  });

  it('places an order for a customer, showing the server’s totals', async () => {
    await api('create_customer', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      address: { line1: '1 Analytical Way', city: 'London', country: 'GB' },
    });
    await tab('Orders').click();
    await page.getByText('No orders yet — take your first').waitFor();
    await page.getByRole('button', { name: 'New order' }).first().click();
    const form = page.getByRole('dialog', { name: 'New order' });
    await form.getByLabel('Customer').fill('ada');
    await page.getByRole('option', { name: /Ada Lovelace/ }).click();
    await form.getByLabel('Add product').fill('beche');
    await page.getByRole('option', { name: /Roter Becher/ }).click();
    await form.getByLabel('Quantity of Roter Becher').fill('2');
    // No shipping unless asked for: the items are the total, as an assistant's order of the same items.
    const totals = form.getByLabel('Order totals');
    await expect.poll(() => totals.textContent()).toMatch(/Items25,00\s\$.*No shipping.*Total25,00\s\$/);
    // Asked for, it is quoted to the customer's address before the order is placed.
    await form.getByLabel('Shipping', { exact: true }).selectOption('standard');
    await expect.poll(() => totals.textContent()).toMatch(/Shipping \(standard\)10,90\s\$.*Total35,90\s\$/);
    await shot('sales-04-new-order');
    await form.getByRole('button', { name: 'Place order' }).click();
    const placed = page.getByRole('dialog', { name: /Order #1 placed/ });
    // 2 × 12.50 = 25.00; standard shipping 10 + 0.5 × 0.8 kg + 2% × 25 = 10.90; no tax.
    await placed.getByText(usd('25,00')).waitFor();
    await placed.getByText(usd('10,90')).waitFor();
    await placed.getByText(usd('35,90')).waitFor();
    await shot('sales-05-order-placed');
    await placed.getByRole('button', { name: 'Open order' }).click();
    await page.getByRole('heading', { name: 'Order #1' }).waitFor();
    await page.getByText('Balance due').waitFor();
  });

  it('records a payment once, and the order becomes paid', async () => {
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record payment for order #1' });
    expect(await dialog.getByLabel('Amount (USD)').inputValue()).toBe('35,9');
    await dialog.getByLabel('Reference').fill('Überweisung 4711');
    // A double click sends the same idempotency key twice: one payment.
    await dialog.getByRole('button', { name: 'Record payment' }).dblclick();
    await dialog.waitFor({ state: 'hidden' });
    // The status, and beside it where the money stands: both say "Paid".
    await page.getByRole('heading', { name: 'Order #1' }).locator('..').getByText('Paid').first().waitFor();
    await page.getByTestId('payment-status').getByText('Paid').waitFor();
    const payments = await api<{ items: unknown[] }>('list_payments', { order_id: 1 });
    expect(payments.items).toHaveLength(1);
    await page.getByRole('table', { name: 'Payments' }).getByText('Überweisung 4711').waitFor();
  });

  it('moves the order to processing with a note, then ships it', async () => {
    await page.getByRole('button', { name: 'Start processing' }).click();
    const move = page.getByRole('dialog', { name: /Move order #1 to Processing/ });
    await move.getByLabel('Note').fill('wird gepackt');
    await move.getByRole('button', { name: 'Move to Processing' }).click();
    await move.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Order #1' }).locator('..').getByText('Processing').waitFor();

    await page.getByRole('button', { name: 'Create shipment' }).click();
    const ship = page.getByRole('dialog', { name: 'Ship order #1' });
    await ship.getByText('Quoted cost').waitFor();
    await ship.getByText(usd('10,90')).waitFor();
    await ship.getByLabel('Carrier').fill('DHL');
    await ship.getByLabel('Tracking number').fill('JD0001');
    await shot('sales-06-shipment-quote');
    await ship.getByRole('button', { name: 'Create shipment' }).click();
    const created = page.getByRole('dialog', { name: /Shipment #1 created/ });
    await created.getByText('JD0001').waitFor();
    await created.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Order #1' }).locator('..').getByText('Shipped').waitFor();
  });

  it('refunds part of the payment and shows the whole timeline', async () => {
    await page.getByRole('button', { name: 'Refund' }).click();
    const refund = page.getByRole('dialog', { name: 'Refund order #1' });
    await refund.getByText('Refund an amount').click();
    await refund.getByLabel('Amount (USD)').fill('99');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.getByRole('alert').waitFor();
    await refund.getByLabel('Amount (USD)').fill('5');
    await refund.getByLabel('Reason').fill('Henkel angeschlagen');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.waitFor({ state: 'hidden' });
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect.poll(() => totals.locator('dt:has-text("Refunded") + dd').textContent()).toMatch(usd('5,00'));
    // Paid 35.90, refunded 5.00 after it shipped: money given back, not a new debt.
    await expect.poll(() => totals.locator('dt:has-text("Balance due") + dd').textContent()).toMatch(usd('0,00'));
    await expect.poll(() => page.getByRole('button', { name: 'Record payment' }).count()).toBe(0);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    for (const sentence of [
      'Order placed.',
      'Payment of 35.90 USD received by bank transfer (reference Überweisung 4711).',
      'Order is now paid.',
      'Order is now processing: wird gepackt.',
      'Shipment #1 created with 2 × Roter Becher, standard by DHL, tracking JD0001.',
      'Order is now shipped.',
      'Refunded 5.00 USD: Henkel angeschlagen.',
    ]) {
      await timeline.getByText(sentence, { exact: true }).waitFor();
    }
    expect(await timeline.getByText(/by you/).count()).toBeGreaterThanOrEqual(3);
    await shot('sales-07-order-detail');
  });

  it('tracks the shipment to delivered, refusing an illegal move, and the order becomes delivered', async () => {
    const shipment = page.getByRole('form', { name: 'Shipment #1' });
    await shipment.getByText('JD0001').waitFor();
    await shipment.getByText('Created', { exact: true }).waitFor();
    expect(await shipment.getByLabel('New status').inputValue()).toBe('in_transit');
    await shipment.getByLabel('Tracking number').fill('JD0001-DE');
    await shipment.getByRole('button', { name: 'Update' }).click();
    await shipment.getByText('In transit', { exact: true }).waitFor();
    await shipment.getByText('JD0001-DE').waitFor();

    // Back to "created" is not a move the server allows: its message names the allowed ones.
    await shipment.getByLabel('New status').selectOption('created');
    await shipment.getByRole('button', { name: 'Update' }).click();
    await shipment
      .getByRole('alert')
      .getByText(/can become delivered or returned or lost/)
      .waitFor();
    await shipment.getByText('Allowed: delivered, returned, lost').waitFor();
    expect(await shipment.getByLabel('New status').getAttribute('aria-invalid')).toBe('true');

    await shipment.getByLabel('New status').selectOption('delivered');
    await shipment.getByRole('button', { name: 'Update' }).click();
    await shipment.getByText('Delivered', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Order #1' }).locator('..').getByText('Delivered').waitFor();
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('Order is now delivered.', { exact: true })
      .waitFor();
    await shot('sales-07b-shipment-delivered');
  });

  it('has taken the shipped units off the stock in the products table', async () => {
    await page.getByRole('link', { name: 'All orders' }).click();
    await page.getByRole('table', { name: 'Orders' }).getByText('Ada Lovelace').waitFor();
    await shot('sales-08-orders');
    await tab('Products').click();
    const row = page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: 'MUG-RED' });
    await expect.poll(() => cellText(row, 'On hand')).toBe('18');
    expect(await cellText(row, 'Reserved')).toBe('0');
    expect(await cellText(row, 'Available')).toBe('18');
  });

  it('shows the sales figures as charts', async () => {
    await tab('Overview').click();
    const figures = page.getByRole('group', { name: 'Sales figures' });
    await figures.getByText(usd('35,90')).first().waitFor();
    await figures.getByText(usd('30,90')).waitFor();
    await page.locator('svg.recharts-surface').first().waitFor();
    expect(await page.locator('svg.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    await page.getByRole('img', { name: /Top products: Roter Becher/ }).waitFor();
    await shot('sales-09-dashboard');
    const week = page.getByRole('radio', { name: 'Week' });
    await page.locator(`label[for="${await week.getAttribute('id')}"]`).click();
    await expect.poll(() => week.isChecked()).toBe(true);
    await page.locator('svg.recharts-surface').first().waitFor();

    await nav('Dashboard').click();
    const card = page.getByRole('region', { name: 'Sales, last 30 days' });
    await card.getByText(usd('30,90')).waitFor();
    await card.locator('svg.recharts-surface').waitFor();
    await shot('sales-10-main-dashboard');
  });

  it('edits the shipping rates, showing the server’s message at a field, and keeps them', async () => {
    await nav('Sales').click();
    await tab('Shipping rates').click();
    const rates = page.getByRole('region', { name: /Shipping rates \(USD\)/ });
    const base = rates.getByLabel('Base for Standard');
    await expect.poll(() => base.inputValue()).toBe('10');
    await rates.getByText('Default table').waitFor();
    await rates.getByLabel('Per kg for Express').fill('0,755');
    await base.fill('12,5');
    await rates.getByRole('button', { name: 'Save rates' }).click();
    await rates.getByText('USD has 2 decimal places').waitFor();
    expect(await rates.getByLabel('Per kg for Express').getAttribute('aria-invalid')).toBe('true');
    await shot('sales-13-shipping-rates-error');

    await rates.getByLabel('Per kg for Express').fill('0,75');
    await rates.getByRole('button', { name: 'Save rates' }).click();
    await expect.poll(() => rates.getByText('Default table').count()).toBe(0);
    const table = await api<{ rates: { service: string; base: number; per_kg: number }[] }>('get_shipping_rates', {});
    expect(table.rates.find((r) => r.service === 'standard')?.base).toBe(12.5);
    expect(table.rates.find((r) => r.service === 'express')?.per_kg).toBe(0.75);

    await page.reload();
    await expect.poll(() => page.getByLabel('Base for Standard').inputValue()).toBe('12,5');
    expect(await page.getByLabel('Per kg for Express').inputValue()).toBe('0,75');
    await shot('sales-14-shipping-rates');
  });

  it('shows the customer’s sales figures in their drawer', async () => {
    await page.goto(`${served.url}/#/customers/1`);
    const figures = page.getByRole('dialog', { name: 'Ada Lovelace' }).getByRole('region', { name: 'Sales' });
    // Paid 35.90 less the 5.00 refund, over one order.
    await figures.locator('dt:has-text("Received") + dd').getByText(usd('30,90')).waitFor();
    expect(await figures.locator('dt:has-text("Orders") + dd').textContent()).toBe('1');
    await shot('sales-15-customer-figures');
  });

  describe('orders of one customer', () => {
    const people: Record<'grace' | 'alan' | 'emmy', { id: number }> = {} as never;
    const orderTable = () => page.getByRole('table', { name: 'Orders' });
    /** The customer column of every listed order, top to bottom (a handful: all rendered). */
    const customersListed = () => columnTexts(orderTable(), 'Customer');
    const filter = () => page.getByRole('combobox', { name: 'Customer' });

    beforeAll(async () => {
      people.grace = await api('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
      people.alan = await api('create_customer', { name: 'Alan Turing', email: 'alan@example.com' });
      people.emmy = await api('create_customer', { name: 'Emmy Noether', email: 'emmy@example.com' });
      for (const [customer, quantity] of [
        [people.grace, 1],
        [people.alan, 1],
        [people.grace, 2],
      ] as const) {
        await api('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG-RED', quantity }] });
      }
    });

    it('filters the list by a customer found by typing part of the name, and keeps it in the URL', async () => {
      await page.goto(`${served.url}/#/sales/orders`);
      await expect.poll(customersListed).toHaveLength(4);
      await filter().fill('grac');
      await page.getByRole('option', { name: /Grace Hopper/ }).click();
      await expect.poll(customersListed).toEqual(['Grace Hopper', 'Grace Hopper']);
      expect(page.url()).toBe(`${served.url}/#/sales/orders?customer=${people.grace.id}`);
      expect(await filter().inputValue()).toBe('Grace Hopper · grace@example.com');
      await shot('sales-16-orders-by-customer');

      await page.reload();
      await expect.poll(() => filter().inputValue()).toBe('Grace Hopper · grace@example.com');
      await expect.poll(customersListed).toEqual(['Grace Hopper', 'Grace Hopper']);
    });

    it('combines the customer with the status, names the customer when nothing matches, and goes back', async () => {
      await page.getByLabel('Status', { exact: true }).selectOption('delivered');
      await page.getByText('No orders for Grace Hopper match these filters').waitFor();
      expect(page.url()).toBe(`${served.url}/#/sales/orders?customer=${people.grace.id}&status=delivered`);
      await page.goBack();
      await expect.poll(customersListed).toEqual(['Grace Hopper', 'Grace Hopper']);
      expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('all');
      await page.goForward();
      await page.getByText('No orders for Grace Hopper match these filters').waitFor();
      await page.goBack();
      await expect.poll(customersListed).toHaveLength(2);
    });

    it('shows every order again once the customer is cleared', async () => {
      await page.getByRole('button', { name: 'Clear customer filter' }).click();
      await expect.poll(customersListed).toHaveLength(4);
      expect((await customersListed()).sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Grace Hopper']);
      expect(page.url()).toBe(`${served.url}/#/sales/orders`);
      expect(await filter().inputValue()).toBe('');
    });

    it('opens the orders of a customer from their drawer', async () => {
      await page.goto(`${served.url}/#/customers/${people.alan.id}`);
      const drawer = page.getByRole('dialog', { name: 'Alan Turing' });
      await drawer
        .getByRole('region', { name: 'Sales' })
        .locator('dt:has-text("Orders") + dd')
        .getByText('1')
        .waitFor();
      await drawer.getByRole('link', { name: 'See orders' }).click();
      await expect.poll(() => page.url()).toBe(`${served.url}/#/sales/orders?customer=${people.alan.id}`);
      await expect.poll(customersListed).toEqual(['Alan Turing']);
      expect(await filter().inputValue()).toBe('Alan Turing · alan@example.com');
    });

    it('says so, naming the customer, when they have no orders', async () => {
      await page.goto(`${served.url}/#/customers/${people.emmy.id}`);
      const drawer = page.getByRole('dialog', { name: 'Emmy Noether' });
      await drawer.getByText('No orders yet.').waitFor();
      await drawer.getByRole('link', { name: 'See orders' }).click();
      await page.getByText('Emmy Noether has no orders yet').waitFor();
      expect(await orderTable().count()).toBe(0);
      expect(await filter().inputValue()).toBe('Emmy Noether · emmy@example.com');
      await shot('sales-17-customer-without-orders');
      // Placing their first order from here starts with them chosen.
      await page.getByRole('button', { name: 'New order' }).first().click();
      const form = page.getByRole('dialog', { name: 'New order' });
      await expect.poll(() => form.getByLabel('Customer').inputValue()).toBe('Emmy Noether · emmy@example.com');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await form.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Show all orders' }).click();
      await expect.poll(customersListed).toHaveLength(4);
    });
  });

  it('follows the dark colour scheme', async () => {
    const dark = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(await served.newLoginUrl());
    await darkPage.waitForURL(`${served.url}/`);
    await darkPage.goto(`${served.url}/#/sales`);
    await darkPage.locator('svg.recharts-surface').first().waitFor();
    await screenshot(darkPage, 'sales-11-dashboard-dark');
    await darkPage.goto(`${served.url}/#/sales/orders/1`);
    await darkPage.getByRole('heading', { name: 'Order #1' }).waitFor();
    await screenshot(darkPage, 'sales-12-order-dark');
    await dark.close();
  });
});
