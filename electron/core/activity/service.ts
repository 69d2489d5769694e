import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import {
  ACTIVITY_EXPORT_MAX_ENTRIES,
  ActivityRetention,
  DEFAULT_ACTIVITY_RETENTION,
  type ActivityEntry,
  type exportActivity,
  type listActivity,
  type updateActivityRetention,
} from '../../../shared/activity.js';
import { OpError } from '../../../shared/errors.js';
import { naturalOrder } from '../../../shared/schemas.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { ActivityTable, DB } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { csvHeader, csvRow, jsonlRow } from './export.js';

type ListInput = z.output<typeof listActivity.input>;
type ExportInput = z.output<typeof exportActivity.input>;
type Filters = Pick<ExportInput, 'caller' | 'caller_kind' | 'operation' | 'outcome' | 'since' | 'until'> &
  Pick<ListInput, 'entity' | 'reads'>;
type RetentionPatch = z.output<typeof updateActivityRetention.input>;

const RETENTION_KEY = 'activity_retention';
const EXPORT_PAGE = 5_000;
/** Even 100,000 entries can carry long inputs; past this a file is refused rather than built. */
const EXPORT_MAX_CHARS = 64 * 1024 * 1024;

export class ActivityService {
  private readonly store: Store;
  private readonly clock: Clock | undefined;

  constructor(deps: { store: Store; clock?: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  list(input: ListInput): { items: ActivityEntry[]; next_cursor: string | null } {
    const { sort } = input;
    // The value a row is sorted by, read with it, so the next page's cursor carries exactly what SQL compared.
    const key = sort === 'caller' ? ACTOR_KEY : sort === 'outcome' ? sql<string>`outcome` : sql<string>`''`;
    let q = filtered(this.store.query.selectFrom('activity').selectAll().select(key.as('sort_key')), input).limit(
      input.limit + 1,
    );
    const order = naturalOrder(input.order, sort === 'time');
    // Newest first keeps its original cursor, so a page fetched before sorting existed still continues.
    const list = sort === 'time' && order === 'desc' ? 'activity' : `activity:${sort}:${order}`;
    if (sort === 'time') {
      q = q.orderBy('id', order);
      if (input.cursor) {
        const [id] = decodeCursor(list, input.cursor, ['number']) as [number];
        q = q.where('id', order === 'desc' ? '<' : '>', id);
      }
    } else {
      // Keyed on (value, id), newest first within a value: a page stays put as entries arrive.
      q = q.orderBy(key, order).orderBy('id', 'desc');
      if (input.cursor) {
        const [value, id] = decodeCursor(list, input.cursor, ['string', 'number']) as [string, number];
        q = q.where((eb) =>
          eb.or([eb(key, order === 'asc' ? '>' : '<', value), eb.and([eb(key, '=', value), eb('id', '<', id)])]),
        );
      }
    }
    const rows = this.store.all(q);
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    const cursorKey = (row: (typeof items)[number]) => (sort === 'time' ? [row.id] : [row.sort_key, row.id]);
    return {
      items: items.map(toEntry),
      next_cursor: rows.length > input.limit && last ? encodeCursor(list, cursorKey(last)) : null,
    };
  }

  /** The log as a CSV or JSON Lines file, oldest first, read in pages so the rows never sit in memory twice. */
  export(input: ExportInput): { filename: string; content_type: string; content: string; count: number } {
    const { query } = this.store;
    const total = Number(
      this.store.first(filtered(query.selectFrom('activity'), input).select((eb) => eb.fn.countAll().as('n')))?.n ?? 0,
    );
    if (total > ACTIVITY_EXPORT_MAX_ENTRIES) {
      throw tooMany(
        `This range holds ${total.toLocaleString('en-US')} entries; an export takes at most ` +
          `${ACTIVITY_EXPORT_MAX_ENTRIES.toLocaleString('en-US')}. Narrow it with since and until, or filter by caller, operation or outcome.`,
      );
    }
    const csv = input.format === 'csv';
    const parts: string[] = csv ? [csvHeader()] : [];
    let chars = parts[0]?.length ?? 0;
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = this.store.all(
        filtered(query.selectFrom('activity').selectAll(), input)
          .where('id', '>', after)
          .orderBy('id')
          .limit(EXPORT_PAGE),
      );
      for (const row of rows) {
        const line = csv ? csvRow(toEntry(row)) : jsonlRow(toEntry(row));
        chars += line.length;
        if (chars > EXPORT_MAX_CHARS) {
          throw tooMany(
            `These ${total.toLocaleString('en-US')} entries make a file larger than ${EXPORT_MAX_CHARS / 1024 / 1024} MB. ` +
              'Narrow the range with since and until, or filter by caller, operation or outcome.',
          );
        }
        parts.push(line);
        count++;
      }
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) break;
      after = last.id;
    }
    const stamp = (this.clock?.now() ?? new Date())
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replaceAll(':', '-');
    return {
      filename: `officina-activity-${stamp}.${input.format}`,
      content_type: csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      content: parts.join(''),
      count,
    };
  }

