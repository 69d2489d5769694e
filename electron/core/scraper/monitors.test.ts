import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficinaEvent } from '../../../shared/events.js';
import { FixtureSite } from '../../../test/fixture-site.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { MonitorScheduler } from './scheduler.js';

const site = new FixtureSite();
/** What the fixture pages say now; tests change it between checks. */
const state = { price: '$12.00', stock: 'In stock', clock: '10:00', updated: '3', extra: '', status: 200, etag: '' };

const productPage = () => `<html><head><title>Sencha</title></head><body>
<header><span class="clock">${state.clock}</span></header>
<main><h1>Sencha</h1><p class="price">${state.price}</p><p class="stock">${state.stock}</p>
<p class="note">Updated ${state.updated} minutes ago</p>
<p>${'A green tea from Shizuoka, steamed and rolled. '.repeat(8)}</p>${state.extra}</main></body></html>`;

beforeAll(async () => {
  await site.start();
  site.routes.set('/tea', (req, res) => {
    if (state.status !== 200) return res.writeHead(state.status).end('down');
    if (state.etag && req.headers['if-none-match'] === state.etag) return res.writeHead(304).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(state.etag ? { etag: state.etag } : {}) })
      .end(productPage());
  });
  site.routes.set('/robots.txt', (_req, res) => res.writeHead(200).end('User-agent: *\nDisallow: /secret\n'));
  site.page('/secret', '<p>no</p>');
});
afterAll(() => site.close());

function reset() {
  Object.assign(state, {
    price: '$12.00',
    stock: 'In stock',
    clock: '10:00',
    updated: '3',
    extra: '',
    status: 200,
    etag: '',
  });
}

async function app(options: Parameters<typeof testApp>[0] = {}) {
  reset();
  const officina = testApp({ allowPrivateHosts: ['127.0.0.1'], runMonitors: false, ...options });
  ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
  const events: OfficinaEvent[] = [];
  officina.bus.subscribe((event) => events.push(event));
  return Object.assign(officina, { events });
}

type Check = {
  changed: boolean;
  baseline: boolean;
  diff: string | null;
  added: string[];
  removed: string[];
  monitor: { id: number; status: string; last_error: string | null } | null;
  warnings: string[];
  not_modified: boolean;
};

