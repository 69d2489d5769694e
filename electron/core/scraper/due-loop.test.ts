import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/bus.js';
import { createLogger } from '../log.js';
import { DueLoop, type DueWork } from './due-loop.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Rows that fall due at given times (ms), handled by recording them; row 13 always throws. */
function rows(dueAt: Record<number, number>, now: () => number) {
  const handled: number[] = [];
  let inFlight = 0;
  let mostAtOnce = 0;
  const work: DueWork & { handled: number[]; mostAtOnce: () => number } = {
    handled,
    mostAtOnce: () => mostAtOnce,
    due: (limit) =>
      Object.entries(dueAt)
        .filter(([, at]) => at <= now())
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([id]) => Number(id)),
    nextDue: () => {
      const times = Object.values(dueAt);
      return times.length ? new Date(Math.min(...times)) : undefined;
    },
    handle: async (id) => {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      // Handled: not due again (as a check moves next_check_at, a delivery its retry time).
      delete dueAt[id];
      if (id === 13) throw new Error('unlucky row');
      handled.push(id);
    },
  };
  return work;
}

function loop(work: DueWork, options: { paused?: () => boolean; maxWaitMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'officina-due-loop-'));
  dirs.push(dir);
  const logFile = join(dir, 'officina.log');
  const bus = new EventBus((error) => {
    throw error;
  });
  const due = new DueLoop({
    work,
    bus,
    clock: { now: () => new Date() },
    log: createLogger({ level: 'warn', file: logFile }),
    wakeOn: (event) => event.type === 'settings.changed',
    batch: 3,
    concurrency: 2,
    minWaitMs: 10,
    maxWaitMs: options.maxWaitMs ?? 60_000,
    paused: options.paused,
    describe: (id) => ['row failed', { row: id }],
  });
  const logged = () =>
    readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string; row: number; error: { message: string } });
  return { due, bus, logged };
}

describe('DueLoop', () => {
  it('handles every due row, a batch at a time and a few at once; one that throws is logged and the rest go on', async () => {
    const past = Date.now() - 1_000;
    const work = rows(
      { 1: past, 2: past + 1, 13: past + 2, 4: past + 3, 5: past + 4, 6: past + 5, 7: past + 6 },
      Date.now,
    );
    const { due, logged } = loop(work);
    await due.tick();
    expect(work.handled.sort()).toEqual([1, 2, 4, 5, 6, 7]);
    expect(work.mostAtOnce()).toBe(2);
    expect(logged()).toMatchObject([{ message: 'row failed', row: 13, error: { message: 'unlucky row' } }]);
  });

  it('leaves due rows alone while paused, or while another process holds the claim', async () => {
    let paused = true;
    let claims = 0;
    let mayClaim = false;
    const work = rows({ 1: Date.now() - 1 }, Date.now);
    const { due } = loop(
      Object.assign(work, {
        claim: () => {
          claims++;
          return mayClaim;
        },
      }),
      { paused: () => paused },
    );
    await due.tick();
    expect([work.handled, claims]).toEqual([[], 0]);
    paused = false;
    await due.tick();
    expect([work.handled, claims]).toEqual([[], 1]);
    mayClaim = true;
    await due.tick();
    expect(work.handled).toEqual([1]);
  });

  it('looks again after a round when asked during it, and wakes on its events until stopped', async () => {
    const dueAt: Record<number, number> = { 1: Date.now() - 1 };
    const work = rows(dueAt, Date.now);
    const { due, bus } = loop(work);
    const first = due.tick();
    dueAt[2] = Date.now() - 1; // Falls due after the round read its batch.
    await Promise.all([first, due.tick()]);
    expect(work.handled).toEqual([1, 2]);

    due.start();
    // Nothing is due for a minute: only the event can bring the new row in before the test ends.
    dueAt[3] = Date.now() + 60_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    dueAt[3] = Date.now() - 1;
    bus.publish({ type: 'settings.changed' });
    await expect.poll(() => work.handled, { timeout: 10_000 }).toEqual([1, 2, 3]);
    await due.stop();
    dueAt[4] = Date.now() - 1;
    bus.publish({ type: 'settings.changed' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(work.handled).toEqual([1, 2, 3]);
  });
});
