import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../shared/contracts.js';
import { PERSON_ONLY } from '../shared/operation.js';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// The person-only operations that have no MCP tool: exporting the activity log, its retention, and
// rotating the MCP token; and that the MCP token reaches none of them (it opens /mcp only), while
// the person's session (a cookie from a login link) is not the token and outlives its rotation.
// serve keeps its token in the token file here (not OFFICINA_TOKEN), so it can be rotated.

let served: Served;
let browser: Browser;
let page: Page;
/** The token in force; rotation replaces it. */
let token: string;

beforeAll(async () => {
  served = await startServe({ tokenFile: true });
  token = served.token;
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    colorScheme: 'light',
    acceptDownloads: true,
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

/** The UI's API as the person (their session cookie). */
function post(name: string, input: unknown): Promise<Response> {
  return served.call(name, input);
}

/** The UI's API with the MCP token instead, as an assistant holding it would try. */
function postWithToken(name: string, input: unknown, bearer = token): Promise<Response> {
  return fetch(`${served.url}/api/ops/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

/** The status of an MCP initialize on /mcp with `bearer`: 200 opens a session, 401 does not. */
async function mcpStatus(bearer: string): Promise<number> {
  const res = await fetch(`${served.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } },
    }),
  });
  await res.body?.cancel();
  return res.status;
}

async function api<T = unknown>(name: string, input: unknown): Promise<T> {
  const body = (await (await post(name, input)).json()) as { data: T };
  return body.data;
}

/** Mantine hides segment inputs visually; a person clicks their label. */
async function clickLabelOf(input: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).first().click();
}

async function exportAs(item: RegExp): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download') as Promise<Download>,
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

