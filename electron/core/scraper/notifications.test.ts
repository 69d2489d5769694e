import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficinaEvent } from '../../../shared/events.js';
import { FixtureSite } from '../../../test/fixture-site.js';
import { ok, testApp } from '../../../test/helpers.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { MAX_ATTEMPTS } from './notifications.js';

// A page that changes, and a webhook receiver (a real local HTTP server) that fails, then works.
const site = new FixtureSite();
const state = { price: '$12.00', updated: '3', hookStatus: 500 };
const received: unknown[] = [];

beforeAll(async () => {
  await site.start();
  site.routes.set('/tea', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<title>Sencha</title><main><p class="price">${state.price}</p><p class="note">Updated ${state.updated} minutes ago</p>` +
          `<p>${'A green tea from Shizuoka, steamed and rolled. '.repeat(8)}</p></main>`,
      ),
  );
  site.routes.set('/hook', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.hookStatus === 200) received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(state.hookStatus).end();
    });
  });
});
afterAll(() => site.close());

/** A clock the test moves: retries are due minutes later. */
function movableClock() {
  let now = Date.parse('2026-03-01T10:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function app() {
  Object.assign(state, { price: '$12.00', updated: '3', hookStatus: 500 });
  received.length = 0;
  const clock = movableClock();
  const officina = testApp({ allowPrivateHosts: ['127.0.0.1'], clock });
  ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
  const events: OfficinaEvent[] = [];
  officina.bus.subscribe((event) => events.push(event));
  // The app's dispatcher runs on timers (off in tests); this one is driven by hand, tick by tick.
  const dispatcher = new NotificationDispatcher({
    store: officina.store,
    feed: officina.feed,
    bus: officina.bus,
    notifications: officina.services.notifications,
    clock,
    log: officina.log,
  });
  const sendDue = () => dispatcher.tick();
  return Object.assign(officina, { clock, events, sendDue });
}

type Monitor = {
  id: number;
  unread_notifications: number;
  notification_problem: {
    id: number;
    state: string;
    attempts: number;
    target: string;
    last_error: string | null;
  } | null;
};
type Notifications = {
  items: {
    id: number;
    title: string;
    body: string;
    read: boolean;
    deliveries: { state: string; attempts: number }[];
  }[];
  unread: number;
};

describe('change notifications', () => {
  it('become an unread notification, with the ignore rules applied to its text as to the diff', async () => {
    const officina = await app();
    const first = ok<{ monitor: Monitor }>(
      await officina.call('monitor_website_changes', {
        url: site.url('/tea'),
        name: 'Sencha',
        selectors: { price: '.price', note: '.note' },
        ignore_patterns: ['Updated \\d+ minutes ago'],
      }),
    );
    // A check whose only difference is ignored text: no change, no notification.
    state.updated = '9';
    ok(await officina.call('check_monitor_now', { monitor_id: first.monitor.id }));
    expect(ok<Notifications>(await officina.call('list_monitor_notifications', {})).items).toEqual([]);

    state.price = '$14.00';
    state.updated = '1';
    const check = ok<{ changed: boolean; diff: string }>(
      await officina.call('check_monitor_now', { monitor_id: first.monitor.id }),
    );
    expect(check).toMatchObject({ changed: true });
    const list = ok<Notifications>(await officina.call('list_monitor_notifications', {}));
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ title: 'Sencha changed', read: false, deliveries: [] });
    expect(list.items[0]?.body).toContain('$14.00');
    expect(list.items[0]?.body).toContain('$12.00');
    for (const text of [list.items[0]?.body, check.diff]) expect(text).not.toMatch(/Updated|minutes ago/);
    expect(officina.events).toContainEqual(
      expect.objectContaining({ type: 'notification.changed', action: 'created', title: 'Sencha changed' }),
    );
    expect(ok<Monitor>(await officina.call('get_monitor', { monitor_id: first.monitor.id })).unread_notifications).toBe(
      1,
    );

    const read = ok<{ marked: number; unread: number }>(
      await officina.call('mark_monitor_notifications_read', { monitor_id: first.monitor.id }),
    );
    expect(read).toEqual({ marked: 1, unread: 0 });
    expect(ok<Notifications>(await officina.call('list_monitor_notifications', { unread_only: true })).items).toEqual(
      [],
    );
  });

  it('go to the monitor’s webhook: a failure is kept, shown on the monitor and retried with backoff until it works', async () => {
    const officina = await app();
    const first = ok<{ monitor: Monitor }>(
      await officina.call('monitor_website_changes', {
        url: site.url('/tea'),
        selectors: { price: '.price' },
        webhook_url: site.url('/hook'),
      }),
    );
    state.price = '$14.00';
    ok(await officina.call('check_monitor_now', { monitor_id: first.monitor.id }));
    const before = site.hitsOf('/hook').length;

    await officina.sendDue();
    let monitor = ok<Monitor>(await officina.call('get_monitor', { monitor_id: first.monitor.id }));
    expect(monitor.notification_problem).toMatchObject({ state: 'pending', attempts: 1 });
    expect(monitor.notification_problem).toMatchObject({ target: site.url('/hook'), last_error: 'it answered 500' });
    // Not due again at once: the retry waits (about 30 s the first time).
    await officina.sendDue();
    expect(site.hitsOf('/hook').length - before).toBe(1);
    officina.clock.advance(60_000);
    await officina.sendDue();
    expect(site.hitsOf('/hook').length - before).toBe(2);

    state.hookStatus = 200;
    officina.clock.advance(10 * 60_000);
    await officina.sendDue();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'monitor.changed',
      monitor: { id: first.monitor.id },
      title: expect.any(String),
    });
    expect((received[0] as { diff: string }).diff).toContain('+$14.00');
    monitor = ok<Monitor>(await officina.call('get_monitor', { monitor_id: first.monitor.id }));
    expect(monitor.notification_problem).toBeNull();
    const list = ok<Notifications>(await officina.call('list_monitor_notifications', {}));
    expect(list.items[0]?.deliveries).toMatchObject([{ state: 'delivered', attempts: 3 }]);
    expect(officina.events).toContainEqual(
      expect.objectContaining({ type: 'notification.changed', action: 'delivered' }),
    );
  });

  it('are given up after the last attempt, visibly, and sent again when the person asks', async () => {
    const officina = await app();
    const first = ok<{ monitor: Monitor }>(
      await officina.call('monitor_website_changes', {
        url: site.url('/tea'),
        selectors: { price: '.price' },
        webhook_url: site.url('/hook'),
      }),
    );
    state.price = '$14.00';
    ok(await officina.call('check_monitor_now', { monitor_id: first.monitor.id }));
    const before = site.hitsOf('/hook').length;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await officina.sendDue();
      officina.clock.advance(2 * 60 * 60_000);
    }
    expect(site.hitsOf('/hook').length - before).toBe(MAX_ATTEMPTS);
    const monitor = ok<Monitor>(await officina.call('get_monitor', { monitor_id: first.monitor.id }));
    expect(monitor.notification_problem).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });

    state.hookStatus = 200;
    const retried = ok<{ state: string }>(
      await officina.call('retry_monitor_notification', { delivery_id: monitor.notification_problem?.id }),
    );
    expect(retried.state).toBe('pending');
    await officina.sendDue();
    expect(received).toHaveLength(1);
    expect(
      ok<Monitor>(await officina.call('get_monitor', { monitor_id: first.monitor.id })).notification_problem,
    ).toBeNull();
    const again = await officina.call('retry_monitor_notification', { delivery_id: monitor.notification_problem?.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuse a webhook on a private address that is not allowed, before anything is stored', async () => {
    const officina = testApp({ allowPrivateHosts: ['127.0.0.1'] });
    const refused = await officina.call('monitor_website_changes', {
      url: site.url('/tea'),
      webhook_url: 'http://192.168.1.20/hook',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', issues: [{ path: 'webhook_url' }] } });
    expect(ok<{ items: unknown[] }>(await officina.call('list_monitors', {})).items).toEqual([]);
    const scheme = await officina.call('monitor_website_changes', { url: site.url('/tea'), webhook_url: 'ftp://x/y' });
    expect(scheme).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('are not for the assistant: the inbox operations are the person’s', async () => {
    const officina = testApp();
    const asAssistant = await officina.call('list_monitor_notifications', {}, { kind: 'mcp', name: 'claude' }, 'mcp');
    expect(asAssistant.ok).toBe(false);
  });
});
