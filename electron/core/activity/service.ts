import type { z } from 'zod';
import type { ActivityEntry, listActivity } from '../../../shared/activity.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Store } from '../store/store.js';

type ListInput = z.output<typeof listActivity.input>;

export class ActivityService {
  private readonly store: Store;

  constructor(deps: { store: Store }) {
    this.store = deps.store;
  }

  list(input: ListInput): { items: ActivityEntry[]; next_cursor: string | null } {
    let q = this.store.query
      .selectFrom('activity')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.caller !== undefined) q = q.where('caller', '=', input.caller);
    if (input.caller_kind !== undefined) q = q.where('caller_kind', '=', input.caller_kind);
    if (input.operation !== undefined) q = q.where('operation', '=', input.operation);
    if (input.outcome === 'ok') q = q.where('outcome', '=', 'ok');
    if (input.outcome === 'error') q = q.where('outcome', '!=', 'ok');
    if (input.cursor) q = q.where('id', '<', decodeCursor('activity', input.cursor, ['number'])[0] as number);
    const rows = this.store.all(q);
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        id: row.id,
        at: row.at,
        caller_kind: row.caller_kind as ActivityEntry['caller_kind'],
        caller: row.caller,
        operation: row.operation,
        input: JSON.parse(row.input) as unknown,
        outcome: row.outcome,
        error_message: row.error_message,
        duration_ms: row.duration_ms,
      })),
      next_cursor: rows.length > input.limit && last ? encodeCursor('activity', [last.id]) : null,
    };
  }

  facets(): { callers: { caller_kind: ActivityEntry['caller_kind']; caller: string }[]; operations: string[] } {
    const { query } = this.store;
    const callers = this.store.all(
      query.selectFrom('activity').select(['caller_kind', 'caller']).distinct().orderBy('caller').limit(500),
    );
    const operations = this.store.all(
      query.selectFrom('activity').select('operation').distinct().orderBy('operation').limit(500),
    );
    return {
      callers: callers.map((c) => ({ caller_kind: c.caller_kind as ActivityEntry['caller_kind'], caller: c.caller })),
      operations: operations.map((o) => o.operation),
    };
  }
}
