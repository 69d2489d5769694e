import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../test/fixture-site.js';
import { columnTexts, launchBrowser, screenshot, startServe, type Served } from './harness.js';

/*
 * Issue 15, points 2, 5 and 8: every list sorts by its column headers (the server sorts, so every page
 * is in order; the header says the direction with aria-sort), the orders list filters by payment and
 * fulfilment in people's words, and the orders table keeps its key columns in an 800 px window.
 */

const WAIT = { timeout: 30_000 };
const site = new FixtureSite();
let served: Served;
let browser: Browser;
let page: Page;
let claude: Client;

async function api<T = { id: number }>(name: string, input: unknown): Promise<T> {
  const body = (await (await served.call(name, input)).json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.data;
}

async function tool(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await claude.callTool({ name, arguments: args })) as CallToolResult;
}

beforeAll(async () => {
  await site.start();
  site.page('/apples', '<main><p>Apples are in season.</p></main>');
  let bread = '$1';
  site.routes.set('/bread', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<main><p>Bread costs ${bread}.</p></main>`),
  );
  site.page('/cherries', '<main><p>Cherries are gone.</p></main>');
  served = await startServe({ args: ['--allow-private-hosts', '127.0.0.1'] });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })).newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  claude = new Client({ name: 'claude-ai', version: '1.0.0' });
  await claude.connect(
    new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${served.token}` } },
    }),
  );

  // Orders in each state a shop meets: unpaid, paid, paid and shipped, partly refunded.
  const ada = await api('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com' });
  const grace = await api('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
  await api('create_product', { sku: 'MUG-1', name: 'Blue mug', price: 10, initial_stock: 50 });
  const order = (customer: { id: number }, quantity: number) =>
    api<{ id: number; total: number }>('create_order', {
      customer_id: customer.id,
      items: [{ product_id: 'MUG-1', quantity }],
    });
  const pay = (o: { id: number; total: number }) =>
    api<{ transaction_id: string }>('process_payment', {
      order_id: o.id,
      amount: o.total,
      currency: 'USD',
      payment_method: 'cash',
    });
  await order(ada, 1);
  await pay(await order(grace, 2));
  const shipped = await order(ada, 3);
  await pay(shipped);
  await api('create_shipment', {
    order_id: shipped.id,
    service: 'standard',
    destination: { line1: '1 Loom Lane', city: 'London', postal_code: 'N1 1AA', country: 'GB' },
  });
  const refunded = await order(grace, 4);
  const payment = await pay(refunded);
  await api('refund_payment', { transaction_id: payment.transaction_id, amount: 5, reason: 'Chipped' });

  // Watched pages: one changes, one is paused.
  const watch = (path: string, name: string) =>
    api<{ monitor: { id: number } }>('monitor_website_changes', { url: site.url(path), name });
  const breadMonitor = (await watch('/bread', 'bread')).monitor;
  await watch('/apples', 'Apples');
  const cherries = (await watch('/cherries', 'Cherries')).monitor;
  bread = '$2';
  await api('check_monitor_now', { monitor_id: breadMonitor.id });
  await api('update_monitor', { monitor_id: cherries.id, enabled: false });

  // Workflows: one run, one never run.
  const step = { id: 'one', name: 'One', tool_name: 'list_customers', parameters: {} };
  await api('create_workflow', { workflow_id: 'zebra', name: 'Zebra report', steps: [step] });
  await api('create_workflow', { workflow_id: 'apple', name: 'apple sync', steps: [step] });
  await api('execute_workflow', { workflow_id: 'zebra', wait: true });

  // The trash: a customer and a product.
  const mia = await api('create_customer', { name: 'mia Rossi', email: 'mia@example.com' });
  await api('delete_customer', { customer_id: mia.id });
  const kettle = await api('create_product', { sku: 'KET-1', name: 'Kettle', price: 20 });
  await api('delete_product', { product_id: kettle.id });

  // The assistant's own work, one of it refused.
  expect((await tool('create_customer', { name: 'Zora Neale', email: 'zora@example.com' })).isError).toBeFalsy();
  expect((await tool('create_customer', { name: 'Ada again', email: 'ada@example.com' })).isError).toBe(true);
}, 120_000);

afterAll(async () => {
  await claude?.close();
  await browser?.close();
  await served?.stop();
  await site.close();
});

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function atWidth(width: number, run: () => Promise<void>): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  try {
    await run();
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
}

/** The header cell of a column: its aria-sort says how the list is sorted. */
const headerCell = (table: Locator, label: string) =>
  table.locator('thead th').filter({ has: page.getByRole('button', { name: new RegExp(`^Sort by ${label} \\(`) }) });

