import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityRetention } from '../../../shared/activity.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import type { Clock } from '../catalogue/context.js';
import { PRUNE_INTERVAL_MS } from './retention.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A clock the test moves by hand. */
function fakeClock(start = T0): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

type App = ReturnType<typeof testApp>;

function count(app: App): number {
  return (app.store.sqlite.prepare('SELECT count(*) AS n FROM activity').get() as { n: number }).n;
}

/** Log entries written straight into the table, `at` the given time: fast, for thousands of rows. */
function seedEntries(app: App, n: number, at: Date): void {
  const insert = app.store.sqlite.prepare(
    `INSERT INTO activity (at, caller_kind, caller, operation, input, outcome, error_message, duration_ms, process_id)
     VALUES (?, 'mcp', 'seed', 'get_customer', '{}', 'ok', NULL, 1, 'seed')`,
  );
  app.store.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(at.toISOString());
  })();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('activity retention settings', () => {
  it('defaults to 90 days and 1,000,000 entries; partial updates; null lifts a limit; survives a restart', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir });
    expect(ok<ActivityRetention>(await app.call('get_activity_retention', {}))).toEqual({
      days: 90,
      max_rows: 1_000_000,
    });
    expect(ok<ActivityRetention>(await app.call('update_activity_retention', { days: 30 }))).toEqual({
      days: 30,
      max_rows: 1_000_000,
    });
    expect(ok<ActivityRetention>(await app.call('update_activity_retention', { max_rows: null }))).toEqual({
      days: 30,
      max_rows: null,
    });
    await app.close();
    const again = testApp({ dataDir });
    expect(ok<ActivityRetention>(await again.call('get_activity_retention', {}))).toEqual({ days: 30, max_rows: null });
  });

  it('is for the person only: an assistant cannot shorten the memory of what it did', async () => {
    const app = testApp();
    const mcp = { kind: 'mcp' as const, name: 'assistant' };
    for (const [name, input] of [
      ['get_activity_retention', {}],
      ['update_activity_retention', { days: 1 }],
    ] as const) {
      expect(await app.call(name, input, mcp, 'mcp')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await app.call(name, input, { kind: 'workflow', name: 'w' }, 'workflow')).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('update_activity_retention');
    expect(ok<ActivityRetention>(await app.call('get_activity_retention', {})).days).toBe(90);
  });
});

describe('activity pruning', () => {
  it('deletes entries older than the retention, by the app clock, and nothing else', async () => {
    const clock = fakeClock();
    const app = testApp({ clock });
    for (let i = 0; i < 5; i++)
      ok(await app.call('create_customer', { name: `Old ${i}`, email: `old${i}@example.com` }));
    clock.advance(60 * DAY);
    for (let i = 0; i < 3; i++)
      ok(await app.call('create_customer', { name: `New ${i}`, email: `new${i}@example.com` }));
    await app.catalogue.drain();
    expect(count(app)).toBe(8);

    clock.advance(29 * DAY);
    expect(await app.pruner.prune()).toEqual({ deleted: 0 });
    clock.advance(2 * DAY); // day 91 for the first five
    expect(await app.pruner.prune()).toEqual({ deleted: 5 });
    const left = app.store.sqlite.prepare('SELECT at FROM activity ORDER BY id').all() as { at: string }[];
    expect(left).toHaveLength(3);
    for (const { at } of left) expect(Date.parse(at)).toBe(T0 + 60 * DAY);
    // The customers themselves are untouched: only the log is pruned.
    expect((app.store.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(8);
  });

  it('prunes at start-up', async () => {
    const dataDir = tempDir();
    const first = testApp({ dataDir, clock: fakeClock() });
    seedEntries(first, 1_200, new Date(T0));
    await first.close();

    const clock = fakeClock(T0 + 100 * DAY);
    const app = testApp({ dataDir, clock });
    await vi.waitFor(() => expect(count(app)).toBe(0));
  });

  it('keeps at most max_rows, deleting the oldest first, soon after the limit is lowered', async () => {
    const clock = fakeClock();
    const app = testApp({ clock });
    seedEntries(app, 1_234, new Date(T0));
    const newest = (app.store.sqlite.prepare('SELECT max(id) AS id FROM activity').get() as { id: number }).id;
    ok(await app.call('update_activity_retention', { max_rows: 100 }));
    // Applied by the change, not an hour later.
    await vi.waitFor(() => expect(count(app)).toBe(100));
    const ids = app.store.sqlite.prepare('SELECT id FROM activity ORDER BY id').all() as { id: number }[];
    // The newest entries stay: the update's own entry, and the seeded ones just before it.
    expect(ids.at(-1)?.id).toBeGreaterThan(newest);
    expect(ids[0]?.id).toBe(newest + 1 - 99);
  });

  it('null limits keep everything', async () => {
    const clock = fakeClock();
    const app = testApp({ clock });
    seedEntries(app, 300, new Date(T0));
    ok(await app.call('update_activity_retention', { days: null, max_rows: null }));
    clock.advance(10_000 * DAY);
    expect(await app.pruner.prune()).toEqual({ deleted: 0 });
    expect(count(app)).toBe(301);
  });

  it('works in small batches and lets calls run between them', async () => {
    const clock = fakeClock();
    const app = testApp({ clock });
    seedEntries(app, 5_000, new Date(T0));
    clock.advance(91 * DAY);
    let pruned = false;
    const pruning = app.pruner.prune().then((result) => ((pruned = true), result));
    while (count(app) === 5_000) await new Promise((r) => setImmediate(r));
    // Between two batches of 500: the write lock is free, and a call is answered before pruning ends.
    const left = count(app);
    expect(left).toBeLessThan(5_000);
    expect(5_000 - left).toBeLessThanOrEqual(500);
    const created = await app.call('create_customer', { name: 'Meanwhile', email: 'meanwhile@example.com' });
    expect(created.ok).toBe(true);
    expect(pruned).toBe(false);
    expect(await pruning).toEqual({ deleted: 5_000 });
    expect(count(app)).toBe(1);
  });

  it('runs every hour on a timer that does not keep the process alive', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = fakeClock();
    const app = testApp({ clock });
    await new Promise((r) => setTimeout(r, 10));
    await app.pruner.idle();
    seedEntries(app, 700, new Date(T0));
    clock.advance(91 * DAY);

    vi.advanceTimersByTime(PRUNE_INTERVAL_MS - 1000);
    await app.pruner.idle();
    expect(count(app)).toBe(700);
    vi.advanceTimersByTime(1000);
    await app.pruner.idle();
    expect(count(app)).toBe(0);
    expect(PRUNE_INTERVAL_MS).toBe(60 * 60 * 1000);
  });
});
