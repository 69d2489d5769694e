import { OpError } from '../../../shared/errors.js';
import type { MonitorNotification, NotificationDelivery } from '../../../shared/monitors.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { NotificationDeliveriesTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { ResourceRequest, FetchedResource } from './fetcher.js';

type DeliveryRow = Omit<NotificationDeliveriesTable, 'id'> & { id: number };
/** Runs `write` in one transaction whose events reach the change feed and the bus. */
export type Commit = <T>(write: (events: EventSink) => T) => T;

/** A webhook is tried this many times (the first send and its retries), then given up. */
export const MAX_ATTEMPTS = 5;
/** The first retry after this long, then four times longer each time, at most an hour. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
/** A delivery being sent is held this long: a process that dies while sending leaves it to be retried. */
const CLAIM_MS = 2 * 60_000;
const BODY_LINES = 6;
const BODY_CHARS = 600;

/** The change a notification tells of: the diff of the monitor's text after its ignore rules. */
export interface Change {
  monitor: { id: number; name: string; url: string; webhook_url: string | null };
  snapshotId: number | null;
  diff: string;
  added: string[];
  removed: string[];
}

/**
 * Change notifications that are not lost: each change a monitor finds is written (in the check's own
 * transaction) as a notification for the person's inbox, and as a delivery per channel it goes out
 * on — a webhook, POSTed through the guarded fetcher. A failed delivery keeps its attempts and error,
 * is retried with exponential backoff, and is given up after MAX_ATTEMPTS, visibly; the person may
 * send it again. Desktop notifications hear of the `notification.changed` event.
 */
