import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../../test/fixture-site.js';
import { ok, testApp, type TestCall } from '../../test/helpers.js';

/*
 * The lists the app sorts by their column headers: the operation sorts (every page, not only the rows
 * loaded), from a whitelist of columns, and a page of one sort never continues another.
 */

type Page<T> = { items: T[]; next_cursor: string | null };

/** Every item of a list, read one small page at a time. */
async function all<T>(call: TestCall, name: string, input: Record<string, unknown>, limit = 2): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = ok(await call(name, { ...input, limit, ...(cursor && { cursor }) }));
    seen.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return seen;
}

const site = new FixtureSite();
let price = '$1';
beforeAll(async () => {
  await site.start();
  site.page('/a', '<main><p>Apples are in season.</p></main>');
  site.routes.set('/b', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<main><p>Bread costs ${price}.</p></main>`),
  );
  site.page('/c', '<main><p>Cherries are gone.</p></main>');
});
afterAll(() => site.close());

describe('sorting lists by a column', () => {
  it('sorts the activity log by time, caller and outcome over every page', async () => {
    const app = testApp();
    const as = (name: string) => ({ kind: 'mcp' as const, name });
    ok(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }, as('Zed')));
    await app.call('create_customer', { name: 'Ada again', email: 'ada@example.com' }, as('Amy'));
    // Failures are logged in a batch, a moment later.
    await expect
      .poll(async () => ok<Page<unknown>>(await app.call('list_activity', { caller_kind: 'mcp' })).items.length)
      .toBe(2);
    ok(await app.call('create_customer', { name: 'Bob', email: 'bob@example.com' }, as('Amy')));
    ok(await app.call('create_customer', { name: 'Cy', email: 'cy@example.com' }, as('Max')));
    type Entry = { id: number; caller: string; outcome: string };
    const entries = (input: Record<string, unknown>, limit = 2) =>
      all<Entry>(app.call, 'list_activity', { caller_kind: 'mcp', ...input }, limit);

    const newest = await entries({});
    expect(newest.map((e) => e.caller)).toEqual(['Max', 'Amy', 'Amy', 'Zed']);
    expect((await entries({ order: 'asc' })).map((e) => e.id)).toEqual(newest.map((e) => e.id).reverse());
    // Within a caller, newest first.
    expect((await entries({ sort: 'caller', order: 'asc' })).map((e) => [e.caller, e.outcome])).toEqual([
      ['Amy', 'ok'],
      ['Amy', 'conflict'],
      ['Max', 'ok'],
      ['Zed', 'ok'],
    ]);
    expect((await entries({ sort: 'caller', order: 'desc' })).map((e) => e.caller)).toEqual([
      'Zed',
      'Max',
      'Amy',
      'Amy',
    ]);
    // The person's own changes sort as "you": after the assistants named A to X, whatever the app's name.
    ok(await app.call('create_customer', { name: 'Di', email: 'di@example.com' }, { kind: 'ui', name: 'aardvark' }));
    const everyone = await all<Entry & { caller_kind: string }>(app.call, 'list_activity', {
      sort: 'caller',
      reads: 'none',
    });
    expect(everyone.map((e) => e.caller)).toEqual(['Amy', 'Amy', 'Max', 'aardvark', 'Zed']);
    // Ascending, failures ("conflict", …) come before "ok".
    expect((await entries({ sort: 'outcome', order: 'asc' }, 1)).map((e) => e.outcome)).toEqual([
      'conflict',
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('sorts monitors by name, status and last change', async () => {
    const app = testApp({ allowPrivateHosts: ['127.0.0.1'], runMonitors: false });
    ok(await app.call('update_scraper_settings', { delay_ms: 0 }));
    type Monitor = { id: number; name: string };
    type Check = { monitor: Monitor };
    const watch = async (path: string, name: string) =>
      ok<Check>(await app.call('monitor_website_changes', { url: site.url(path), name })).monitor;
    const bread = await watch('/b', 'bread');
    await watch('/a', 'Apples');
    const cherries = await watch('/c', 'Cherries');
    price = '$2';
    ok(await app.call('check_monitor_now', { monitor_id: bread.id }));
    ok(await app.call('update_monitor', { monitor_id: cherries.id, enabled: false }));
    const names = async (input: Record<string, unknown>) =>
      (await all<Monitor>(app.call, 'list_monitors', input, 1)).map((m) => m.name);

    expect(await names({})).toEqual(['Cherries', 'Apples', 'bread']);
    expect(await names({ sort: 'name' })).toEqual(['Apples', 'bread', 'Cherries']);
    expect(await names({ sort: 'name', order: 'desc' })).toEqual(['Cherries', 'bread', 'Apples']);
    // What needs a look first: changed, then unchanged, paused last.
    expect(await names({ sort: 'status', order: 'asc' })).toEqual(['bread', 'Apples', 'Cherries']);
    // Only bread has changed since its baseline; the others never changed and go last either way.
    expect((await names({ sort: 'last_changed_at', order: 'desc' }))[0]).toBe('bread');
    expect((await names({ sort: 'last_changed_at', order: 'asc' }))[0]).toBe('bread');
  });

  it('sorts workflows by name, last run and whether they are on', async () => {
    const app = testApp({ runWorkflows: true });
    const step = { id: 'one', name: 'One', tool_name: 'list_customers', parameters: {} };
    for (const [workflow_id, name, enabled] of [
      ['a-first', 'Zebra report', true],
      ['b-second', 'apple sync', false],
      ['c-third', 'Mango check', true],
    ] as const) {
      ok(await app.call('create_workflow', { workflow_id, name, enabled, steps: [step] }));
    }
    ok(await app.call('execute_workflow', { workflow_id: 'c-third', wait: true }));
    ok(await app.call('execute_workflow', { workflow_id: 'a-first', wait: true }));
    const ids = async (input: Record<string, unknown>) =>
      (await all<{ workflow_id: string }>(app.call, 'list_workflows', input, 1)).map((w) => w.workflow_id);

    expect(await ids({})).toEqual(['a-first', 'b-second', 'c-third']);
    expect(await ids({ sort: 'name' })).toEqual(['b-second', 'c-third', 'a-first']);
    expect(await ids({ sort: 'name', order: 'desc' })).toEqual(['a-first', 'c-third', 'b-second']);
    // Newest run first; never run last, whichever the direction.
    expect(await ids({ sort: 'last_run', order: 'desc' })).toEqual(['a-first', 'c-third', 'b-second']);
    expect(await ids({ sort: 'last_run', order: 'asc' })).toEqual(['c-third', 'a-first', 'b-second']);
    expect((await ids({ sort: 'enabled', order: 'asc' }))[0]).toBe('b-second');
  });

  it('sorts the trash by name, kind and when deleted', async () => {
    const app = testApp();
    const customer = ok<{ id: number }>(await app.call('create_customer', { name: 'mia', email: 'mia@example.com' }));
    const product = ok<{ id: number }>(await app.call('create_product', { sku: 'K-1', name: 'Kettle', price: 20 }));
    const other = ok<{ id: number }>(await app.call('create_customer', { name: 'Zoe', email: 'zoe@example.com' }));
    ok(await app.call('delete_customer', { customer_id: customer.id }));
    ok(await app.call('delete_product', { product_id: product.id }));
    ok(await app.call('delete_customer', { customer_id: other.id }));
    const names = async (input: Record<string, unknown>) =>
      ok<Page<{ name: string }>>(await app.call('list_trash', input)).items.map((i) => i.name);

    expect(await names({ sort: 'name' })).toEqual(['Kettle', 'mia', 'Zoe']);
    expect(await names({ sort: 'name', order: 'desc' })).toEqual(['Zoe', 'mia', 'Kettle']);
    expect((await names({ sort: 'entity', order: 'desc' }))[0]).toBe('Kettle');
    // Deleted in the same instant or not, the order is by deletion and then stable.
    expect(await names({})).toEqual(await names({ sort: 'deleted_at', order: 'desc' }));
  });

  it('refuses a column it does not sort by, naming the field and the columns it does', async () => {
    const app = testApp();
    ok(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    const before = ok(await app.call('list_customers', {}));
    for (const [name, allowed] of [
      ['list_activity', 'time, caller, outcome'],
      ['list_monitors', 'created_at, name, last_checked_at, last_changed_at, status'],
      ['list_workflows', 'workflow_id, name, last_run, enabled'],
      ['list_trash', 'deleted_at, entity, name'],
    ] as const) {
      expect(await app.call(name, { sort: 'id; DROP TABLE customers' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: 'sort', message: `sort is one of ${allowed}` }] },
      });
      expect(await app.call(name, { order: 'sideways' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: 'order', message: 'order is asc or desc' }] },
      });
    }
    expect(ok(await app.call('list_customers', {}))).toEqual(before);
  });

  it('does not continue one sort with the cursor of another', async () => {
    const app = testApp();
    for (const name of ['Ada', 'Bob', 'Cy'])
      ok(await app.call('create_customer', { name, email: `${name}@example.com` }, { kind: 'mcp', name }));
    const page = ok<Page<unknown>>(await app.call('list_activity', { sort: 'caller', limit: 1, reads: 'none' }));
    expect(page.next_cursor).not.toBeNull();
    expect(await app.call('list_activity', { sort: 'outcome', limit: 1, cursor: page.next_cursor })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'cursor' }] },
    });
  });
});
