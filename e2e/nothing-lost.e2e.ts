import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../shared/customers.js';
import { columnTexts, launchBrowser, screenshot, startServe, type Served } from './harness.js';

// Issue 15, point 7: a form with unsaved changes asks before it closes; customers are ticked and
// changed together (tag, set inactive, export, move to the trash); the list sorts by its headers.

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  page = await (
    await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light', acceptDownloads: true })
  ).newPage();
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

const table = () => page.getByRole('table', { name: 'Customers' });

describe('nothing lost by accident', () => {
  it('asks before closing a form with unsaved changes, and not when nothing changed', async () => {
    for (const [name, email] of [
      ['Carla Diaz', 'carla@example.com'],
      ['Anton Berg', 'anton@example.com'],
      ['Bea Stone', 'bea@example.com'],
    ]) {
      await api('create_customer', { name, email });
    }
    await page.goto(served.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await table().getByText('Bea Stone').waitFor();

    await page.getByRole('button', { name: 'New customer' }).first().click();
    const form = page.getByRole('dialog', { name: 'New customer' });
    // Untouched: it closes at once.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'New customer' }).first().click();
    await form.getByLabel('Name').fill('Half typed');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: 'Discard your changes?' });
    await ask.waitFor();
    await screenshot(page, 'day1-unsaved-01-prompt-1400');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await form.getByLabel('Name').inputValue()).toBe('Half typed');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await form.waitFor({ state: 'hidden' });
    expect(await table().getByText('Half typed').count()).toBe(0);
  });

  it('sorts by a column header', async () => {
    await page.getByRole('button', { name: /^Sort by name/ }).click();
    const names = () => columnTexts(table(), 'Name');
    await expect.poll(names, { timeout: 20_000 }).toEqual(['Anton Berg', 'Bea Stone', 'Carla Diaz']);
    await page.getByRole('button', { name: /^Sort by added/ }).click();
    await expect.poll(names, { timeout: 20_000 }).toEqual(['Bea Stone', 'Anton Berg', 'Carla Diaz']);
    await page.getByRole('button', { name: /^Sort by added/ }).click();
    await expect.poll(names, { timeout: 20_000 }).toEqual(['Carla Diaz', 'Anton Berg', 'Bea Stone']);
    await screenshot(page, 'day1-sort-01-oldest-first-1400');
  });

  it('tags, exports, sets inactive and moves to the trash the customers ticked', async () => {
    await page.getByRole('checkbox', { name: 'Select Anton Berg' }).check();
    await page.getByRole('checkbox', { name: 'Select Bea Stone' }).check();
    const bar = page.getByRole('region', { name: 'Selected customers' });
    await bar.getByText('2 customers selected').waitFor();
    await screenshot(page, 'day1-bulk-01-selected-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await screenshot(page, 'day1-bulk-02-selected-800');
    await page.setViewportSize({ width: 1400, height: 900 });

    await bar.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('textbox', { name: 'Tag to add' }).fill('fair-2026');
    await page.getByRole('button', { name: 'Add to 2 customers' }).click();
    await page.getByText('2 customers tagged “fair-2026”').waitFor();
    await expect
      .poll(
        async () =>
          (await api<{ items: Customer[] }>('list_customers', { tag: 'fair-2026' })).items.map((c) => c.name).sort(),
        { timeout: 20_000 },
      )
      .toEqual(['Anton Berg', 'Bea Stone']);

    await page.getByRole('checkbox', { name: 'Select Anton Berg' }).check();
    await page.getByRole('checkbox', { name: 'Select Carla Diaz' }).check();
    const download = page.waitForEvent('download');
    await bar.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
    expect(text.split('\r\n')[0]).toBe('name,email,phone,city,country,status,tags,notes');
    expect(text).toContain('Anton Berg,anton@example.com');
    expect(text).toContain('Carla Diaz,carla@example.com');
    expect(text).not.toContain('Bea Stone');

    await bar.getByRole('button', { name: 'Set inactive' }).click();
    await page.getByText('2 customers set inactive').waitFor();
    expect(
      (await api<{ items: Customer[] }>('list_customers', { status: 'inactive' })).items.map((c) => c.name).sort(),
    ).toEqual(['Anton Berg', 'Carla Diaz']);

    await page.getByRole('checkbox', { name: 'Select all loaded customers' }).check();
    await bar.getByText('3 customers selected').waitFor();
    await bar.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByText('3 customers moved to the trash').waitFor();
    await page.getByText(/No customers yet/i).waitFor();
    const trash = await api<{ items: { name: string }[] }>('list_trash', { entity: 'customer' });
    expect(trash.items.map((i) => i.name).sort()).toEqual(['Anton Berg', 'Bea Stone', 'Carla Diaz']);
    await screenshot(page, 'day1-bulk-03-trashed-1400');
  });
});