describe('monitor_website_changes', () => {
  it('keeps a baseline, then reports what changed, with a diff', async () => {
    const officina = await app();
    const selectors = { price: '.price', stock: '.stock' };
    const first = ok<Check>(await officina.call('monitor_website_changes', { url: site.url('/tea'), selectors }));
    expect(first).toMatchObject({ baseline: true, changed: false, monitor: { status: 'ok' } });
    const same = ok<Check>(await officina.call('monitor_website_changes', { url: site.url('/tea'), selectors }));
    expect(same).toMatchObject({ baseline: false, changed: false, diff: null, monitor: { id: first.monitor?.id } });
    state.price = '$14.00';
    const changed = ok<Check>(await officina.call('monitor_website_changes', { url: site.url('/tea'), selectors }));
    expect(changed).toMatchObject({
      changed: true,
      added: ['$14.00'],
      removed: ['$12.00'],
      monitor: { status: 'changed' },
    });
    expect(changed.diff).toContain('-$12.00\n+$14.00');
    expect(officina.events).toContainEqual({ type: 'monitor.changed', id: first.monitor?.id, action: 'changed' });
    const history = ok<{ items: { changed: boolean; diff: string }[] }>(
      await officina.call('get_monitor_history', { monitor_id: first.monitor?.id }),
    );
    expect(history.items).toHaveLength(1);
    expect(history.items[0]?.diff).toContain('+$14.00');
  });

  it('never reports noise: whitespace, ignored parts and ignored patterns', async () => {
    const officina = await app();
    const input = {
      url: site.url('/tea'),
      ignore_selectors: ['.clock'],
      ignore_patterns: ['Updated \\d+ minutes ago'],
    };
    ok(await officina.call('monitor_website_changes', input));
    state.clock = '10:05';
    state.updated = '8';
    state.price = '  $12.00  \n ';
    const quiet = ok<Check>(await officina.call('monitor_website_changes', input));
    expect(quiet).toMatchObject({ changed: false, diff: null });
    state.stock = 'Sold out';
    const real = ok<Check>(await officina.call('monitor_website_changes', input));
    expect(real.changed).toBe(true);
    expect(real.added.join('\n')).toContain('Sold out');
    expect(real.diff).not.toContain('10:05');
    expect(real.diff).not.toContain('minutes ago');
  });

  it('compares with previous_content as the seed did, keeping nothing', async () => {
    const officina = await app();
    const result = ok<Check>(
      await officina.call('monitor_website_changes', {
        url: site.url('/tea'),
        selectors: { price: '.price' },
        previous_content: { price: ['$11.00'] },
      }),
    );
    expect(result).toMatchObject({ monitor: null, changed: true, added: ['$12.00'], removed: ['$11.00'] });
    expect(ok<{ items: unknown[] }>(await officina.call('list_monitors', {})).items).toHaveLength(0);
  });

  it('keeps nothing when the first check cannot read the page, and refuses rules that could hang or do not parse', async () => {
    const officina = await app();
    const refusals = [
      [{ url: site.url('/secret') }, 'forbidden'],
      [{ url: site.url('/tea'), ignore_patterns: ['(a+)+$'] }, 'invalid_input'],
      [{ url: site.url('/tea'), ignore_patterns: ['[unclosed'] }, 'invalid_input'],
      [{ url: site.url('/tea'), selectors: { price: 'p[' } }, 'invalid_input'],
      [{ url: site.url('/tea'), interval: '2m' }, 'invalid_input'],
      [{ url: site.url('/tea'), interval: 'often' }, 'invalid_input'],
    ] as const;
    for (const [input, code] of refusals) {
      const envelope = await officina.call('monitor_website_changes', input);
      expect(envelope.ok ? 'ok' : envelope.error.code).toBe(code);
    }
    expect(ok<{ items: unknown[] }>(await officina.call('list_monitors', {})).items).toHaveLength(0);
  });

  it('asks conditionally once it has a baseline and reports an unchanged page', async () => {
    const officina = await app();
    state.etag = '"v1"';
    const first = ok<Check>(await officina.call('monitor_website_changes', { url: site.url('/tea') }));
    const again = ok<Check>(await officina.call('check_monitor_now', { monitor_id: first.monitor?.id }));
    expect(again).toMatchObject({ not_modified: true, changed: false });
  });
});

