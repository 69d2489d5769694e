import type { Clock } from '../catalogue/context.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import { DueLoop } from './due-loop.js';
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
  private readonly loop: DueLoop;

  constructor(deps: MonitorScheduler['deps'] & { paused?: () => boolean }) {
    this.deps = deps;
    const { monitors } = deps;
    this.loop = new DueLoop({
      work: {
        due: (limit) => monitors.due(limit),
        nextDue: () => monitors.nextDue(),
        handle: (id, signal) => monitors.check(id, (write) => writeInBackground(deps, write), signal, { quiet: true }),
        // The lease is taken only when there is work: with nothing due, a process writes nothing at all.
        claim: () => this.holdLease(),
      },
      bus: deps.bus,
      clock: deps.clock,
      log: deps.log,
      // A monitor made or rescheduled (here or in the other process) may be due sooner than the timer.
      wakeOn: (event) =>
        (event.type === 'monitor.changed' && (event.action === 'created' || event.action === 'updated')) ||
        event.type === 'settings.changed',
      batch: BATCH,
      concurrency: CONCURRENCY,
      minWaitMs: 1_000,
      // Renewing the lease at half-time while checks go on.
      maxWaitMs: LEASE_MS / 2,
      paused: deps.paused,
      // quiet checks record their failures; what reaches the log is unexpected.
      describe: (id) => ['monitor check failed', { monitor: id }],
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.release();
  }

  /** Runs what is due now (the timer's work; tests call it directly). */
  tick(): Promise<void> {
    return this.loop.tick();
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
