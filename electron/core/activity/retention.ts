import type { ActivityRetention } from '../../../shared/activity.js';
import type { Clock } from '../catalogue/context.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Rows deleted per transaction: a few milliseconds of write lock, so calls (and the other process) never wait long. */
export const PRUNE_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  deleted: number;
}

/**
 * Keeps the activity log within the person's retention: at start-up, hourly, and soon after the
 * retention changes. Deletes the oldest entries in small batches, each its own short transaction,
 * yielding to the event loop between batches so calls keep being served.
 */
export class ActivityPruner {
  private readonly store: Store;
  private readonly retention: () => ActivityRetention;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<PruneResult> | undefined;
  private stopped = false;

  constructor(deps: {
    store: Store;
    retention: () => ActivityRetention;
    clock: Clock;
    log: Logger;
    intervalMs?: number | undefined;
    batch?: number | undefined;
  }) {
    this.store = deps.store;
    this.retention = deps.retention;
    this.clock = deps.clock;
    this.log = deps.log;
    this.intervalMs = deps.intervalMs ?? PRUNE_INTERVAL_MS;
    this.batch = deps.batch ?? PRUNE_BATCH;
  }

  /** A first pass right after start-up, then one every interval; neither keeps the process alive. */
  start(): void {
    this.schedule();
    this.timer = setInterval(() => void this.prune(), this.intervalMs).unref();
  }

  /** A pass as soon as the event loop is free (after start-up, or after the retention changed). */
  schedule(): void {
    if (this.stopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.prune();
    }, 0).unref();
  }

  /** Stops the timers and lets a pass under way finish its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = undefined;
    await this.idle();
  }

  /** Resolves once no pass is under way. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** One pass; a call while a pass is under way joins it. */
  prune(): Promise<PruneResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<PruneResult> {
    let deleted = 0;
    try {
      const { days, max_rows } = this.retention();
      if (days !== null) deleted += await this.pruneOlderThan(new Date(this.clock.now().getTime() - days * DAY_MS));
      if (max_rows !== null) deleted += await this.pruneBeyond(max_rows);
      if (deleted > 0) this.log.info('pruned the activity log', { deleted, days, max_rows });
    } catch (error) {
      // The next pass tries again; a log that is briefly too long harms no one.
      if (!this.stopped) this.log.warn('could not prune the activity log', { error, deleted });
    }
    return { deleted };
  }

  /**
   * Ids grow with time, so the old entries are the lowest ids: read the lowest batch (no write lock),
   * delete the leading run that is past the cutoff, and stop at the first entry that is not. No index
   * on `at` is needed, and a pass with nothing to do reads one batch.
   */
  private async pruneOlderThan(cutoff: Date): Promise<number> {
    const limit = cutoff.toISOString();
    const { query } = this.store;
    let deleted = 0;
    while (await this.mayContinue()) {
      const rows = this.store.all(query.selectFrom('activity').select(['id', 'at']).orderBy('id').limit(this.batch));
      const firstKept = rows.findIndex((row) => row.at >= limit);
      const old = firstKept === -1 ? rows.length : firstKept;
      const last = rows[old - 1];
      if (!last) break;
      deleted += this.store.run(query.deleteFrom('activity').where('id', '<=', last.id)).changes;
      if (old < rows.length) break;
    }
    return deleted;
  }

  private async pruneBeyond(maxRows: number): Promise<number> {
    const { query } = this.store;
    const count = () =>
      Number(this.store.first(query.selectFrom('activity').select((eb) => eb.fn.countAll().as('n')))?.n ?? 0);
    let excess = count() - maxRows;
    let deleted = 0;
    while (excess > 0 && (await this.mayContinue())) {
      const edge = this.store.first(
        query
          .selectFrom('activity')
          .select('id')
          .orderBy('id')
          .limit(1)
          .offset(Math.min(this.batch, excess) - 1),
      );
      if (!edge) break;
      const changes = this.store.run(query.deleteFrom('activity').where('id', '<=', edge.id)).changes;
      deleted += changes;
      excess -= changes;
    }
    return deleted;
  }

  /** Between batches: let waiting calls run, and never join a transaction some other code left open. */
  private async mayContinue(): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.store.inTransaction && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 10));
    return !this.stopped && this.store.sqlite.open;
  }
}