describe('a monitor over time', () => {
  it('turns a selector that stops matching into an error only after three checks in a row', async () => {
    const officina = await app();
    const first = ok<Check>(
      await officina.call('monitor_website_changes', { url: site.url('/tea'), selectors: { price: '.price' } }),
    );
    const id = first.monitor?.id;
    const realPrice = state.price;
    // The redesign drops the price element.
    const original = site.routes.get('/tea');
    site.routes.set('/tea', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<main><p>Coming soon</p></main>'),
    );
    try {
      const one = ok<Check>(await officina.call('check_monitor_now', { monitor_id: id }));
      expect(one).toMatchObject({ changed: false, monitor: { status: 'ok' } });
      expect(one.monitor?.last_error).toMatch(/nothing for "price" \(check 1 of 3 before this is an error\)/);
      ok(await officina.call('check_monitor_now', { monitor_id: id }));
      const three = ok<Check>(await officina.call('check_monitor_now', { monitor_id: id }));
      expect(three.monitor).toMatchObject({ status: 'error' });
    } finally {
      if (original) site.routes.set('/tea', original);
    }
    state.price = realPrice;
    const back = ok<Check>(await officina.call('check_monitor_now', { monitor_id: id }));
    expect(back).toMatchObject({ changed: false, monitor: { status: 'ok', last_error: null } });
  });

  it('records a failed fetch on the monitor and answers it as the error', async () => {
    const officina = await app();
    const first = ok<Check>(await officina.call('monitor_website_changes', { url: site.url('/tea') }));
    state.status = 404;
    const failed = await officina.call('check_monitor_now', { monitor_id: first.monitor?.id });
    expect(failed.ok ? null : failed.error.message).toMatch(/answered 404 \(no such page\)/);
    const monitor = ok<{ consecutive_failures: number; last_error: string }>(
      await officina.call('get_monitor', { monitor_id: first.monitor?.id }),
    );
    expect(monitor).toMatchObject({ consecutive_failures: 1 });
    expect(monitor.last_error).toMatch(/404/);
  });

  it('starts a new baseline when its selectors change, instead of reporting the new selectors as a change', async () => {
    const officina = await app();
    const first = ok<Check>(
      await officina.call('monitor_website_changes', { url: site.url('/tea'), selectors: { price: '.price' } }),
    );
    ok(await officina.call('update_monitor', { monitor_id: first.monitor?.id, selectors: { stock: '.stock' } }));
    const next = ok<Check>(await officina.call('check_monitor_now', { monitor_id: first.monitor?.id }));
    expect(next).toMatchObject({ baseline: true, changed: false });
    ok(await officina.call('delete_monitor', { monitor_id: first.monitor?.id }));
    const gone = await officina.call('get_monitor', { monitor_id: first.monitor?.id });
    expect(gone.ok ? null : gone.error.code).toBe('not_found');
  });
});

describe('the scheduler', () => {
  it('checks monitors when they are due, backs off a failing site, and runs in one process only', async () => {
    let now = Date.parse('2026-12-03T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const dataDir = tempDir();
    const officina = await app({ clock, dataDir });
    const created = ok<Check>(
      await officina.call('monitor_website_changes', { url: site.url('/tea'), interval: '10m' }),
    );
    const id = created.monitor?.id as number;
    const other = new MonitorScheduler({
      ...officina,
      monitors: officina.services.monitors,
      clock,
      processId: 'the-other-process',
    });
    const mine = new MonitorScheduler({
      ...officina,
      monitors: officina.services.monitors,
      clock,
      processId: officina.processId,
    });

    now += 11 * 60_000;
    state.price = '$13.00';
    await other.tick(); // Takes the lease and checks.
    const afterOther = ok<{ status: string; last_checked_at: string; next_check_at: string }>(
      await officina.call('get_monitor', { monitor_id: id }),
    );
    expect(afterOther.status).toBe('changed');
    expect(afterOther.last_checked_at).toBe(new Date(now).toISOString());

    state.price = '$15.00';
    // Due again at once (as if its interval were up), while the other process's lease still runs.
    officina.store.run(
      officina.store.query
        .updateTable('monitors')
        .set({ next_check_at: new Date(now).toISOString() })
        .where('id', '=', id),
    );
    await mine.tick(); // The other process holds the lease: nothing happens here.
    expect(ok<{ change_count: number }>(await officina.call('get_monitor', { monitor_id: id })).change_count).toBe(1);
    await other.stop(); // Gives the lease back.
    await mine.tick();
    expect(ok<{ change_count: number }>(await officina.call('get_monitor', { monitor_id: id })).change_count).toBe(2);

    state.status = 404;
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = ok<{ next_check_at: string }>(await officina.call('get_monitor', { monitor_id: id }));
      now = Date.parse(before.next_check_at) + 1;
      await mine.tick();
      const after = ok<{ next_check_at: string; status: string }>(
        await officina.call('get_monitor', { monitor_id: id }),
      );
      gaps.push(Date.parse(after.next_check_at) - now);
    }
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
    expect(gaps[2]).toBeGreaterThan(gaps[1] ?? 0);
    expect(ok<{ status: string }>(await officina.call('get_monitor', { monitor_id: id })).status).toBe('error');
    await mine.stop();
  });
});
