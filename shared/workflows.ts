import { z } from 'zod';
import type { DataKind } from './data-kinds.js';
import { nullAsAbsent } from './null-as-absent.js';
import { PERSON_ONLY, defineContract } from './operation.js';
import { Cursor, IdLike, Limit, SortColumn, SortDirection, TimeZone, listOf } from './schemas.js';

/*
 * Workflows: a definition is a list of steps, each with an id and explicit edges to the next step
 * (`next`, a condition's `then`/`else`, `error_next`, `invalid_next`), so a graph editor can draw it
 * and give it back unchanged. The seed's step shape {id, name, tool_name, parameters, condition?,
 * retry_count?, timeout?} is an `op` step as it is.
 */

export const STEP_KINDS = ['op', 'condition', 'foreach', 'transform', 'validate', 'delay', 'export'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const RUN_STATUSES = [
  'queued',
  'running',
  'waiting',
  'completed',
  'failed',
  'cancelled',
  'needs_decision',
  'skipped',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these will not change again unless retried. */
export const FINISHED_STATUSES: readonly RunStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'needs_decision',
  'skipped',
];

export const STEP_STATUSES = ['running', 'completed', 'failed', 'skipped', 'uncertain', 'waiting'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** The events a workflow can start on (DESIGN.md "Events"; their names are a contract). */
export const TRIGGER_EVENTS = ['record.changed', 'document.changed', 'monitor.changed', 'run.updated'] as const;

export const MAX_STEPS = 200;
/** Runs started by runs (execute_workflow), and workflows started by triggers on what earlier runs did. */
export const MAX_DEPTH = 5;

const StepId = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'A step id is a letter or _ then letters, digits, _ or - (at most 64)');
const Edge = StepId.nullable();
const Expression = z.string().trim().min(1, 'give an expression').max(4000);

export const WorkflowStep = z.strictObject({
  id: StepId,
  name: z.string().trim().max(200).optional(),
  kind: z.enum(STEP_KINDS).optional().describe('Default op (with tool_name)'),
  tool_name: z.string().trim().max(100).optional().describe('op and foreach: the operation to call'),
  parameters: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The operation’s input; strings may hold {{ templates }} (CEL): {{ steps.find.output.id }}'),
  condition: Expression.optional().describe(
    'Run the step only when this is true, else skip it: CEL, or the seed’s context.<key> / step_<id>',
  ),
  if: Expression.optional().describe('condition: CEL expression choosing then or else'),
  then: Edge.optional(),
  else: Edge.optional(),
  items: z.unknown().optional().describe('foreach, validate: the list, usually "{{ steps.x.output.items }}"'),
  concurrency: z.number().int().min(1).max(20).optional().describe('foreach: items at once (default 4)'),
  output: z.unknown().optional().describe('transform: the new shape, with {{ templates }}'),
  rules: z
    .array(z.object({ check: Expression, message: z.string().trim().min(1).max(500) }))
    .max(50)
    .optional()
    .describe('validate: CEL checks over `item`; failing items go to output.invalid'),
  on_invalid: z.enum(['continue', 'fail']).optional(),
  invalid_next: Edge.optional().describe('validate: the step to go to when some items are invalid'),
  seconds: z.number().min(0).max(31_536_000).optional().describe('delay: how long'),
  until: z.string().max(200).optional().describe('delay: an ISO time (may be a template)'),
  format: z.enum(['csv', 'json']).optional().describe('export'),
  data: z.unknown().optional().describe('export: what to write (a list of records for csv)'),
  destination: z.string().max(1024).optional().describe('export: path in the vault (may be a template)'),
  retry_count: z.number().int().min(0).max(10).optional(),
  retry_backoff_ms: z.number().int().min(0).max(600_000).optional().describe('First retry delay, doubled each time'),
  timeout: z.number().min(0.001).max(86_400).optional().describe('Seconds per attempt (default 300)'),
  on_error: z.enum(['fail', 'continue', 'goto']).optional().describe('Default fail; goto jumps to error_next'),
  error_next: Edge.optional(),
  next: Edge.optional().describe('The step after this one (default: the next in the list; null: the end)'),
  idempotent: z
    .boolean()
    .optional()
    .describe('Safe to run twice? Default: from the operation; a step that is not is never re-run after a crash'),
  position: z.object({ x: z.number(), y: z.number() }).optional().describe('Where the designer draws it'),
  ui: z.record(z.string(), z.unknown()).optional().describe('Left as given, for the designer'),
});
export type WorkflowStep = z.infer<typeof WorkflowStep>;

const StepChecked = nullAsAbsent(WorkflowStep);
/**
 * Steps as a caller sends them: checked field by field against WorkflowStep (issues name
 * steps.<n>.<field>), but listed to clients only as objects, with the shape told in words: a step's
 * full schema, three times over, would double the weight of every client's tool list.
 */
export const StepsInput = z
  .array(z.record(z.string(), z.unknown()))
  .max(MAX_STEPS, `at most ${MAX_STEPS} steps`)
  .transform((steps, ctx) => {
    const out: WorkflowStep[] = [];
    steps.forEach((step, i) => {
      const parsed = StepChecked.safeParse(step);
      if (parsed.success) out.push(parsed.data);
      else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [i, ...issue.path] } as never);
    });
    return out;
  })
  .describe('Steps, as create_workflow describes them');
