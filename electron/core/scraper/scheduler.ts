import type { Clock } from '../catalogue/context.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import type { MonitorService } from './monitors.js';

const LEASE_KEY = 'monitor_scheduler';
/** The scheduling process holds the lease this long and renews it at half-time. */
const LEASE_MS = 60_000;
/** Checks running at once; the fetcher still paces each site on its own. */
const CONCURRENCY = 4;
const BATCH = 50;

/**
 * Runs due monitors while Officina runs. One process checks at a time (the desktop app and the
 * stdio server Claude Desktop starts share one database): a lease in the settings table says which,
 * taken (and renewed) only while there are monitors due. Idle, it sleeps until the next monitor is
 * due (one indexed read to find out, at least every half minute for the other process's changes),
 * so a thousand monitors cost nothing between checks, and none costs no write at all.
 */
export class MonitorScheduler {
  private readonly deps: {
    store: Store;
    feed: ChangeFeed;
    bus: EventBus;
    monitors: MonitorService;
    clock: Clock;
    log: Logger;
    processId: string;
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | undefined;
  private paused: () => boolean;

  constructor(deps: MonitorScheduler['deps'] & { paused?: () => boolean }) {
    this.deps = deps;
    this.paused = deps.paused ?? (() => false);
  }

  start(): void {
    // A monitor made or rescheduled (here or in the other process) may be due sooner than the timer.
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.type === 'monitor.changed' && (event.action === 'created' || event.action === 'updated')) this.soon(0);
      if (event.type === 'settings.changed') this.soon(0);
    });
    this.soon(0);
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('Officina is stopping'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running;
    this.release();
  }

  /** Runs what is due now (the timer's work; tests call it directly). */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.work().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private soon(ms: number): void {
    if (this.stopping.signal.aborted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().then(() => this.planNext());
    }, ms);
    this.timer.unref();
  }

  private planNext(): void {
    if (this.stopping.signal.aborted) return;
    const next = this.deps.monitors.nextDue();
    const untilDue = next ? next.getTime() - this.deps.clock.now().getTime() : Infinity;
    this.soon(Math.max(1_000, Math.min(untilDue, LEASE_MS / 2)));
  }

  private async work(): Promise<void> {
    if (this.paused()) return;
    for (;;) {
      const due = this.deps.monitors.due(BATCH);
      // The lease is taken only when there is work: with nothing due, a process writes nothing at all.
      if (due.length === 0 || this.stopping.signal.aborted || !this.holdLease()) return;
      let next = 0;
      const worker = async () => {
        while (next < due.length && !this.stopping.signal.aborted) {
          const id = due[next++] as number;
          try {
            await this.deps.monitors.check(id, (write) => writeInBackground(this.deps, write), this.stopping.signal, {
              quiet: true,
            });
          } catch (error) {
            // quiet checks record their failures; what arrives here is unexpected (or the stop).
            if (!this.stopping.signal.aborted) this.deps.log.error('monitor check failed', { monitor: id, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
      if (due.length < BATCH) return;
    }
  }

  /** Takes or renews the lease; false while another live process holds it. */
  private holdLease(): boolean {
    const { store, clock, processId } = this.deps;
    return store.transaction(() => {
      const row = store.first(store.query.selectFrom('settings').select('value').where('key', '=', LEASE_KEY));
      const now = clock.now().getTime();
      if (row) {
        const lease = JSON.parse(row.value) as { process: string; expires: number };
        if (lease.process !== processId && lease.expires > now) return false;
      }
      const value = JSON.stringify({ process: processId, expires: now + LEASE_MS });
      const at = new Date(now).toISOString();
      store.run(
        store.query
          .insertInto('settings')
          .values({ key: LEASE_KEY, value, updated_at: at })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })),
      );
      return true;
    });
  }

  /** On stop: the other process may take over at once instead of waiting for the lease to lapse. */
  private release(): void {
    const { store, processId } = this.deps;
    try {
      store.transaction(() => {
        const row = store.first(store.query.selectFrom('settings').select('value').where('key', '=', LEASE_KEY));
        if (row && (JSON.parse(row.value) as { process: string }).process === processId) {
          store.run(store.query.deleteFrom('settings').where('key', '=', LEASE_KEY));
        }
      });
    } catch (error) {
      this.deps.log.warn(
        'could not release the monitor scheduler lease; the other process takes over within a minute',
        { error },
      );
    }
  }
}
