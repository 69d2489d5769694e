import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { Cursor, Limit, SortColumn, SortDirection, Timestamp, listOf } from './schemas.js';

export const CALLER_KINDS = ['ui', 'mcp', 'workflow', 'cli', 'system'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** The record a call was about, named as it was at the call (so the name outlives a deletion). */
export const ActivitySubject = z.object({
  entity: z.string().describe('customer, product, order, document, ...'),
  id: z.string(),
  name: z.string().nullable(),
});
export type ActivitySubject = z.infer<typeof ActivitySubject>;

/** The fields an update changed: their values before and after the call. */
export const ActivityChanges = z.object({
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});
export type ActivityChanges = z.infer<typeof ActivityChanges>;

export const ActivityEntry = z.object({
  id: z.number().int(),
  at: Timestamp,
  caller_kind: z.enum(CALLER_KINDS),
  caller: z.string().describe('Who called: the MCP client name, "desktop", "browser" or a workflow id'),
  operation: z.string(),
  input: z.unknown().describe('The input as given (large values shortened, file content described)'),
  outcome: z.string().describe('"ok" or an error code'),
  error_message: z.string().nullable(),
  duration_ms: z.number(),
  input_hidden: z
    .boolean()
    .optional()
    .describe('true when the input and error message are left out: not shared with this assistant'),
  is_read: z.boolean().describe('true for a call that only read (changed nothing)'),
  subject: ActivitySubject.nullable().describe('The record the call was about, when there was one'),
  changes: ActivityChanges.nullable().describe('For an update: the changed fields before and after'),
  undoable: z.boolean().describe('Whether the person can undo this call in the app now'),
  undone_at: Timestamp.nullable().describe('When the person undid this call'),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

// Entries hold inputs of every kind; list_activity leaves out those the caller may not read (each
// entry's operation's reveals, turned-off and person-only tools), so it reveals only the log itself.
/** Which reads a listing shows: all, those of assistants and workflows (not the person's own), or none. */
export const ACTIVITY_READS = ['all', 'others', 'none'] as const;

/**
 * time: when called; caller: who acted, as the log names them ("you" for the person, "claude"); outcome: "ok"
 * or the error code (asc puts failures first). Ties: newest first.
 */
export const ACTIVITY_SORTS = ['time', 'caller', 'outcome'] as const;

export const listActivity = defineContract({
  name: 'list_activity',
  domain: 'activity',
  reveals: ['activity'],
  title: 'List activity',
  description:
    'Every operation called in Officina, newest first (or `sort`/`order`): caller (the person’s UI, an MCP ' +
    'client, a workflow), input, outcome, duration. An entry you may not read (its operation or data not ' +
    'shared with you) has input_hidden: true and no input or error message.',
  input: z.strictObject({
    caller: z.string().max(200).optional(),
    caller_kind: z.enum(CALLER_KINDS).optional(),
    operation: z.string().max(100).optional(),
    outcome: z.enum(['ok', 'error']).optional().describe('"error" matches every failure'),
    entity: z.string().max(50).optional().describe('Kind of record: customer, order, document…'),
    reads: z.enum(ACTIVITY_READS).default('all').describe('"none": no reads; "others": no reads by the person'),
    sort: SortColumn(ACTIVITY_SORTS, 'time'),
    order: SortDirection,
    limit: Limit(50),
    cursor: Cursor.optional(),
  }),
  output: listOf(ActivityEntry),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const listActivityFacets = defineContract({
  name: 'list_activity_facets',
  domain: 'activity',
  reveals: ['activity'],
  title: 'List activity facets',
  description: 'The callers and operations that appear in the activity log, for filtering it.',
  input: z.strictObject({}),
  output: z.object({
    callers: z.array(z.object({ caller_kind: z.enum(CALLER_KINDS), caller: z.string() })),
    operations: z.array(z.string()),
    entities: z.array(z.string()).describe('The kinds of record the calls were about'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

/** How long the activity log keeps entries; pruned in small batches at start-up and hourly. */
export const ActivityRetention = z.object({
  days: z
    .number()
    .int()
    .nullable()
    .describe('Entries older than this many days are deleted; null keeps them whatever their age'),
  max_rows: z
    .number()
    .int()
    .nullable()
    .describe('At most this many entries are kept, the oldest deleted first; null sets no limit'),
});
export type ActivityRetention = z.infer<typeof ActivityRetention>;

export const DEFAULT_ACTIVITY_RETENTION: ActivityRetention = { days: 90, max_rows: 1_000_000 };

// Person-only: an assistant that could shorten the log's memory could erase the record of its own work.
export const getActivityRetention = defineContract({
  name: 'get_activity_retention',
  domain: 'activity',
  reveals: ['activity'],
  title: 'Get activity retention',
  description: 'How long the activity log keeps entries: { days, max_rows } (null: no limit). For the person only.',
  input: z.strictObject({}),
  output: ActivityRetention,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const updateActivityRetention = defineContract({
  name: 'update_activity_retention',
  domain: 'activity',
  reveals: ['activity'],
  title: 'Update activity retention',
  description:
    'Change how long the activity log keeps entries. Fields left out stay as they are; null removes that limit. ' +
    'Entries beyond the new limits are deleted shortly after, in small batches. Returns the retention now in force.',
  input: z.strictObject({
    days: z
      .number()
      .int('days is a whole number')
      .min(1, 'days must be at least 1')
      .max(3650, 'days is at most 3650 (ten years); use null to keep entries whatever their age')
      .nullable()
      .optional(),
    max_rows: z
      .number()
      .int('max_rows is a whole number')
      .min(100, 'max_rows must be at least 100')
      .max(100_000_000, 'max_rows is at most 100,000,000; use null for no limit')
      .nullable()
      .optional(),
  }),
  output: ActivityRetention,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const ACTIVITY_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
/** Beyond this, an export asks for a narrower range instead of building a file of hundreds of megabytes. */
export const ACTIVITY_EXPORT_MAX_ENTRIES = 100_000;
/** "100,000": written without Intl, since this runs at import and Intl's first use loads ICU (~7 MB). */
const MAX_ENTRIES_TEXT = String(ACTIVITY_EXPORT_MAX_ENTRIES).replace(/\B(?=(\d{3})+$)/g, ',');

const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'Use an ISO-8601 date or time, like 2026-01-31 or 2026-01-31T09:00:00Z',
  })
  .transform((value) => new Date(value).toISOString());

// Person-only: it hands over the whole log as a file, for the person to keep or audit; an assistant
// reads the log page by page with list_activity. The file holds every call's input: every kind.
export const exportActivity = defineContract({
  name: 'export_activity',
  domain: 'activity',
  reveals: ['activity', 'customers', 'sales', 'documents'],
  title: 'Export activity',
  description:
    'The activity log as a file, oldest entry first: CSV (a header row; cells that a spreadsheet would run as a ' +
    `formula start with an apostrophe) or JSON Lines. Same filters as list_activity, plus since (inclusive) and ` +
    `until (exclusive). At most ${MAX_ENTRIES_TEXT} entries; a larger range is ` +
    'refused with a request to narrow it. Returns { filename, content_type, content, count }.',
  input: z
    .strictObject({
      format: z.enum(ACTIVITY_EXPORT_FORMATS, { error: 'format must be "csv" or "jsonl"' }),
      caller: z.string().max(200).optional(),
      caller_kind: z.enum(CALLER_KINDS).optional(),
      operation: z.string().max(100).optional(),
      outcome: z.enum(['ok', 'error']).optional().describe('"error" matches every failure'),
      entity: z.string().max(50).optional().describe('Only calls about this kind of record'),
      reads: z.enum(ACTIVITY_READS).default('all').describe('As in list_activity'),
      since: Instant.optional().describe('Entries at or after this time'),
      until: Instant.optional().describe('Entries before this time'),
    })
    .refine((v) => v.since === undefined || v.until === undefined || v.since < v.until, {
      message: 'until must be later than since',
      path: ['until'],
    }),
  output: z.object({
    filename: z.string(),
    content_type: z.string(),
    content: z.string(),
    count: z.number().int().describe('Entries in the file'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

// Person-only: the person reverses what was done (most often by their assistant); an assistant that
// could undo could also undo the person's corrections of its work.
export const undoActivity = defineContract({
  name: 'undo_activity',
  domain: 'activity',
  reveals: ['activity', 'customers', 'sales'],
  title: 'Undo',
  description:
    'Reverse one call of the activity log where an inverse exists: an update gets its previous values back, a ' +
    'deletion is restored from the trash, a creation goes to the trash. Refused when the record changed since ' +
    '(undoing would overwrite that change) or when the call was already undone. Returns the entry now.',
  input: z.strictObject({ activity_id: z.number().int().positive() }),
  output: ActivityEntry,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const activityContracts = [
  listActivity,
  listActivityFacets,
  getActivityRetention,
  updateActivityRetention,
  exportActivity,
  undoActivity,
] as const;