/** A definition's steps as answers carry them (each as WorkflowStep describes). */
const StepsOutput = z.array(z.record(z.string(), z.unknown()));

// A plain union: null-as-absent (shared/null-as-absent.ts) rewraps each option, which a discriminated union refuses.
export const WorkflowTrigger = z.union([
  z.strictObject({ type: z.literal('manual') }),
  z.strictObject({
    type: z.literal('schedule'),
    cron: z.string().trim().min(1).max(200).describe('e.g. "0 9 * * 1-5"'),
    timezone: TimeZone.optional().describe('Default: the business time zone'),
  }),
  z.strictObject({
    type: z.literal('event'),
    event: z.enum(TRIGGER_EVENTS),
    entity: z.string().max(100).optional().describe('record.changed: customer, order…'),
    action: z.string().max(100).optional(),
    status: z.string().trim().max(100).optional().describe('record.changed of an order: its new status, e.g. paid'),
    folder: z.string().max(1024).optional().describe('document.changed: under this folder'),
    when: Expression.optional().describe('CEL over `event`, e.g. event.id > 100'),
  }),
]);
export type WorkflowTrigger = z.infer<typeof WorkflowTrigger>;
/** A trigger as answers carry it (as WorkflowTrigger describes). */
const TriggerOutput = z.custom<WorkflowTrigger>((v) => typeof v === 'object' && v !== null).meta({ type: 'object' });

const WorkflowKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'A workflow id is letters, digits, _, . or - (at most 100)');

export const Workflow = z.object({
  workflow_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  version: z.number().int(),
  enabled: z.boolean(),
  trigger: TriggerOutput,
  max_concurrent: z.number().int().nullable(),
  steps: StepsOutput,
  created_by: z.enum(['person', 'assistant']),
  created_at: z.string(),
  updated_at: z.string(),
  next_run_at: z.string().nullable(),
  warnings: z.array(z.string()).optional(),
});
export type Workflow = z.infer<typeof Workflow>;

export const LastRun = z.object({
  execution_id: z.number(),
  status: z.enum(RUN_STATUSES),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  error: z.string().nullable(),
});
export type LastRun = z.infer<typeof LastRun>;

export const WorkflowSummary = Workflow.omit({ steps: true }).extend({
  steps_count: z.number().int(),
  last_run: LastRun.nullable().describe('The newest run (not counting triggers skipped), or null'),
});