export class NotificationService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly fetcher: { fetchResource(request: ResourceRequest): Promise<FetchedResource> };
  private readonly random: () => number;

  constructor(deps: {
    store: Store;
    clock: Clock;
    fetcher: { fetchResource(request: ResourceRequest): Promise<FetchedResource> };
    random?: () => number;
  }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.fetcher = deps.fetcher;
    this.random = deps.random ?? Math.random;
  }

  /** Called inside the transaction that records the change. */
  create(change: Change, events: EventSink): number {
    const now = this.clock.now().toISOString();
    const title = `${change.monitor.name} changed`;
    const body = describeChange(change.added, change.removed);
    const id = this.store.insertRow('monitor_notifications', {
      monitor_id: change.monitor.id,
      snapshot_id: change.snapshotId,
      created_at: now,
      title,
      body,
      diff: change.diff,
      added_lines: change.added.length,
      removed_lines: change.removed.length,
      read_at: null,
    }).lastInsertRowid as number;
    if (change.monitor.webhook_url) {
      this.store.insertRow('notification_deliveries', {
        notification_id: id,
        channel: 'webhook',
        target: change.monitor.webhook_url,
        state: 'pending',
        attempts: 0,
        last_error: null,
        last_attempt_at: null,
        next_attempt_at: now,
        delivered_at: null,
        created_at: now,
      });
    }
    events.emit({ type: 'notification.changed', id, monitor_id: change.monitor.id, action: 'created', title, body });
    return id;
  }

  list(input: {
    monitor_id?: number | null | undefined;
    unread_only: boolean;
    limit: number;
    cursor?: string | null | undefined;
  }) {
    let query = this.store.query
      .selectFrom('monitor_notifications as n')
      .innerJoin('monitors as m', 'm.id', 'n.monitor_id')
      .select([
        'n.id',
        'n.monitor_id',
        'm.name as monitor_name',
        'm.url',
        'n.created_at',
        'n.title',
        'n.body',
        'n.added_lines',
        'n.removed_lines',
        'n.read_at',
      ])
      .orderBy('n.id', 'desc')
      .limit(input.limit + 1);
    if (input.monitor_id !== undefined && input.monitor_id !== null)
      query = query.where('n.monitor_id', '=', input.monitor_id);
    if (input.unread_only) query = query.where('n.read_at', 'is', null);
    if (input.cursor) {
      const [before] = decodeCursor('monitor_notifications', input.cursor, ['number']);
      query = query.where('n.id', '<', before as number);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    const deliveries = this.deliveriesOf(page.map((r) => r.id));
    const items: MonitorNotification[] = page.map(({ read_at, ...row }) => ({
      ...row,
      read: read_at !== null,
      deliveries: deliveries.get(row.id) ?? [],
    }));
    const last = page.at(-1);
    return {
      items,
      next_cursor: rows.length > input.limit && last ? encodeCursor('monitor_notifications', [last.id]) : null,
      unread: this.unread(),
    };
  }

  unread(monitorId?: number): number {
    let query = this.store.query
      .selectFrom('monitor_notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('read_at', 'is', null);
    if (monitorId !== undefined) query = query.where('monitor_id', '=', monitorId);
    return Number(this.store.first(query)?.n ?? 0);
  }

  markRead(
    input: { notification_ids?: number[] | null; monitor_id?: number | null; all?: boolean | null },
    events: EventSink,
  ): { marked: number; unread: number } {
    const now = this.clock.now().toISOString();
    let query = this.store.query
      .updateTable('monitor_notifications')
      .set({ read_at: now })
      .where('read_at', 'is', null)
      .returning(['id', 'monitor_id']);
    if (input.notification_ids) query = query.where('id', 'in', input.notification_ids);
    else if (input.monitor_id !== undefined && input.monitor_id !== null)
      query = query.where('monitor_id', '=', input.monitor_id);
    const marked = this.store.all(query);
    // One event per monitor is enough for views to refresh; per notification would flood a "mark all".
    const monitors = new Map(marked.map((r) => [r.monitor_id, r.id]));
    for (const [monitor_id, id] of monitors)
      events.emit({ type: 'notification.changed', id, monitor_id, action: 'read' });
    return { marked: marked.length, unread: this.unread() };
  }

  /** The person's "retry now": the delivery is pending again, due at once, with its attempts counted afresh. */
  retry(deliveryId: number, events: EventSink): NotificationDelivery {
    const row = this.delivery(deliveryId);
    if (row.state === 'delivered') {
      throw new OpError('conflict', `Notification ${deliveryId} was already delivered to ${row.target}.`, [
        { path: 'delivery_id', message: 'Already delivered' },
      ]);
    }
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('notification_deliveries')
        .set({ state: 'pending', attempts: 0, next_attempt_at: now })
        .where('id', '=', deliveryId),
    );
    events.emit({
      type: 'notification.changed',
      id: row.notification_id,
      monitor_id: this.monitorOf(row),
      action: 'retrying',
    });
    return toDelivery(this.delivery(deliveryId));
  }

  /** Per monitor: unread notifications, and the newest delivery that failed (retrying or given up). */
  summaries(monitorIds: number[]): Map<number, { unread: number; problem: NotificationDelivery | null }> {
    const out = new Map<number, { unread: number; problem: NotificationDelivery | null }>();
    if (monitorIds.length === 0) return out;
    for (const id of monitorIds) out.set(id, { unread: 0, problem: null });
    const unread = this.store.all(
      this.store.query
        .selectFrom('monitor_notifications')
        .select(['monitor_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('read_at', 'is', null)
        .where('monitor_id', 'in', monitorIds)
        .groupBy('monitor_id'),
    );
    for (const row of unread) {
      const entry = out.get(row.monitor_id);
      if (entry) entry.unread = Number(row.n);
    }
    const problems = this.store.all(
      this.store.query
        .selectFrom('notification_deliveries as d')
        .innerJoin('monitor_notifications as n', 'n.id', 'd.notification_id')
        .selectAll('d')
        .select('n.monitor_id')
        .where('n.monitor_id', 'in', monitorIds)
        .where('d.last_error', 'is not', null)
        .where((eb) => eb.or([eb('d.state', '=', 'failed'), eb('d.state', '=', 'pending')]))
        .orderBy('d.id', 'desc'),
    );
    for (const row of problems) {
      const entry = out.get(row.monitor_id);
      if (entry && !entry.problem) entry.problem = toDelivery(row);
    }
    return out;
  }

  /** Deliveries due now, oldest first. */
  due(limit: number): number[] {
    const now = this.clock.now().toISOString();
    return this.store
      .all(
        this.store.query
          .selectFrom('notification_deliveries')
          .select('id')
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .limit(limit),
      )
      .map((r) => r.id);
  }

  nextDue(): Date | undefined {
    const row = this.store.first(
      this.store.query
        .selectFrom('notification_deliveries')
        .select('next_attempt_at')
        .where('state', '=', 'pending')
        .where('next_attempt_at', 'is not', null)
        .orderBy('next_attempt_at')
        .limit(1),
    );
    return row?.next_attempt_at ? new Date(row.next_attempt_at) : undefined;
  }

  /**
   * Sends one due delivery, if this process wins it: the claim (an attempt counted, the delivery held
   * for CLAIM_MS) is one conditional update, so the other process sharing the database never sends
   * it twice. Returns false when there was nothing to send.
   */
  async deliver(id: number, commit: Commit, signal: AbortSignal): Promise<boolean> {
    const claimed = commit(() => this.claim(id));
    if (!claimed) return false;
    const { delivery, payload } = claimed;
    let error: string | null = null;
    try {
      const answer = await this.fetcher.fetchResource({
        url: delivery.target,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: '*/*' },
        body: JSON.stringify(payload),
        signal,
        timeoutMs: 15_000,
        maxBytes: 256 * 1024,
        maxRedirects: 0,
        field: 'webhook_url',
      });
      if (answer.status < 200 || answer.status >= 300) {
        error = `it answered ${answer.status}${answer.status >= 300 && answer.status < 400 ? ' (a redirect, which is not followed for a notification)' : ''}`;
      }
    } catch (failure) {
      if (signal.aborted) {
        // Stopping: the claim lapses and the delivery is sent again by whoever runs next.
        return true;
      }
      error = failure instanceof OpError ? failure.message : String((failure as Error)?.message ?? failure);
    }
    commit((events) => this.recordAttempt(delivery, error, events));
    return true;
  }

  private claim(id: number): { delivery: DeliveryRow; payload: unknown } | undefined {
    const now = this.clock.now();
    const result = this.store.run(
      this.store.query
        .updateTable('notification_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_attempt_at: now.toISOString(),
          next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString(),
        }))
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now.toISOString()),
    );
    if (Number(result.changes) !== 1) return undefined;
    const delivery = this.delivery(id);
    const notification = this.store.first(
      this.store.query
        .selectFrom('monitor_notifications as n')
        .innerJoin('monitors as m', 'm.id', 'n.monitor_id')
        .select(['n.id', 'n.created_at', 'n.title', 'n.body', 'n.diff', 'n.added_lines', 'n.removed_lines'])
        .select(['m.id as monitor_id', 'm.name', 'm.url'])
        .where('n.id', '=', delivery.notification_id),
    );
    if (!notification) return undefined;
    return {
      delivery,
      payload: {
        type: 'monitor.changed',
        notification_id: notification.id,
        created_at: notification.created_at,
        monitor: { id: notification.monitor_id, name: notification.name, url: notification.url },
        title: notification.title,
        summary: notification.body,
        added_lines: notification.added_lines,
        removed_lines: notification.removed_lines,
        diff: notification.diff,
      },
    };
  }

  private recordAttempt(delivery: DeliveryRow, error: string | null, events: EventSink): void {
    const now = this.clock.now();
    const current = this.delivery(delivery.id);
    const monitor_id = this.monitorOf(current);
    if (error === null) {
      this.store.run(
        this.store.query
          .updateTable('notification_deliveries')
          .set({ state: 'delivered', delivered_at: now.toISOString(), last_error: null, next_attempt_at: null })
          .where('id', '=', delivery.id),
      );
      events.emit({ type: 'notification.changed', id: current.notification_id, monitor_id, action: 'delivered' });
      return;
    }
    const givingUp = current.attempts >= MAX_ATTEMPTS;
    const wait = Math.min(FIRST_RETRY_MS * 4 ** (current.attempts - 1), MAX_RETRY_MS) * (0.9 + 0.2 * this.random());
    this.store.run(
      this.store.query
        .updateTable('notification_deliveries')
        .set({
          state: givingUp ? 'failed' : 'pending',
          last_error: error,
          next_attempt_at: givingUp ? null : new Date(now.getTime() + wait).toISOString(),
        })
        .where('id', '=', delivery.id),
    );
    events.emit({
      type: 'notification.changed',
      id: current.notification_id,
      monitor_id,
      action: givingUp ? 'failed' : 'retrying',
    });
  }

  private delivery(id: number): DeliveryRow {
    const row = this.store.first(
      this.store.query.selectFrom('notification_deliveries').selectAll().where('id', '=', id),
    );
    if (!row) {
      throw new OpError('not_found', `There is no notification delivery with id ${id}.`, [
        { path: 'delivery_id', message: 'No such delivery' },
      ]);
    }
    return row;
  }

  private monitorOf(row: DeliveryRow): number {
    return (
      this.store.first(
        this.store.query.selectFrom('monitor_notifications').select('monitor_id').where('id', '=', row.notification_id),
      )?.monitor_id ?? 0
    );
  }

  private deliveriesOf(ids: number[]): Map<number, NotificationDelivery[]> {
    const out = new Map<number, NotificationDelivery[]>();
    if (ids.length === 0) return out;
    const rows = this.store.all(
      this.store.query
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', 'in', ids)
        .orderBy('id'),
    );
    for (const row of rows) {
      const list = out.get(row.notification_id) ?? [];
      list.push(toDelivery(row));
      out.set(row.notification_id, list);
    }
    return out;
  }
}

/** A few lines of what changed, for a notification: the same text the diff shows, ignore rules applied. */
export function describeChange(added: string[], removed: string[]): string {
  const lines = [...added.map((l) => `+ ${l}`), ...removed.map((l) => `− ${l}`)];
  let text = lines.slice(0, BODY_LINES).join('\n');
  if (lines.length > BODY_LINES) text += `\n… and ${lines.length - BODY_LINES} more lines`;
  return text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 1)}…` : text;
}

export function toDelivery(row: DeliveryRow): NotificationDelivery {
  return {
    id: row.id,
    channel: row.channel as NotificationDelivery['channel'],
    target: row.target,
    state: row.state as NotificationDelivery['state'],
    attempts: row.attempts,
    last_error: row.last_error,
    last_attempt_at: row.last_attempt_at,
    next_attempt_at: row.next_attempt_at,
    delivered_at: row.delivered_at,
  };
}