describe('person-only operations in the browser', () => {
  it('signs in', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('exports the activity log as CSV, and what the filters select as JSON Lines', async () => {
    await api('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
    await api('create_customer', { name: 'Alan Turing', email: 'alan@example.com' });
    // A refused call, so that the Errors filter has something to select.
    expect((await post('create_customer', { name: 'Nobody', email: 'not-an-email' })).status).toBe(400);

    await nav('Activity');
    await page.getByText('You added customer Alan Turing').first().waitFor();

    const csv = await exportAs(/^CSV/);
    expect(csv.name).toMatch(/\.csv$/);
    const rows = csv.text.split('\r\n').filter((line) => line !== '');
    expect(rows[0]).toBe('id,at,caller_kind,caller,operation,outcome,error_message,duration_ms,input');
    const created = rows.filter((row) => row.includes(',create_customer,'));
    expect(created).toHaveLength(3);
    expect(created.filter((row) => row.includes(',ok,'))).toHaveLength(2);
    expect(csv.text).toContain('grace@example.com');
    await page.getByText(/^Exported \d+ calls to /).waitFor();
    await screenshot(page, 'ops-01-activity-exported');

    await clickLabelOf(page.getByRole('radio', { name: 'Failed' }));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('The calls these filters select, oldest first').waitFor();
    // Let the menu's fade-in end, so the screenshot shows it.
    await expect.poll(() => page.getByRole('menu').evaluate((menu) => getComputedStyle(menu).opacity)).toBe('1');
    await screenshot(page, 'ops-02-activity-export-menu');
    await page.keyboard.press('Escape');

    const jsonl = await exportAs(/^JSON Lines/);
    expect(jsonl.name).toMatch(/\.jsonl$/);
    const entries = jsonl.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { operation: string; outcome: string; input: { email?: string } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.outcome === 'ok')).toEqual([]);
    const refused = entries.filter((entry) => entry.operation === 'create_customer');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ outcome: 'invalid_input', input: { email: 'not-an-email' } });
    await clickLabelOf(page.getByRole('radio', { name: 'All' }));
  });

  it('changes the activity log retention, keeps it after a reload, and shows a refused value at its field', async () => {
    await nav('Settings');
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Data' }).click();
    const section = page.getByRole('region', { name: 'Activity log retention' });
    const days = section.getByLabel('Keep entries for (days)');
    const rows = section.getByLabel('Keep at most (entries)');
    await section.scrollIntoViewIfNeeded();
    await expect.poll(() => days.inputValue()).toBe('90');

    await days.fill('45');
    await section.getByLabel('Limit the number of entries').uncheck();
    await expect.poll(() => rows.isDisabled()).toBe(true);
    await section.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Activity log retention saved').waitFor();
    expect(await api('get_activity_retention', {})).toEqual({ days: 45, max_rows: null });

    await page.reload();
    await section.scrollIntoViewIfNeeded();
    await expect.poll(() => days.inputValue()).toBe('45');
    expect(await section.getByLabel('Limit the number of entries').isChecked()).toBe(false);
    await section.getByText('Now: entries are deleted after 45 days, and there is no limit on their number.').waitFor();

    await days.fill('0');
    await section.getByRole('button', { name: 'Save retention' }).click();
    await section.getByText('Days to keep entries must be at least 1.').waitFor();
    await expect.poll(() => days.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'ops-03-retention-refused');
    expect(await api('get_activity_retention', {})).toEqual({ days: 45, max_rows: null });

    await section.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => days.inputValue()).toBe('45');
  });

  it('the MCP token reaches no person-only operation: 403 from serve and from a script in the page, nothing changed', async () => {
    const personOnly = contracts.filter((c) => c.faces === PERSON_ONLY).map((c) => c.name);
    const inputs: Record<string, unknown> = {
      update_assistant_permissions: { mode: 'read_only', disabled_tools: ['list_customers'] },
      add_allowed_folder: { path: served.dataDir },
      update_activity_retention: { days: 1 },
      update_version_retention: { max_age_days: 1 },
      export_activity: { format: 'csv' },
    };
    const permissions = await api('get_assistant_permissions', {});
    const retention = await api('get_activity_retention', {});
    for (const name of personOnly) {
      const res = await postWithToken(name, inputs[name] ?? {});
      expect(res.status, name).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: /MCP token/ } });
    }
    // A script running in the app's own page (same origin, the person's cookie sent along) that adds the
    // token is refused as well: the API never takes it.
    const fromPage = await page.evaluate(
      async ([bearer]) => {
        const res = await fetch('/api/ops/update_assistant_permissions', {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'read_only' }),
        });
        return res.status;
      },
      [token],
    );
    expect(fromPage).toBe(403);
    expect(await api('get_assistant_permissions', {})).toEqual(permissions);
    expect(await api('get_activity_retention', {})).toEqual(retention);
    expect(readFileSync(join(served.dataDir, 'token'), 'utf8').trim()).toBe(token);
    // The token does what it is for.
    expect(await mcpStatus(token)).toBe(200);
  });

  it('rotates the token behind a confirmation; the browser stays signed in and the old token is refused on /mcp', async () => {
    const old = token;
    // The token is in Settings' Assistant & MCP section.
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Assistant & MCP' })
      .click();
    const rotate = page.getByRole('button', { name: 'Rotate token' });
    await rotate.scrollIntoViewIfNeeded();
    await rotate.click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the MCP token?' });
    await dialog.getByText('Every client that uses the old token must be given the new one').waitFor();
    await screenshot(page, 'ops-04-rotate-token-confirm');
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(readFileSync(join(served.dataDir, 'token'), 'utf8').trim()).toBe(old);

    await rotate.click();
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const fresh = readFileSync(join(served.dataDir, 'token'), 'utf8').trim();
    expect(fresh).not.toBe(old);
    await page.getByText(fresh).waitFor();
    await page.getByText('New token in force').waitFor();
    await screenshot(page, 'ops-05-token-rotated');
    token = fresh;

    // Any MCP client still holding the old token is refused; the new one works. Neither opens the app's API.
    expect(await mcpStatus(old)).toBe(401);
    expect(await mcpStatus(fresh)).toBe(200);
    expect((await postWithToken('get_settings', {}, fresh)).status).toBe(403);

    // The browser's session is not the token: it goes on calling, and after a reload too.
    await nav('Customers');
    await page.getByRole('table', { name: 'Customers' }).getByText('Grace Hopper').waitFor();
    await page.reload();
    await page.getByRole('table', { name: 'Customers' }).getByText('Alan Turing').waitFor();
    // Live updates still arrive over the event stream, which belongs to the session, not to the token.
    await api('create_customer', { name: 'Katherine Johnson', email: 'katherine@example.com' });
    await page.getByRole('table', { name: 'Customers' }).getByText('Katherine Johnson').waitFor({ timeout: 5_000 });
    await nav('Activity');
    await page.getByText('You replaced the assistant’s access token').first().waitFor();
    await screenshot(page, 'ops-06-after-rotation');
  });

  it('signs out from the header; the app then asks for a login link, and one from `officina login` signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await screenshot(page, 'ops-07-signed-out');
    // The app itself now finds no session and shows how to sign in.
    await page.goto(`${served.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('officina open', { exact: true }).waitFor();
    await screenshot(page, 'ops-08-sign-in-view');

    await page.goto(await served.newLoginUrl());
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await nav('Customers');
    await page.getByRole('table', { name: 'Customers' }).getByText('Katherine Johnson').waitFor();
  });
});