  retention(): ActivityRetention {
    const row = this.store.first(
      this.store.query.selectFrom('settings').select('value').where('key', '=', RETENTION_KEY),
    );
    if (!row) return DEFAULT_ACTIVITY_RETENTION;
    // A value this version cannot read keeps the defaults rather than pruning by a guess.
    const parsed = ActivityRetention.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_ACTIVITY_RETENTION;
  }

  updateRetention(patch: RetentionPatch, events: EventSink): ActivityRetention {
    const next: ActivityRetention = {
      ...this.retention(),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    const now = (this.clock?.now() ?? new Date()).toISOString();
    const value = JSON.stringify(next);
    this.store.run(
      this.store.query
        .insertInto('settings')
        .values({ key: RETENTION_KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })),
    );
    // The pruner (here and in the other process) listens for this and applies the new limits.
    events.emit({ type: 'settings.changed' });
    return next;
  }

  facets(): {
    callers: { caller_kind: ActivityEntry['caller_kind']; caller: string }[];
    operations: string[];
    entities: string[];
  } {
    const { query } = this.store;
    const callers = this.store.all(
      query.selectFrom('activity').select(['caller_kind', 'caller']).distinct().orderBy('caller').limit(500),
    );
    const operations = this.store.all(
      query.selectFrom('activity').select('operation').distinct().orderBy('operation').limit(500),
    );
    const entities = this.store.all(
      query
        .selectFrom('activity')
        .select('subject_entity')
        .distinct()
        .where('subject_entity', 'is not', null)
        .orderBy('subject_entity')
        .limit(100),
    );
    return {
      callers: callers.map((c) => ({ caller_kind: c.caller_kind as ActivityEntry['caller_kind'], caller: c.caller })),
      operations: operations.map((o) => o.operation),
      entities: entities.map((e) => e.subject_entity ?? ''),
    };
  }

  /** One entry as stored, with its undo plan: for undo_activity. */
  row(id: number): Selectable<ActivityTable> {
    const row = this.store.first(this.store.query.selectFrom('activity').selectAll().where('id', '=', id));
    if (!row) {
      throw new OpError('not_found', `There is no activity entry #${id}.`, [
        { path: 'activity_id', message: 'No such entry' },
      ]);
    }
    return row;
  }

  entry(id: number): ActivityEntry {
    return toEntry(this.row(id));
  }

  markUndone(id: number, at: string): void {
    this.store.run(this.store.query.updateTable('activity').set({ undone_at: at }).where('id', '=', id));
  }
}

function filtered<O>(
  q: SelectQueryBuilder<DB, 'activity', O>,
  f: Partial<Filters>,
): SelectQueryBuilder<DB, 'activity', O> {
  if (f.caller !== undefined) q = q.where('caller', '=', f.caller);
  if (f.caller_kind !== undefined) q = q.where('caller_kind', '=', f.caller_kind);
  if (f.operation !== undefined) q = q.where('operation', '=', f.operation);
  if (f.outcome === 'ok') q = q.where('outcome', '=', 'ok');
  if (f.outcome === 'error') q = q.where('outcome', '!=', 'ok');
  if (f.since !== undefined) q = q.where('at', '>=', f.since);
  if (f.until !== undefined) q = q.where('at', '<', f.until);
  if (f.entity !== undefined) q = q.where('subject_entity', '=', f.entity);
  if (f.reads === 'none') q = q.where('is_read', '=', 0);
  // The person's own reads (the app listing and opening records) are how they look, not what was done.
  if (f.reads === 'others') q = q.where((eb) => eb.or([eb('is_read', '=', 0), eb('caller_kind', '!=', 'ui')]));
  return q;
}

/**
 * Who acted, as the log's sentences name them (shared/activity-sentences.ts, actorOf), lower-cased: the
 * person's calls are "you" and every Claude client "claude", so sorting by it reads A to Z on screen.
 */
const ACTOR_KEY = sql<string>`(CASE caller_kind
  WHEN 'ui' THEN 'you' WHEN 'cli' THEN 'the command line' WHEN 'system' THEN 'officina'
  WHEN 'workflow' THEN 'workflow ' || lower(caller)
  WHEN 'mcp' THEN (CASE WHEN lower(caller) LIKE '%claude%' THEN 'claude' ELSE lower(caller) END)
  ELSE lower(caller) END)`;

function toEntry(row: Selectable<ActivityTable>): ActivityEntry {
  return {
    id: row.id,
    at: row.at,
    caller_kind: row.caller_kind as ActivityEntry['caller_kind'],
    caller: row.caller,
    operation: row.operation,
    input: JSON.parse(row.input) as unknown,
    outcome: row.outcome,
    error_message: row.error_message,
    duration_ms: row.duration_ms,
    is_read: row.is_read === 1,
    subject:
      row.subject_entity !== null && row.subject_id !== null
        ? { entity: row.subject_entity, id: row.subject_id, name: row.subject_name }
        : null,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as ActivityEntry['changes']),
    undoable: row.undo !== null && row.undone_at === null && row.outcome === 'ok',
    undone_at: row.undone_at,
  };
}

function tooMany(message: string): OpError {
  return new OpError('invalid_input', message, [{ path: 'since', message: 'Narrow the range' }]);
}
