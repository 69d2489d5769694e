import { z } from 'zod';
import { defineContract } from './operation.js';
import { Cursor, Limit, Timestamp, listOf } from './schemas.js';

export const CALLER_KINDS = ['ui', 'mcp', 'workflow', 'cli', 'system'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

export const ActivityEntry = z.object({
  id: z.number().int(),
  at: Timestamp,
  caller_kind: z.enum(CALLER_KINDS),
  caller: z.string().describe('Who called: the MCP client name, "desktop", "browser" or a workflow id'),
  operation: z.string(),
  input: z.unknown().describe('The input as given (large values shortened)'),
  outcome: z.string().describe('"ok" or an error code'),
  error_message: z.string().nullable(),
  duration_ms: z.number(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const listActivity = defineContract({
  name: 'list_activity',
  domain: 'activity',
  title: 'List activity',
  description:
    'The log of every operation called in Officina, newest first: who called it (the person’s UI, an MCP ' +
    'client, a workflow), with what input, the outcome and how long it took. Filter by caller, caller kind, ' +
    'operation or outcome; page with cursor. Returns { items, next_cursor }.',
  input: z.strictObject({
    caller: z.string().max(200).optional(),
    caller_kind: z.enum(CALLER_KINDS).optional(),
    operation: z.string().max(100).optional(),
    outcome: z.enum(['ok', 'error']).optional().describe('"error" matches every failure'),
    limit: Limit(50),
    cursor: Cursor.optional(),
  }),
  output: listOf(ActivityEntry),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const listActivityFacets = defineContract({
  name: 'list_activity_facets',
  domain: 'activity',
  title: 'List activity facets',
  description: 'The callers and operations that appear in the activity log, for filtering it.',
  input: z.strictObject({}),
  output: z.object({
    callers: z.array(z.object({ caller_kind: z.enum(CALLER_KINDS), caller: z.string() })),
    operations: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const activityContracts = [listActivity, listActivityFacets] as const;
