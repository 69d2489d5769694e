import type { CallerKind } from '../../../shared/activity.js';
import { isNotableActivity, type OfficinaEvent } from '../../../shared/events.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Store } from './store.js';

export const CHANGE_POLL_MS = 250;
const FEED_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Lets two processes on one database (the app and the stdio server Claude Desktop starts) see each
 * other's writes: events are written to `change_feed` inside the write's transaction, and each
 * process polls `PRAGMA data_version` (free when nothing changed) to republish the others' events.
 */
export class ChangeFeed {
  private readonly store: Store;
  private readonly bus: EventBus;
  private readonly log: Logger;
  readonly processId: string;
  private lastFeedId = 0;
  private lastActivityId = 0;
  private lastDataVersion = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(deps: { store: Store; bus: EventBus; log: Logger; processId: string }) {
    this.store = deps.store;
    this.bus = deps.bus;
    this.log = deps.log;
    this.processId = deps.processId;
  }

  record(event: OfficinaEvent): void {
    this.recordAll([event]);
  }

  /**
   * Records a write's events at once, one row each as `record` does, in one multi-row INSERT: a
   * write that emits many (an order: each product, then the order) pays for one statement.
   */
  recordAll(events: readonly OfficinaEvent[]): void {
    const at = new Date().toISOString();
    this.store.insertRows(
      'change_feed',
      events.map((event) => ({ at, process_id: this.processId, event: JSON.stringify(event) })),
    );
  }

  start(): void {
    const { query } = this.store;
    this.store.run(
      query.deleteFrom('change_feed').where('at', '<', new Date(Date.now() - FEED_RETENTION_MS).toISOString()),
    );
    this.lastFeedId =
      this.store.first(query.selectFrom('change_feed').select((eb) => eb.fn.max('id').as('id')))?.id ?? 0;
    this.lastActivityId =
      this.store.first(query.selectFrom('activity').select((eb) => eb.fn.max('id').as('id')))?.id ?? 0;
    this.lastDataVersion = this.store.dataVersion();
    this.timer = setInterval(() => this.poll(), CHANGE_POLL_MS).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Publishes what other processes committed since the last poll. */
  poll(): void {
    try {
      const version = this.store.dataVersion();
      if (version === this.lastDataVersion) return;
      this.lastDataVersion = version;
      const { query } = this.store;
      const rows = this.store.all(
        query
          .selectFrom('change_feed')
          .select(['id', 'process_id', 'event'])
          .where('id', '>', this.lastFeedId)
          .orderBy('id'),
      );
      for (const row of rows) {
        this.lastFeedId = row.id;
        if (row.process_id !== this.processId) this.bus.publish(JSON.parse(row.event) as OfficinaEvent);
      }
      const activity = this.store.all(
        query
          .selectFrom('activity')
          .select(['id', 'process_id', 'operation', 'caller_kind'])
          .where('id', '>', this.lastActivityId)
          .orderBy('id'),
      );
      for (const row of activity) {
        this.lastActivityId = row.id;
        if (row.process_id !== this.processId) {
          this.bus.publish({
            type: 'activity.recorded',
            id: row.id,
            operation: row.operation,
            caller_kind: row.caller_kind as CallerKind,
            notable: isNotableActivity(row.operation),
          });
        }
      }
    } catch (error) {
      this.log.warn('could not read changes from other processes', { error });
    }
  }
}
