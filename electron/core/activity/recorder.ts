import type { ActivityChanges, ActivitySubject, CallerKind } from '../../../shared/activity.js';
import { isNotableActivity } from '../../../shared/events.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { UndoPlan } from './notes.js';
import { sanitizeForLog } from './sanitize.js';

export interface ActivityRecord {
  at: string;
  caller_kind: CallerKind;
  caller: string;
  operation: string;
  input: unknown;
  outcome: string;
  error_message: string | null;
  duration_ms: number;
  is_read: boolean;
  subject?: ActivitySubject | null | undefined;
  changes?: ActivityChanges | null | undefined;
  undo?: UndoPlan | null | undefined;
}

/** Reads are logged in batches: a crash loses at most this window of read entries, never a write's. */
export const READ_LOG_FLUSH_MS = 250;
const READ_LOG_MAX_BATCH = 500;

/**
 * Writes to the activity log. A write's entry is inserted inside the write's own transaction
 * (`recordNow`); reads and failures are buffered and flushed together (`recordLater`).
 */
export class ActivityRecorder {
  private buffer: ActivityRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly store: Store;
  private readonly bus: EventBus;
  private readonly log: Logger;
  private readonly processId: string;

  constructor(deps: { store: Store; bus: EventBus; log: Logger; processId: string }) {
    this.store = deps.store;
    this.bus = deps.bus;
    this.log = deps.log;
    this.processId = deps.processId;
  }

  /** Inserts now, in the caller's transaction if there is one; returns the id to announce after commit. */
  recordNow(record: ActivityRecord): number {
    return this.store.insertRow('activity', {
      at: record.at,
      caller_kind: record.caller_kind,
      caller: record.caller,
      operation: record.operation,
      input: serializeInput(record.input),
      outcome: record.outcome,
      error_message: record.error_message,
      duration_ms: Math.round(record.duration_ms * 1000) / 1000,
      process_id: this.processId,
      is_read: record.is_read ? 1 : 0,
      subject_entity: record.subject?.entity ?? null,
      subject_id: record.subject?.id ?? null,
      subject_name: record.subject?.name ?? null,
      changes: record.changes ? serializeInput(record.changes) : null,
      // An undo plan is kept only with a call that succeeded: a refused call changed nothing.
      undo: record.undo && record.outcome === 'ok' ? JSON.stringify(record.undo) : null,
    }).lastInsertRowid;
  }

  announce(id: number, record: Pick<ActivityRecord, 'operation' | 'caller_kind'>): void {
    this.bus.publish({
      type: 'activity.recorded',
      id,
      operation: record.operation,
      caller_kind: record.caller_kind,
      notable: isNotableActivity(record.operation),
    });
  }

  recordLater(record: ActivityRecord): void {
    // After close the store is gone; only a call refused during shutdown can get here.
    if (this.closed) return;
    this.buffer.push(record);
    // A full batch is written right after this call returns, not inside it: no caller waits on the log.
    if (this.buffer.length >= READ_LOG_MAX_BATCH) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), 0).unref();
    } else {
      this.timer ??= setTimeout(() => this.flush(), READ_LOG_FLUSH_MS).unref();
    }
  }

  /** Writes what is buffered and takes no more: the last step before the store closes. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      const ids = this.store.transaction(() => batch.map((record) => this.recordNow(record)));
      ids.forEach((id, i) => this.announce(id, batch[i] as ActivityRecord));
    } catch (error) {
      this.log.error('could not write activity entries', { error, count: batch.length });
    }
  }
}

function serializeInput(input: unknown): string {
  try {
    return JSON.stringify(sanitizeForLog(input ?? null)) ?? 'null';
  } catch {
    return JSON.stringify('[input could not be serialised]');
  }
}
