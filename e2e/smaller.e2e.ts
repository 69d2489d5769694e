import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDocx } from '../test/docx.js';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

// Issue 15, point 10: stock badges and the low-stock filter, discounts and shipping in the New order
// form, the Word preview, and where publishing put a document.

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
  await api('create_customer', {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    address: { line1: '12 Analytical Way', city: 'San Francisco', region: 'CA', postal_code: '94103', country: 'US' },
  });
  await api('create_product', { sku: 'MUG', name: 'Stoneware mug', price: 12.5, weight_kg: 0.4, initial_stock: 50 });
  await api('create_product', { sku: 'VASE', name: 'Glazed vase', price: 40, initial_stock: 3 });
  await api('create_product', { sku: 'LAMP', name: 'Brass lamp', price: 90, initial_stock: 0 });
  await page.goto(served.loginUrl);
  await page.waitForURL(`${served.url}/`);
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
    // The product drawer is still sliding in when its text is there: shown as it ends.
    animations: 'disabled',
  });
}

const productRow = (sku: string) =>
  page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: sku });

describe('the smaller things a shop owner expects', () => {
  it('marks products low or out of stock, and filters to them', async () => {
    await page.goto(`${served.url}/#/sales/products`);
    await productRow('VASE').getByText('Low stock').waitFor();
    await productRow('LAMP').getByText('Out of stock').waitFor();
    expect(
      await productRow('MUG')
        .getByText(/Low stock|Out of stock/)
        .count(),
    ).toBe(0);
    await shot('smaller-01-stock-badges-1400');

    await page.getByLabel('Stock', { exact: true }).selectOption('low');
    await expect.poll(() => page.getByRole('table', { name: 'Products' }).getByRole('row').count()).toBe(2);
    await productRow('VASE').waitFor();
    await shot('smaller-02-low-stock-filter');
    await page.getByLabel('Stock', { exact: true }).selectOption('out');
    await productRow('LAMP').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Products' }).getByRole('row').count()).toBe(2);

    // Each product has its own level: the vase's 3 are enough once its level is 2.
    await productRow('LAMP').click();
    const lamp = page.getByRole('dialog', { name: 'Brass lamp' });
    await lamp.getByText('Out of stock').waitFor();
    await lamp.getByText('5 available or fewer').waitFor();
    await shot('smaller-03-product-detail-out');
    await page.keyboard.press('Escape');
    await page.getByLabel('Stock', { exact: true }).selectOption('');
    await productRow('VASE').click();
    const vase = page.getByRole('dialog', { name: 'Glazed vase' });
    await vase.getByText('Low stock', { exact: true }).waitFor();
    await vase.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Edit Glazed vase' });
    await form.getByLabel('Low stock at').fill('-1');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByLabel('Low stock at').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Low stock at').fill('2');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await vase.getByText('2 available or fewer').waitFor();
    expect(await vase.getByText('Low stock', { exact: true }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await vase.waitFor({ state: 'hidden' });
    await expect.poll(() => productRow('VASE').getByText('Low stock').count()).toBe(0);

    await page.setViewportSize({ width: 800, height: 900 });
    await productRow('LAMP').getByText('Out of stock').waitFor();
    await shot('smaller-04-stock-badges-800');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('quotes shipping and a discount in the New order form, as the order is then priced', async () => {
    await page.goto(`${served.url}/#/sales/orders`);
    await page.getByRole('button', { name: 'New order' }).first().click();
    const form = page.getByRole('dialog', { name: 'New order' });
    await form.getByText('Choose a customer and add items').waitFor();
    await form.getByLabel('Customer').fill('ada');
    await page.getByRole('option', { name: /Ada Lovelace/ }).click();
    await form.getByLabel('Add product').fill('mug');
    await page.getByRole('option', { name: /Stoneware mug/ }).click();
    await form.getByLabel('Quantity of Stoneware mug').fill('4');
    const totals = form.getByLabel('Order totals');
    // 4 × 12.50 = 50.00, tax 10 %, no shipping yet.
    await expect
      .poll(() => totals.textContent())
      .toMatch(/Items\$50\.00.*ShippingNo shipping.*Tax \(10%\)\$5\.00.*Total\$55\.00/);

    // Standard shipping from the rate table: 10 + 0.5 × 1.6 kg + 2 % of 50 = 11.80, to the customer's address.
    await form.getByLabel('Shipping', { exact: true }).selectOption('standard');
    await expect.poll(() => totals.textContent()).toMatch(/Shipping \(standard\)\$11\.80.*Total\$66\.80/);
    await form.getByText(/^Ships to 12 Analytical Way, San Francisco/).waitFor();

    // An amount over the items is refused in the form's words, before anything is placed.
    await form.getByLabel('Discount', { exact: true }).selectOption('amount');
    await form.getByLabel('Amount off (USD)').fill('60');
    await form.getByText('The discount is more than the items come to').waitFor();
    await shot('smaller-05-discount-too-large');

    // 10 % off the items: 45.00 taxed at 10 % = 4.50; + 11.80 shipping = 61.30.
    await form.getByLabel('Discount', { exact: true }).selectOption('percent');
    await form.getByLabel('Percent off').fill('10');
    await expect
      .poll(() => totals.textContent())
      .toMatch(/Items\$50\.00Discount \(10%\)− \$5\.00Shipping \(standard\)\$11\.80Tax \(10%\)\$4\.50Total\$61\.30/);
    await shot('smaller-06-new-order-totals');
    await form.getByRole('button', { name: 'Place order' }).click();
    const placed = page.getByRole('dialog', { name: /Order #1 placed/ });
    await placed.getByText('$61.30').waitFor();
    const order = await api<{ total: number; discount: number; shipping: number; tax: number }>('get_order', {
      order_id: 1,
    });
    expect(order).toMatchObject({ total: 61.3, discount: 5, shipping: 11.8, tax: 4.5 });
    await placed.getByRole('button', { name: 'Open order' }).click();
    await page.getByRole('heading', { name: 'Order #1' }).waitFor();
    await page.getByText('Discount (10%)').waitFor();
    await page.getByText('− $5.00').waitFor();
    await shot('smaller-07-order-detail-discount');

    // The sales report counts the order at what it brings in, and says what was given off.
    const report = await api<{ totals: { gross: number; discounts: number } }>('get_order_analytics', {});
    expect(report.totals).toMatchObject({ gross: 61.3, discounts: 5 });
    await page.goto(`${served.url}/#/sales`);
    await page.getByText('Gross sales are what the orders came to after $5.00 of discounts.').waitFor();
    await page.getByRole('group', { name: 'Sales figures' }).getByText('$61.30').first().waitFor();
    await shot('smaller-08-sales-dashboard-discounts');
  });

  it('shows a Word document as a document, with nothing in it that runs', async () => {
    await api('upload_document', {
      content: (await sampleDocx()).toString('base64'),
      encoding: 'base64',
      destination: 'suppliers/review.docx',
    });
    await page.goto(`${served.url}/#/documents/file/suppliers/review.docx`);
    const word = page.getByRole('document', { name: 'Word document review.docx' });
    await word.waitFor({ timeout: 30_000 });
    await word.getByRole('heading', { name: 'Quarterly supplier review' }).waitFor({ timeout: 30_000 });
    await word.getByRole('cell', { name: 'Acme Ceramics' }).waitFor();
    const link = word.getByRole('link', { name: 'supplier terms' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('href')).toBe('https://example.com/terms');
    expect(await word.getByRole('link', { name: 'a trap' }).count()).toBe(0);
    expect(await word.locator('script, [onclick], [onerror]').count()).toBe(0);
    // The image is the one inside the file, drawn.
    await expect.poll(() => word.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
    await shot('smaller-09-docx-preview');
  });

  it('says where a published document went', async () => {
    await api('upload_document', {
      content: '# Opening hours\n\nOpen **Monday** to Friday.\n',
      destination: 'shop/hours.md',
    });
    await api('submit_for_review', { document_id: 'shop/hours.md' });
    await api('approve_document', { document_id: 'shop/hours.md' });
    await page.goto(`${served.url}/#/documents/file/shop/hours.md`);
    await page
      .getByRole('tablist', { name: 'Document', exact: true })
      .getByRole('tab', { name: 'Review', exact: true })
      .click();
    await page.getByRole('group', { name: 'Review actions' }).getByRole('button', { name: 'Publish' }).click();
    const notice = page.getByTestId('published-notice');
    await notice.getByText('hours.md is published').waitFor();
    const html = join(served.dataDir, 'published', 'shop', 'hours.html');
    await notice.getByText(html, { exact: true }).waitFor();
    await notice.getByText(join(served.dataDir, 'published', 'shop', 'hours.md'), { exact: true }).waitFor();
    // A browser cannot open the file manager: the location is offered to copy instead.
    expect(await notice.getByRole('button', { name: 'Show in folder' }).count()).toBe(0);
    await notice.getByRole('button', { name: 'Copy the page’s location' }).waitFor();
    await shot('smaller-10-published-where');
  });
});
