import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../shared/customers.js';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Issue 15, point 3: the activity log reads as sentences, hides reads, filters by who and by kind of
// record, undoes the assistant's changes; deleted customers and products wait in a trash.

let served: Served;
let browser: Browser;
let page: Page;
let claude: Client;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  claude = new Client({ name: 'claude-ai', version: '1.0.0' });
  await claude.connect(
    new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${served.token}` } },
    }),
  );
});

afterAll(async () => {
  await claude?.close();
  await browser?.close();
  await served?.stop();
});

async function api<T>(name: string, input: unknown): Promise<T> {
  const body = (await (await served.call(name, input)).json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.data;
}

async function tool<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await claude.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const activity = () => page.getByRole('table', { name: 'Activity' });
const entry = (text: string) => activity().getByText(text, { exact: true }).first();

/** Mantine hides switch and segment inputs visually; a person clicks their label. */
async function clickLabelOf(input: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).first().click();
}

let ada: Customer;
let badPhone: Customer;

describe('the activity log as sentences, with undo and a trash', () => {
  it('tells what the assistant did in sentences, with the names the records had', async () => {
    await page.goto(served.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    ada = await api<Customer>('create_customer', {
      name: 'Ada Byron',
      email: 'ada@example.com',
      phone: '+1 415 555 0100',
    });
    badPhone = await api<Customer>('create_customer', { name: 'Bad Phone Co', email: 'spam@badphone.test' });
    await api('create_product', { sku: 'MUG-1', name: 'Blue mug', price: 12 });

    await tool('get_customer', { customer_id: ada.id });
    await tool('update_customer', { customer_id: ada.id, name: 'Ada Lovelace', phone: null, tags: ['vip'] });
    await tool('delete_customer', { customer_id: badPhone.id });

    await nav('Activity');
    await entry('Claude deleted customer Bad Phone Co').waitFor();
    await entry('Claude changed customer Ada Byron').waitFor();
    await entry('You added customer Ada Byron').waitFor();
    // Reads are hidden until asked for; then the assistant's show, never the app's own.
    expect(await activity().getByText('Claude looked at customer Ada Byron').count()).toBe(0);
    await screenshot(page, 'day1-activity-01-sentences-1400');
    await clickLabelOf(page.getByRole('switch', { name: 'Show what assistants looked at' }));
    await entry('Claude looked at customer Ada Byron').waitFor();
    expect(
      await activity()
        .getByText(/^You looked/)
        .count(),
    ).toBe(0);
    await screenshot(page, 'day1-activity-02-with-reads-1400');
    await clickLabelOf(page.getByRole('switch', { name: 'Show what assistants looked at' }));
    await expect
      .poll(() => activity().getByText('Claude looked at customer Ada Byron').count(), { timeout: 20_000 })
      .toBe(0);
  });

  it('filters by who and by kind of record', async () => {
    await page
      .getByRole('textbox', { name: 'Kind of record' })
      .or(page.getByLabel('Kind of record', { exact: true }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Products' }).click();
    await entry('You added product Blue mug').waitFor();
    await expect
      .poll(
        () =>
          activity()
            .getByText(/customer/)
            .count(),
        { timeout: 20_000 },
      )
      .toBe(0);
    await page
      .getByRole('textbox', { name: 'Kind of record' })
      .or(page.getByLabel('Kind of record', { exact: true }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Customers' }).click();
    await page.getByLabel('Who', { exact: true }).first().click();
    await page.getByRole('option', { name: /^Claude/ }).click();
    await entry('Claude deleted customer Bad Phone Co').waitFor();
    await expect.poll(() => activity().getByText(/^You /).count(), { timeout: 20_000 }).toBe(0);
    await screenshot(page, 'day1-activity-03-filtered-1400');
  });

  it('shows before and after of the assistant’s change, and undoes it', async () => {
    await entry('Claude changed customer Ada Byron').click();
    const drawer = page.getByRole('dialog', { name: 'Claude changed customer Ada Byron' });
    const changes = drawer.getByRole('table', { name: 'What changed' });
    await changes.getByRole('row', { name: 'Name Ada Byron Ada Lovelace' }).waitFor();
    await changes.getByRole('row', { name: 'Phone +1 415 555 0100 —' }).waitFor();
    await changes.getByRole('row', { name: 'Tags — vip' }).waitFor();
    expect(await drawer.getByText('update_customer').isVisible()).toBe(false);
    await screenshot(page, 'day1-activity-04-changes-1400');
    await drawer.getByRole('button', { name: 'Undo' }).click();
    await drawer.getByText('Undone', { exact: true }).waitFor();
    const now = await api<Customer>('get_customer', { customer_id: ada.id });
    expect(now).toMatchObject({ name: 'Ada Byron', phone: '+1 415 555 0100', tags: [] });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('undoes a deletion by restoring from the trash, and refuses an undo the record has moved past', async () => {
    await entry('Claude deleted customer Bad Phone Co').click();
    let drawer = page.getByRole('dialog', { name: 'Claude deleted customer Bad Phone Co' });
    await drawer.getByRole('button', { name: 'Undo' }).click();
    await drawer.getByText('Undone', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await nav('Customers');
    await page.getByRole('table', { name: 'Customers' }).getByText('Bad Phone Co').waitFor();

    // The assistant changes Ada again; the person then renames her: undoing the assistant's change would
    // overwrite the person's, so it is refused, saying why.
    await tool('update_customer', { customer_id: ada.id, name: 'A. Byron' });
    await api('update_customer', { customer_id: ada.id, name: 'Ada King' });
    await nav('Activity');
    // The first change (undone above) and this one: the newest is on top.
    await expect
      .poll(() => activity().getByText('Claude changed customer Ada Byron', { exact: true }).count(), {
        timeout: 10_000,
      })
      .toBe(2);
    await activity().getByText('Claude changed customer Ada Byron', { exact: true }).first().click();
    drawer = page.getByRole('dialog', { name: 'Claude changed customer Ada Byron' });
    await drawer.getByRole('row', { name: 'Name Ada Byron A. Byron' }).waitFor();
    await drawer.getByRole('button', { name: 'Undo' }).click();
    await drawer.getByText(/was changed after this; undoing it now would overwrite that later change/).waitFor();
    await screenshot(page, 'day1-activity-05-undo-refused-1400');
    expect((await api<Customer>('get_customer', { customer_id: ada.id })).name).toBe('Ada King');
    await page.keyboard.press('Escape');
  });

  it('keeps deleted customers and products in a trash, to restore or delete for good', async () => {
    await nav('Customers');
    await page.getByRole('table', { name: 'Customers' }).getByText('Bad Phone Co').click();
    await page.getByRole('dialog', { name: 'Bad Phone Co' }).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete customer?' });
    await confirm.getByText(/restore them from the trash/).waitFor();
    await confirm.getByRole('button', { name: 'Move to trash' }).click();
    await confirm.waitFor({ state: 'hidden' });

    await nav('Sales');
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByText('Blue mug').first().click();
    await page.getByRole('dialog', { name: 'Blue mug' }).getByRole('button', { name: 'Move to trash' }).click();
    await page.getByRole('dialog', { name: 'Blue mug' }).waitFor({ state: 'hidden' });

    await nav('Trash');
    const trash = page.getByRole('table', { name: 'Trash' });
    await trash.getByText('Bad Phone Co').waitFor();
    await trash.getByText('MUG-1').waitFor();
    await screenshot(page, 'day1-trash-01-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await screenshot(page, 'day1-trash-02-800');
    await nav('Activity');
    await entry('You deleted product Blue mug').waitFor();
    await screenshot(page, 'day1-activity-06-800');
    await page.setViewportSize({ width: 1400, height: 900 });

    await nav('Trash');
    await page.getByRole('button', { name: 'Restore Bad Phone Co' }).click();
    await expect.poll(() => trash.getByText('Bad Phone Co').count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('button', { name: 'Delete Blue mug for good' }).click();
    const sure = page.getByRole('dialog', { name: 'Delete for good?' });
    await sure.getByRole('button', { name: 'Delete for good' }).click();
    await sure.waitFor({ state: 'hidden' });
    await page.getByText('The trash is empty').waitFor();
    expect((await api<{ items: unknown[] }>('search_products', { query: 'mug' })).items).toEqual([]);
    expect((await api<Customer>('get_customer', { customer_id: badPhone.id })).name).toBe('Bad Phone Co');

    // Deleting for good is the person's alone: the assistant's token cannot even see it.
    const tools = await claude.listTools();
    expect(tools.tools.map((t) => t.name)).not.toContain('purge_from_trash');
    expect(tools.tools.map((t) => t.name)).not.toContain('undo_activity');
  });
});
