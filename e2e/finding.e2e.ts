import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../shared/customers.js';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Issue 15, point 5: one search over everything (Ctrl/Cmd+K), customers found by phone, city and tag,
// and the keyboard shortcuts listed under "?".

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function api<T>(name: string, input: unknown): Promise<T> {
  const body = (await (await served.call(name, input)).json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.data;
}

let ana: Customer;
let orderId: number;

const searchBox = () => page.getByPlaceholder(/Search customers, orders/);

/** Ctrl+K opens the search (it toggles: wait until the last one has closed), then the text is typed. */
async function openSearch(text: string) {
  await searchBox().waitFor({ state: 'hidden' });
  await page.keyboard.press('Control+K');
  await searchBox().waitFor();
  await searchBox().fill(text);
}

describe('finding things', () => {
  it('finds customers, an order by its number, a product by SKU and a document from one box', async () => {
    ana = await api<Customer>('create_customer', {
      name: 'Ana Ruiz',
      email: 'ana@example.com',
      phone: '+1 (415) 555-0132',
      address: { line1: '1 Calle Mayor', city: 'Valladolid', country: 'ES' },
      tags: ['wholesale'],
    });
    await api('create_customer', {
      name: 'Bo Chen',
      email: 'bo@example.com',
      phone: '020 7946 0958',
      tags: ['retail'],
    });
    await api('create_product', { sku: 'MUG-7', name: 'Stoneware mug', price: 14, initial_stock: 10 });
    orderId = (
      await api<{ id: number }>('create_order', { customer_id: ana.id, items: [{ product_id: 'MUG-7', quantity: 2 }] })
    ).id;
    await api('upload_document', {
      content: '# Price list\n\nWholesale prices for 2026.\n',
      destination: 'price-list.md',
    });

    await page.goto(served.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    await openSearch('MUG-7');
    const product = page.getByRole('button', { name: 'Stoneware mug' });
    await product.waitFor();
    await screenshot(page, 'day1-search-01-product-1400');
    await product.click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/#\/sales\/products\/\d+$/);
    await page.getByRole('dialog', { name: 'Stoneware mug' }).waitFor();
    await page.keyboard.press('Escape');

    await openSearch(`#${orderId}`);
    await page.getByRole('button', { name: `Order #${orderId}` }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(new RegExp(`#/sales/orders/${orderId}$`));

    await openSearch('wholesale');
    // The tag finds the customer; the word finds the document.
    await page.getByRole('button', { name: 'Ana Ruiz' }).waitFor();
    await page.getByRole('button', { name: /price-list|Price list/ }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'day1-search-02-everything-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await screenshot(page, 'day1-search-03-everything-800');
    await page.setViewportSize({ width: 1400, height: 900 });
    await searchBox().waitFor();
    await page.getByRole('button', { name: 'Ana Ruiz' }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(new RegExp(`#/customers/${ana.id}$`));
    await page.getByRole('dialog', { name: 'Ana Ruiz' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('finds customers by phone and city in the customers list, and filters them by tag', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    const table = page.getByRole('table', { name: 'Customers' });
    const search = page.getByLabel('Search customers');
    await search.fill('555 0132');
    await expect.poll(() => table.getByText('Bo Chen').count(), { timeout: 20_000 }).toBe(0);
    await table.getByText('Ana Ruiz').waitFor();
    await search.fill('7946');
    await table.getByText('Bo Chen').waitFor();
    await expect.poll(() => table.getByText('Ana Ruiz').count(), { timeout: 20_000 }).toBe(0);
    await search.fill('valladolid');
    await table.getByText('Ana Ruiz').waitFor();
    await expect.poll(() => table.getByText('Bo Chen').count(), { timeout: 20_000 }).toBe(0);
    await screenshot(page, 'day1-search-04-customers-by-city-1400');
    await search.fill('');

    // The tag filter lists the tags customers carry.
    await page.getByRole('combobox', { name: 'Tag' }).click();
    await page.getByRole('option', { name: 'retail (1)' }).click();
    await table.getByText('Bo Chen').waitFor();
    await expect.poll(() => table.getByText('Ana Ruiz').count(), { timeout: 20_000 }).toBe(0);
    await screenshot(page, 'day1-search-05-tag-filter-1400');
    await page.getByRole('combobox', { name: 'Tag' }).click();
    await page.getByRole('option', { name: 'wholesale (1)' }).click();
    await table.getByText('Ana Ruiz').waitFor();
    await expect.poll(() => table.getByText('Bo Chen').count(), { timeout: 20_000 }).toBe(0);
  });

  it('lists the keyboard shortcuts under "?"', async () => {
    await page.locator('body').click({ position: { x: 700, y: 600 } });
    await page.keyboard.press('Shift+Slash');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Search customers, orders, products and documents').waitFor();
    await screenshot(page, 'day1-search-06-shortcuts-1400');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    // Typing "?" in a field types it.
    const search = page.getByLabel('Search customers');
    await search.fill('');
    await search.type('?');
    expect(await help.isVisible()).toBe(false);
    expect(await search.inputValue()).toBe('?');
  });
});