/** Whether a table is wider than its frame (a table that scrolls sideways inside itself). */
const overflows = (table: Locator) =>
  table.evaluate((element) => {
    const frame = element.parentElement as HTMLElement;
    return element.getBoundingClientRect().width > frame.clientWidth + 1;
  });

describe('sorting every list by its column headers', () => {
  it('filters orders by payment and fulfilment, in words, kept in the address', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url(), WAIT).toBe(`${served.url}/`);
    await nav('Sales');
    await page.getByRole('tab', { name: 'Orders' }).click();
    const orders = page.getByRole('table', { name: 'Orders' });
    await expect.poll(() => columnTexts(orders, 'Order'), WAIT).toEqual(['#4', '#3', '#2', '#1']);
    expect(await columnTexts(orders, 'Payment & fulfilment')).toEqual([
      'Partially refunded\nUnfulfilled',
      'Paid\nFulfilled',
      'Paid\nUnfulfilled',
      'Unpaid\nUnfulfilled',
    ]);
    await screenshot(page, 'sorting-01-orders-1400');

    await page.getByRole('combobox', { name: 'Payment' }).selectOption({ label: 'Partially refunded' });
    await expect.poll(() => columnTexts(orders, 'Order'), WAIT).toEqual(['#4']);
    expect(page.url()).toContain('payment=partially_refunded');

    await page.getByRole('combobox', { name: 'Payment' }).selectOption({ label: 'Paid' });
    await page.getByRole('combobox', { name: 'Fulfilment' }).selectOption({ label: 'Unfulfilled' });
    await expect.poll(() => columnTexts(orders, 'Order'), WAIT).toEqual(['#2']);
    expect(page.url()).toMatch(/payment=paid&fulfilment=unfulfilled|fulfilment=unfulfilled.*payment=paid/);
    // With a customer too: Grace's paid, unfulfilled order; none of Ada's.
    await page.reload();
    await expect.poll(() => columnTexts(orders, 'Order'), WAIT).toEqual(['#2']);
    expect(await page.getByRole('combobox', { name: 'Fulfilment' }).inputValue()).toBe('unfulfilled');
    await screenshot(page, 'sorting-02-orders-filtered-1400');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => columnTexts(orders, 'Order'), WAIT).toHaveLength(4);
  });

  it('sorts orders by customer, and keeps the key columns in an 800 px window', async () => {
    const orders = page.getByRole('table', { name: 'Orders' });
    await page.getByRole('button', { name: 'Sort by customer (not sorted)' }).click();
    await expect
      .poll(() => columnTexts(orders, 'Customer'), WAIT)
      .toEqual(['Ada Lovelace', 'Ada Lovelace', 'Grace Hopper', 'Grace Hopper']);
    expect(await headerCell(orders, 'customer').getAttribute('aria-sort')).toBe('ascending');
    expect(await headerCell(orders, 'placed').getAttribute('aria-sort')).toBeNull();

    await atWidth(800, async () => {
      // The date, item count and amount paid step aside (the order's page has them); the payment and
      // fulfilment stay beside the status, and nothing scrolls sideways.
      await expect.poll(() => overflows(orders), WAIT).toBe(false);
      const headers = (await orders.locator('thead th').allInnerTexts()).map((t) => t.trim());
      expect(headers).toEqual(['', 'Order', 'Status', 'Payment & fulfilment', 'Customer', 'Total']);
      expect(await columnTexts(orders, 'Payment & fulfilment')).toContain('Partially refunded\nUnfulfilled');
      expect(await columnTexts(orders, 'Customer')).toContain('Grace Hopper');
      await screenshot(page, 'sorting-03-orders-800');
    });
  });

  it('sorts the activity log by time, by who acted and by outcome', async () => {
    await nav('Activity');
    const activity = page.getByRole('table', { name: 'Activity' });
    await activity
      .getByText(/^Claude .*Zora Neale/)
      .first()
      .waitFor(WAIT);
    const outcomes = () => columnTexts(activity, 'Outcome');
    // The refused call is logged a moment later, with the next batch.
    await expect.poll(async () => (await outcomes()).filter((o) => o !== 'Done'), WAIT).toHaveLength(1);
    const time = headerCell(activity, 'time');
    expect(await time.getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('button', { name: 'Sort by outcome (not sorted)' }).click();
    await expect.poll(async () => (await outcomes())[0], WAIT).not.toBe('Done');
    expect(await headerCell(activity, 'outcome').getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Sort by outcome (sorted problems first)' }).click();
    await expect.poll(async () => (await outcomes()).at(-1), WAIT).not.toBe('Done');

    // By who acted, as the sentences name them, from the keyboard: Claude before You, then the other way.
    const firstSentence = async () => (await columnTexts(activity, 'What happened'))[0];
    await page.getByRole('button', { name: 'Sort by who acted (not sorted)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(firstSentence, WAIT).toMatch(/^Claude /);
    expect(await headerCell(activity, 'who acted').getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Sort by who acted (sorted A to Z)' }).press('Enter');
    await expect.poll(firstSentence, WAIT).toMatch(/^You /);
    await screenshot(page, 'sorting-04-activity-by-who-1400');
    await atWidth(800, async () => {
      await expect.poll(() => overflows(activity), WAIT).toBe(false);
      await screenshot(page, 'sorting-05-activity-800');
    });
  });

  it('sorts the watched pages by name, status and last change', async () => {
    await nav('Scraper');
    await page.getByRole('tab', { name: /Watched/ }).click();
    const watched = page.getByRole('table', { name: 'Watched pages' });
    const pages = async () => (await columnTexts(watched, 'Page')).map((text) => text.split('\n')[0]);
    await expect.poll(pages, WAIT).toEqual(['Cherries', 'Apples', 'bread']);

    await page.getByRole('button', { name: 'Sort by name (not sorted)' }).click();
    await expect.poll(pages, WAIT).toEqual(['Apples', 'bread', 'Cherries']);
    await page.getByRole('button', { name: 'Sort by name (sorted A to Z)' }).click();
    await expect.poll(pages, WAIT).toEqual(['Cherries', 'bread', 'Apples']);
    expect(await headerCell(watched, 'name').getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('button', { name: 'Sort by status (not sorted)' }).click();
    await expect.poll(pages, WAIT).toEqual(['bread', 'Apples', 'Cherries']);
    await page.getByRole('button', { name: 'Sort by last change (not sorted)' }).click();
    await expect.poll(async () => (await pages())[0], WAIT).toBe('bread');
    await screenshot(page, 'sorting-06-watched-1400');
    await atWidth(800, () => screenshot(page, 'sorting-07-watched-800'));
  });

  it('sorts workflows by name and by last run', async () => {
    await nav('Workflows');
    const workflows = page.getByRole('table', { name: 'Workflows' });
    const names = async () => (await columnTexts(workflows, 'Workflow')).map((text) => text.split('\n')[0]);
    await expect.poll(names, WAIT).toEqual(['apple sync', 'Zebra report']);
    expect(await headerCell(workflows, 'name').getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Sort by name (sorted A to Z)' }).click();
    await expect.poll(names, WAIT).toEqual(['Zebra report', 'apple sync']);
    await page.getByRole('button', { name: 'Sort by name (sorted Z to A)' }).click();
    await expect.poll(names, WAIT).toEqual(['apple sync', 'Zebra report']);
    // Newest run first; never run last.
    await page.getByRole('button', { name: 'Sort by last run (not sorted)' }).click();
    await expect.poll(names, WAIT).toEqual(['Zebra report', 'apple sync']);
    await page.getByRole('button', { name: 'Sort by last run (sorted newest first)' }).click();
    await expect.poll(names, WAIT).toEqual(['Zebra report', 'apple sync']);
    expect(await headerCell(workflows, 'last run').getAttribute('aria-sort')).toBe('ascending');
    await screenshot(page, 'sorting-08-workflows-1400');
    await atWidth(800, () => screenshot(page, 'sorting-09-workflows-800'));
  });

  it('sorts the trash by name and by kind', async () => {
    await nav('Trash');
    const trash = page.getByRole('table', { name: 'Trash' });
    await expect.poll(() => columnTexts(trash, 'Name'), WAIT).toEqual(['Kettle', 'mia Rossi']);
    await page.getByRole('button', { name: 'Sort by name (not sorted)' }).click();
    await expect.poll(() => columnTexts(trash, 'Name'), WAIT).toEqual(['Kettle', 'mia Rossi']);
    await page.getByRole('button', { name: 'Sort by name (sorted A to Z)' }).click();
    await expect.poll(() => columnTexts(trash, 'Name'), WAIT).toEqual(['mia Rossi', 'Kettle']);
    await page.getByRole('button', { name: 'Sort by kind (not sorted)' }).click();
    await expect.poll(() => columnTexts(trash, 'Kind'), WAIT).toEqual(['Customer', 'Product']);
    expect(await headerCell(trash, 'kind').getAttribute('aria-sort')).toBe('ascending');
    await screenshot(page, 'sorting-10-trash-1400');
    await atWidth(800, () => screenshot(page, 'sorting-11-trash-800'));
  });
});