export const Problem = z.object({
  step_id: z.string().nullable(),
  path: z.string(),
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

const definitionFields = {
  name: z.string().trim().min(1, 'give the workflow a name').max(200),
  description: z.string().trim().max(2000).optional(),
  steps: StepsInput,
  trigger: WorkflowTrigger.optional(),
  max_concurrent: z.number().int().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
};

const wf = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
/** Runs show what their steps took and gave: withheld where it is of a kind kept from the caller. */
const RUN_KINDS: readonly DataKind[] = ['customers', 'sales', 'documents'];

export const createWorkflow = defineContract({
  name: 'create_workflow',
  domain: 'workflows',
  title: 'Create workflow',
  description:
    'Save a workflow. Steps run in order, or along next/then/else edges: {id, name?, tool_name, parameters, ' +
    'condition?, retry_count?, timeout? (s), on_error? fail|continue|goto, error_next?, next?, idempotent?} calls ' +
    'an operation; or {id, kind: condition (if, then, else) | foreach (items, tool_name, parameters, concurrency) ' +
    '| transform (output) | validate (items, rules [{check, message}], on_invalid, invalid_next) | delay (seconds ' +
    '| until) | export (format csv|json, data, destination)}. Strings hold {{ CEL }}: {{ steps.<id>.output.x }}, ' +
    '{{ context.email }}, {{ item }}. Problems are refused with their step. template: see list_workflow_templates.',
  input: z.strictObject({
    workflow_id: WorkflowKey.optional().describe('Default: made from the name'),
    ...definitionFields,
    steps: definitionFields.steps.optional(),
    name: definitionFields.name.optional(),
    template: z.string().max(100).optional().describe('A template_id; steps and name default to the template’s'),
  }),
  output: Workflow,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  reveals: [],
});

export const updateWorkflow = defineContract({
  name: 'update_workflow',
  domain: 'workflows',
  title: 'Update workflow',
  description:
    'Change a workflow: a new version with the fields given (steps replace the old steps whole). Runs already ' +
    'started keep the version they started with.',
  input: z.strictObject({
    workflow_id: WorkflowKey,
    name: definitionFields.name.optional(),
    description: z.string().trim().max(2000).nullable().optional().describe('null clears it'),
    steps: definitionFields.steps.optional(),
    trigger: WorkflowTrigger.nullable().optional().describe('null: started by hand only'),
    max_concurrent: z.number().int().min(1).max(100).nullable().optional().describe('null: only the global cap'),
    enabled: z.boolean().optional(),
  }),
  output: Workflow,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const getWorkflow = defineContract({
  name: 'get_workflow',
  domain: 'workflows',
  title: 'Get workflow',
  description: 'One workflow’s definition (its current version, or `version`).',
  input: z.strictObject({ workflow_id: WorkflowKey, version: z.number().int().min(1).optional() }),
  output: Workflow,
  annotations: wf,
  reveals: [],
});

/** last_run: the newest run's start (never run: last). enabled: on first when desc. */
export const WORKFLOW_SORTS = ['workflow_id', 'name', 'last_run', 'enabled'] as const;

export const listWorkflows = defineContract({
  name: 'list_workflows',
  domain: 'workflows',
  title: 'List workflows',
  description: 'The workflows, by id (or `sort`/`order`), with their trigger, version, number of steps and newest run.',
  input: z.strictObject({
    sort: SortColumn(WORKFLOW_SORTS, 'workflow_id'),
    order: SortDirection,
    limit: Limit(100),
    cursor: Cursor.optional(),
  }),
  output: listOf(WorkflowSummary),
  annotations: wf,
  reveals: [],
});

export const deleteWorkflow = defineContract({
  name: 'delete_workflow',
  domain: 'workflows',
  title: 'Delete workflow',
  description:
    'Delete a workflow: its queued runs are cancelled, runs under way finish, and past runs stay in the history.',
  input: z.strictObject({ workflow_id: WorkflowKey }),
  output: z.object({ workflow_id: z.string(), deleted: z.literal(true), cancelled_runs: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const validateWorkflow = defineContract({
  name: 'validate_workflow',
  domain: 'workflows',
  title: 'Validate workflow',
  description:
    'Check a workflow without saving it (give steps) or a saved one (workflow_id): unknown or forbidden ' +
    'operations, bad templates, expressions or inputs, cycles, unbounded self-calls. Lists every problem with its step.',
  input: z.strictObject({
    workflow_id: WorkflowKey.optional(),
    steps: definitionFields.steps.optional(),
    trigger: WorkflowTrigger.optional(),
  }),
  output: z.object({ valid: z.boolean(), problems: z.array(Problem), warnings: z.array(z.string()) }),
  annotations: wf,
  reveals: [],
});

export const StepRun = z.object({
  step_id: z.string(),
  name: z.string().nullable(),
  kind: z.string(),
  tool_name: z.string().nullable(),
  status: z.string().describe('running, completed, failed, skipped, uncertain (cut off by a crash), waiting'),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  attempts: z.number(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  items: z.array(z.record(z.string(), z.unknown())).optional().describe('foreach: each item’s status and output'),
  hidden: z.boolean().optional().describe('input and output withheld: data not shared with you'),
});
export type StepRun = z.infer<typeof StepRun>;

export const Execution = z.object({
  execution_id: z.number(),
  workflow_id: z.string(),
  version: z.number(),
  status: z.enum(RUN_STATUSES),
  execution_status: z.enum(RUN_STATUSES),
  context: z.unknown(),
  started_by: z.string(),
  rights: z.enum(['person', 'assistant']),
  trigger: z.string(),
  parent_execution_id: z.number().nullable(),
  caused_by_execution_id: z
    .number()
    .nullable()
    .describe('Started (or skipped) by a trigger on something this run of another workflow did'),
  caused_by_workflow_id: z.string().nullable().describe('That run’s workflow'),
  skipped_events: z.number().int().describe('skipped: how many events of that run this trigger did not start on'),
  retry_of: z.number().nullable(),
  current_step: z.string().nullable(),
  error: z.string().nullable(),
  error_step: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  steps_executed: z.number(),
  steps: z.array(StepRun),
  queue_position: z.number().nullable().describe('queued: runs waiting before it'),
});
export type Execution = z.infer<typeof Execution>;

export const ExecutionSummary = Execution.omit({ steps: true, context: true });
export type ExecutionSummary = z.infer<typeof ExecutionSummary>;

const ExecutionRef = { execution_id: IdLike.describe('The run’s id (execute_workflow returns it)') };

export const executeWorkflow = defineContract({
  name: 'execute_workflow',
  domain: 'workflows',
  title: 'Run workflow',
  description:
    'Start a run of a workflow with `context` (read by {{ context.x }}). Without `wait` the finished run comes ' +
    'back if it ends within 30 s, else the run as it stands (poll get_execution_status). wait: false returns at ' +
    'once; wait: true waits up to 10 min, with progress notifications. Runs beyond the concurrency caps queue.',
  input: z.strictObject({
    workflow_id: WorkflowKey,
    context: z.record(z.string(), z.unknown()).optional(),
    wait: z.boolean().optional(),
  }),
  output: Execution,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  reveals: RUN_KINDS,
  redacts: RUN_KINDS,
});

export const getExecutionStatus = defineContract({
  name: 'get_execution_status',
  domain: 'workflows',
  title: 'Get run',
  description:
    'One run: status, context, and each step’s status, input (after templating), output, error, attempts, ' +
    'duration. needs_decision: a step not safe to repeat was cut off by a crash (retry_execution or ' +
    'cancel_execution); skipped: a trigger not started, its event from a run of the same workflow or too long a chain.',
  input: z.strictObject(ExecutionRef),
  output: Execution,
  annotations: wf,
  reveals: RUN_KINDS,
  redacts: RUN_KINDS,
});

export const listExecutions = defineContract({
  name: 'list_executions',
  domain: 'workflows',
  title: 'List runs',
  description: 'Runs, newest first, optionally of one workflow or in one status (failed runs: status "failed").',
  input: z.strictObject({
    workflow_id: WorkflowKey.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    limit: Limit(50),
    cursor: Cursor.optional(),
  }),
  output: listOf(ExecutionSummary),
  annotations: wf,
  reveals: RUN_KINDS,
  redacts: RUN_KINDS,
});

export const cancelExecution = defineContract({
  name: 'cancel_execution',
  domain: 'workflows',
  title: 'Cancel run',
  description:
    'Cancel a queued, running, waiting or needs_decision run. A step under way is told to stop; steps done stay done.',
  input: z.strictObject(ExecutionRef),
  output: ExecutionSummary,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  reveals: RUN_KINDS,
  redacts: RUN_KINDS,
});

export const retryExecution = defineContract({
  name: 'retry_execution',
  domain: 'workflows',
  title: 'Retry run',
  description:
    'Go on with a failed, cancelled or needs_decision run: from "failed_step" (default) runs that step again, ' +
    'keeping the steps done; "skip_step" takes it as done (output null); "start" makes a new run with the ' +
    'current version and the same context.',
  input: z.strictObject({
    ...ExecutionRef,
    from: z.enum(['failed_step', 'skip_step', 'start']).default('failed_step'),
  }),
  output: ExecutionSummary,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  reveals: RUN_KINDS,
  redacts: RUN_KINDS,
});

export const getWorkflowMetrics = defineContract({
  name: 'get_workflow_metrics',
  domain: 'workflows',
  title: 'Workflow metrics',
  description:
    'From the run history: runs, success rate, p50/p95 duration and failures by step, for one workflow or all, ' +
    'over a period (24h, 7d, 30d, all; default all).',
  input: z.strictObject({
    workflow_id: WorkflowKey.optional(),
    period: z.enum(['24h', '7d', '30d', 'all']).default('all'),
  }),
  output: z.object({
    workflow_id: z.string().nullable(),
    period: z.string(),
    total_executions: z.number().int(),
    successful_executions: z.number().int(),
    failed_executions: z.number().int(),
    cancelled_executions: z.number().int(),
    needs_decision: z.number().int(),
    in_progress: z.number().int(),
    skipped_triggers: z.number().int().describe('Triggers not started because they would loop'),
    success_rate: z.number().describe('Completed / finished, 0–1'),
    average_execution_time: z.number().nullable().describe('Seconds'),
    p50_ms: z.number().nullable(),
    p95_ms: z.number().nullable(),
    failures_by_step: z.array(z.object({ workflow_id: z.string(), step_id: z.string(), failures: z.number().int() })),
  }),
  annotations: wf,
  reveals: [],
});

export const WorkflowTemplate = z.object({
  template_id: z.string(),
  name: z.string(),
  description: z.string(),
  context_example: z.record(z.string(), z.unknown()),
  steps: StepsOutput,
  trigger: WorkflowTrigger,
});

export const listWorkflowTemplates = defineContract({
  name: 'list_workflow_templates',
  domain: 'workflows',
  title: 'List workflow templates',
  description:
    'Ready-made workflows (order fulfilment, contacts pipeline, document approval): pass a template_id to ' +
    'create_workflow as `template`, with context like context_example when running it.',
  input: z.strictObject({}),
  output: z.object({ items: z.array(WorkflowTemplate), next_cursor: z.null() }),
  annotations: wf,
  reveals: [],
});

export const pruneExecutions = defineContract({
  name: 'prune_executions',
  domain: 'workflows',
  title: 'Prune run history',
  description:
    'Delete finished runs older than older_than_days, or beyond the newest keep_last, and give the space back ' +
    'to the disk. Runs not finished are never deleted.',
  input: z
    .strictObject({
      older_than_days: z.number().min(0).max(36_500).optional(),
      keep_last: z.number().int().min(0).max(10_000_000).optional(),
    })
    .refine((v) => v.older_than_days !== undefined || v.keep_last !== undefined, {
      message: 'Give older_than_days, keep_last or both',
      path: ['older_than_days'],
    }),
  output: z.object({
    deleted_runs: z.number().int(),
    file_bytes_before: z.number().int(),
    file_bytes_after: z.number().int(),
    compaction: z
      .enum(['incremental', 'compacted', 'none', 'needed'])
      .describe(
        'incremental: freed space given back; compacted: a small older database was compacted; needed: the space ' +
          'is reused but the file keeps its size until the person compacts the database',
      ),
    note: z.string().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const compactDatabase = defineContract({
  name: 'compact_database',
  domain: 'data',
  title: 'Compact the database',
  description:
    'Rewrite the database file without its free space (one full VACUUM), and from then on give space back as ' +
    'history is pruned. Blocks other writes while it runs: long on a big database. For the person only.',
  input: z.strictObject({}),
  output: z.object({
    file_bytes_before: z.number().int(),
    file_bytes_after: z.number().int(),
    duration_ms: z.number(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  reveals: [],
  faces: PERSON_ONLY,
});

export const getDatabaseSpace = defineContract({
  name: 'get_database_space',
  domain: 'data',
  title: 'Database space',
  description: 'How big the database file is, how much of it is free, and whether it needs compacting once.',
  input: z.strictObject({}),
  output: z.object({
    file_bytes: z.number().int(),
    free_bytes: z.number().int(),
    gives_space_back: z.boolean().describe('false: compact_database once to make pruning shrink the file'),
  }),
  annotations: wf,
  reveals: [],
  faces: PERSON_ONLY,
});

export const workflowContracts = [
  createWorkflow,
  updateWorkflow,
  getWorkflow,
  listWorkflows,
  deleteWorkflow,
  validateWorkflow,
  listWorkflowTemplates,
  executeWorkflow,
  getExecutionStatus,
  listExecutions,
  cancelExecution,
  retryExecution,
  getWorkflowMetrics,
  pruneExecutions,
  compactDatabase,
  getDatabaseSpace,
] as const;
