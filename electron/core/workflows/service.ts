import { statSync } from 'node:fs';
import { Cron } from 'croner';
import { OpError } from '../../../shared/errors.js';
import { naturalOrder } from '../../../shared/schemas.js';
import type {
  Execution,
  ExecutionSummary,
  LastRun,
  RunStatus,
  StepRun,
  Workflow,
  WorkflowStep,
  WorkflowTrigger,
} from '../../../shared/workflows.js';
import { FINISHED_STATUSES, type WORKFLOW_SORTS } from '../../../shared/workflows.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Access } from '../permissions/access.js';
import type { WorkflowRunsTable, WorkflowsTable, WorkflowStepRunsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { kindOf, validateDefinition, type CatalogueView } from './validate.js';

export type Rights = 'person' | 'assistant';
export interface Definition {
  name: string;
  description: string | null;
  steps: WorkflowStep[];
  trigger: WorkflowTrigger;
}
type WorkflowRow = WorkflowsTable;
export type RunRow = Selectable<WorkflowRunsTable>;
export type StepRow = Omit<WorkflowStepRunsTable, 'id'> & { id: number };

const MANUAL: WorkflowTrigger = { type: 'manual' };
const ERROR_WITHHELD =
  '[hidden: the error may show data the person has not shared with assistants; the person sees it in the app]';

/** A database this small is compacted by a prune itself: a full VACUUM of it takes well under a second. */
export const SMALL_STORE_BYTES = 32 * 1024 * 1024;

export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'workflow';
}

export function nextFire(trigger: WorkflowTrigger, after: Date, defaultZone: string | undefined): string | null {
  if (trigger.type !== 'schedule') return null;
  const next = new Cron(trigger.cron, { paused: true, timezone: trigger.timezone ?? defaultZone }).nextRun(after);
  return next ? next.toISOString() : null;
}

/** Definitions (every version kept), and the run history as callers read it. */
export class WorkflowService {
  private readonly store: Store;
  private readonly clock: Clock;
  private catalogue: CatalogueView | undefined;
  timeZone: () => string | undefined = () => undefined;

  constructor(deps: { store: Store; clock: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  attach(catalogue: CatalogueView): void {
    this.catalogue = catalogue;
  }

  private get view(): CatalogueView {
    if (!this.catalogue) throw new Error('WorkflowService used before the catalogue was attached');
    return this.catalogue;
  }

  validate(
    def: { steps: WorkflowStep[]; trigger?: WorkflowTrigger | undefined },
    workflowId: string | undefined,
    rights: Rights,
  ) {
    return validateDefinition({ ...def, workflowId }, this.view, rights);
  }

  /** Refuses a definition with problems, each named with its step. */
  private check(def: Definition, workflowId: string, rights: Rights): string[] {
    const { problems, warnings } = this.validate(def, workflowId, rights);
    if (problems.length > 0) {
      const summary = problems
        .slice(0, 5)
        .map((p) => `${p.step_id ? `step "${p.step_id}"` : p.path}: ${p.message}`)
        .join('; ');
      throw new OpError(
        'invalid_input',
        `The workflow has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${summary}${problems.length > 5 ? '; …' : ''}`,
        problems.map((p) => ({ path: p.path, message: p.message })),
      );
    }
    return warnings;
  }

  row(workflowId: string): WorkflowRow {
    const row = this.store.first(
      this.store.query.selectFrom('workflows').selectAll().where('workflow_id', '=', workflowId),
    );
    if (!row) {
      throw new OpError('not_found', `There is no workflow "${workflowId}". See list_workflows.`, [
        { path: 'workflow_id', message: 'No such workflow' },
      ]);
    }
    return row;
  }

  definition(workflowId: string, version: number): Definition {
    const row = this.store.first(
      this.store.query
        .selectFrom('workflow_versions')
        .select('definition')
        .where('workflow_id', '=', workflowId)
        .where('version', '=', version),
    );
    if (!row) {
      throw new OpError('not_found', `Workflow "${workflowId}" has no version ${version}.`, [
        { path: 'version', message: 'No such version' },
      ]);
    }
    return JSON.parse(row.definition) as Definition;
  }

  create(
    input: {
      workflow_id?: string | undefined;
      name: string;
      description?: string | undefined;
      steps: WorkflowStep[];
      trigger?: WorkflowTrigger | undefined;
      max_concurrent?: number | undefined;
      enabled?: boolean | undefined;
    },
    rights: Rights,
    events: EventSink,
  ): Workflow {
    let workflowId = input.workflow_id;
    if (workflowId === undefined) {
      const base = slugOf(input.name);
      workflowId = base;
      for (let n = 2; this.exists(workflowId); n++) workflowId = `${base}-${n}`;
    } else if (this.exists(workflowId)) {
      throw new OpError('conflict', `A workflow "${workflowId}" exists already; change it with update_workflow.`, [
        { path: 'workflow_id', message: 'Taken' },
      ]);
    }
    const def: Definition = {
      name: input.name,
      description: input.description ?? null,
      steps: input.steps,
      trigger: input.trigger ?? MANUAL,
    };
    const warnings = this.check(def, workflowId, rights);
    const now = this.clock.now().toISOString();
    this.store.insertRow('workflows', {
      workflow_id: workflowId,
      name: def.name,
      description: def.description,
      version: 1,
      enabled: input.enabled === false ? 0 : 1,
      trigger: JSON.stringify(def.trigger),
      max_concurrent: input.max_concurrent ?? null,
      created_by: rights,
      next_run_at: nextFire(def.trigger, this.clock.now(), this.timeZone()),
      created_at: now,
      updated_at: now,
    });
    this.insertVersion(workflowId, 1, def, rights, now);
    events.emit({ type: 'record.changed', entity: 'workflow', id: workflowId, action: 'created' });
    return { ...this.get(workflowId), ...(warnings.length ? { warnings } : {}) };
  }

  private insertVersion(workflowId: string, version: number, def: Definition, rights: Rights, at: string): void {
    this.store.insertRow('workflow_versions', {
      workflow_id: workflowId,
      version,
      definition: JSON.stringify(def),
      created_by: rights,
      created_at: at,
    });
  }

  exists(workflowId: string): boolean {
    return (
      this.store.first(
        this.store.query.selectFrom('workflows').select('workflow_id').where('workflow_id', '=', workflowId),
      ) !== undefined
    );
  }

  update(
    input: {
      workflow_id: string;
      name?: string | undefined;
      description?: string | null | undefined;
      steps?: WorkflowStep[] | undefined;
      trigger?: WorkflowTrigger | null | undefined;
      max_concurrent?: number | null | undefined;
      enabled?: boolean | undefined;
    },
    rights: Rights,
    events: EventSink,
  ): Workflow {
    const row = this.row(input.workflow_id);
    const current = this.definition(row.workflow_id, row.version);
    const def: Definition = {
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
      steps: input.steps ?? current.steps,
      trigger: input.trigger === undefined ? current.trigger : (input.trigger ?? MANUAL),
    };
    // An assistant's edit gives the workflow the assistant's rights from then on (its runs too).
    const author: Rights = rights === 'assistant' || row.created_by === 'assistant' ? 'assistant' : 'person';
    const warnings = this.check(def, row.workflow_id, author);
    const now = this.clock.now().toISOString();
    const definitionChanged = JSON.stringify(def) !== JSON.stringify(current);
    const version = definitionChanged ? row.version + 1 : row.version;
    if (definitionChanged) this.insertVersion(row.workflow_id, version, def, author, now);
    this.store.run(
      this.store.query
        .updateTable('workflows')
        .set({
          name: def.name,
          description: def.description,
          version,
          trigger: JSON.stringify(def.trigger),
          enabled: input.enabled === undefined ? row.enabled : input.enabled ? 1 : 0,
          max_concurrent: input.max_concurrent === undefined ? row.max_concurrent : input.max_concurrent,
          created_by: author,
          next_run_at: nextFire(def.trigger, this.clock.now(), this.timeZone()),
          updated_at: now,
        })
        .where('workflow_id', '=', row.workflow_id),
    );
    events.emit({ type: 'record.changed', entity: 'workflow', id: row.workflow_id, action: 'updated' });
    return { ...this.get(row.workflow_id), ...(warnings.length ? { warnings } : {}) };
  }

  get(workflowId: string, version?: number): Workflow {
    const row = this.row(workflowId);
    const def = this.definition(workflowId, version ?? row.version);
    return {
      workflow_id: row.workflow_id,
      name: def.name,
      description: def.description,
      version: version ?? row.version,
      enabled: row.enabled === 1,
      trigger: def.trigger,
      max_concurrent: row.max_concurrent,
      steps: def.steps,
      created_by: row.created_by as Rights,
      created_at: row.created_at,
      updated_at: row.updated_at,
      next_run_at: row.next_run_at,
    };
  }

  list(input: { sort: WorkflowSort; order?: 'asc' | 'desc' | undefined; limit: number; cursor?: string | undefined }) {
    const { sort } = input;
    const order = naturalOrder(input.order, sort === 'last_run');
    let query = this.store.query
      .selectFrom('workflows')
      .selectAll()
      .limit(input.limit + 1);
    // By id (the default) seeks by key; the other sorts page by position: workflows are few.
    const keyset = sort === 'workflow_id' && order === 'asc';
    const list = `workflows:${sort}:${order}`;
    let offset = 0;
    if (keyset) {
      query = query.orderBy('workflow_id');
      if (input.cursor) {
        const [after] = decodeCursor('workflows', input.cursor, ['string']);
        query = query.where('workflow_id', '>', after as string);
      }
    } else {
      if (input.cursor) offset = decodeCursor(list, input.cursor, ['number'])[0] as number;
      query = query.orderBy(workflowOrder(sort, order)).orderBy('workflow_id', order).offset(offset);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    const lastRuns = this.lastRuns(page.map((r) => r.workflow_id));
    return {
      items: page.map((row) => {
        const def = this.definition(row.workflow_id, row.version);
        return {
          workflow_id: row.workflow_id,
          name: row.name,
          description: row.description,
          version: row.version,
          enabled: row.enabled === 1,
          trigger: def.trigger,
          max_concurrent: row.max_concurrent,
          created_by: row.created_by as Rights,
          created_at: row.created_at,
          updated_at: row.updated_at,
          next_run_at: row.next_run_at,
          steps_count: def.steps.length,
          last_run: lastRuns.get(row.workflow_id) ?? null,
        };
      }),
      next_cursor:
        rows.length > input.limit && page.length
          ? keyset
            ? encodeCursor('workflows', [page.at(-1)!.workflow_id])
            : encodeCursor(list, [offset + input.limit])
          : null,
    };
  }

  /**
   * Each workflow's newest run in one query (a list of workflows shows it: no call per row); skipped
   * triggers are not runs the person started, so the newest real one is shown.
   */
  lastRuns(workflowIds: readonly string[]): Map<string, LastRun> {
    const out = new Map<string, LastRun>();
    if (workflowIds.length === 0) return out;
    const rows = this.store.all(
      this.store.query
        .selectFrom('workflow_runs as r')
        .select(['r.workflow_id', 'r.id', 'r.status', 'r.created_at', 'r.finished_at', 'r.error'])
        // Per workflow, its runs' index read backwards to the first that is not a skipped trigger.
        .where('r.id', 'in', (eb) =>
          eb
            .selectFrom('workflows as w')
            .select((e) =>
              e
                .selectFrom('workflow_runs as n')
                .select('n.id')
                .whereRef('n.workflow_id', '=', 'w.workflow_id')
                .where('n.status', '!=', 'skipped')
                .orderBy('n.id', 'desc')
                .limit(1)
                .as('id'),
            )
            .where('w.workflow_id', 'in', [...workflowIds]),
        ),
    );
    for (const r of rows) {
      out.set(r.workflow_id, {
        execution_id: r.id,
        status: r.status as RunStatus,
        created_at: r.created_at,
        completed_at: r.finished_at,
        error: r.error,
      });
    }
    return out;
  }

  delete(workflowId: string, events: EventSink): { workflow_id: string; deleted: true; cancelled_runs: number } {
    this.row(workflowId);
    const now = this.clock.now().toISOString();
    const queued = this.store.all(
      this.store.query
        .selectFrom('workflow_runs')
        .select('id')
        .where('workflow_id', '=', workflowId)
        .where('status', '=', 'queued'),
    );
    this.store.run(
      this.store.query
        .updateTable('workflow_runs')
        .set({
          status: 'cancelled',
          error: 'The workflow was deleted before this run started.',
          finished_at: now,
          updated_at: now,
        })
        .where('workflow_id', '=', workflowId)
        .where('status', '=', 'queued'),
    );
    for (const { id } of queued) events.emit({ type: 'run.updated', id, workflow_id: workflowId, status: 'cancelled' });
    this.store.run(this.store.query.deleteFrom('workflows').where('workflow_id', '=', workflowId));
    events.emit({ type: 'record.changed', entity: 'workflow', id: workflowId, action: 'deleted' });
    return { workflow_id: workflowId, deleted: true, cancelled_runs: queued.length };
  }

  // ---- runs as callers read them ----

  run(id: number): RunRow {
    const row = this.store.first(this.store.query.selectFrom('workflow_runs').selectAll().where('id', '=', id));
    if (!row) {
      throw new OpError('not_found', `There is no run with id ${id}. See list_executions.`, [
        { path: 'execution_id', message: 'No such run' },
      ]);
    }
    return row;
  }

  stepRows(runId: number): StepRow[] {
    return this.store.all(
      this.store.query.selectFrom('workflow_step_runs').selectAll().where('run_id', '=', runId).orderBy('id'),
    );
  }

  /**
   * A run without its steps. Its error may quote a record (a customer's email in a refusal): an
   * assistant from whom the person keeps any kind of data gets it withheld.
   */
  summary(row: RunRow, access?: Access): ExecutionSummary {
    const status = row.status as RunStatus;
    const hideError = access !== undefined && access.hidden.size > 0 && row.error !== null;
    let position: number | null = null;
    if (status === 'queued') {
      position =
        this.store.first(
          this.store.query
            .selectFrom('workflow_runs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'queued')
            .where('id', '<', row.id),
        )?.n ?? 0;
    }
    const executed =
      this.store.first(
        this.store.query
          .selectFrom('workflow_step_runs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('run_id', '=', row.id)
          .where('item', '=', -1)
          .where('status', 'in', ['completed', 'failed']),
      )?.n ?? 0;
    return {
      execution_id: row.id,
      workflow_id: row.workflow_id,
      version: row.version,
      status,
      execution_status: status,
      started_by: row.started_by,
      rights: row.rights as Rights,
      trigger: row.trigger,
      parent_execution_id: row.parent_run_id,
      caused_by_execution_id: row.caused_by_run,
      caused_by_workflow_id: row.caused_by_run === null ? null : ((JSON.parse(row.chain) as string[]).at(-1) ?? null),
      skipped_events: row.skipped_events,
      retry_of: row.retry_of,
      current_step: row.current_step,
      error: hideError ? ERROR_WITHHELD : row.error,
      error_step: row.error_step,
      created_at: row.created_at,
      started_at: row.started_at,
      completed_at: row.finished_at,
      duration_ms: row.duration_ms,
      steps_executed: executed,
      queue_position: position,
    };
  }

  /**
   * The run with every step. Parts an assistant may not see (a step whose operation reveals data the
   * person keeps from it) are withheld; so are the context and the derived steps when any is.
   */
  execution(id: number, access: Access): Execution {
    const row = this.run(id);
    let def: Definition | undefined;
    try {
      def = this.definition(row.workflow_id, row.version);
    } catch {
      def = undefined;
    }
    const stepsById = new Map((def?.steps ?? []).map((s) => [s.id, s]));
    const rows = this.stepRows(id);
    const opsHidden = (def?.steps ?? []).some((s) => s.tool_name !== undefined && !access.mayRead(s.tool_name));
    const exportHidden = access.hidden.has('documents');
    const hide = (step: WorkflowStep | undefined): boolean => {
      if (access.hidden.size === 0) return false;
      if (!step) return true;
      const kind = kindOf(step);
      if (kind === 'op' || kind === 'foreach') return !access.mayRead(step.tool_name ?? '');
      if (kind === 'export') return exportHidden || opsHidden;
      return opsHidden;
    };
    const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
    const steps: StepRun[] = [];
    const items = new Map<string, StepRow[]>();
    for (const r of rows) {
      if (r.item >= 0) items.set(r.step_id, [...(items.get(r.step_id) ?? []), r]);
    }
    for (const r of rows) {
      if (r.item >= 0) continue;
      const step = stepsById.get(r.step_id);
      const hidden = hide(step);
      const stepItems = items.get(r.step_id);
      steps.push({
        step_id: r.step_id,
        name: step?.name ?? null,
        kind: step ? kindOf(step) : 'op',
        tool_name: step?.tool_name ?? null,
        status: r.status as StepRun['status'],
        input: hidden ? null : parse(r.input),
        output: hidden ? null : parse(r.output),
        error: r.error,
        attempts: r.attempts,
        started_at: r.started_at,
        completed_at: r.finished_at,
        duration_ms: r.duration_ms,
        ...(stepItems
          ? {
              items: stepItems.map((it) => ({
                index: it.item,
                status: it.status as StepRun['status'],
                output: hidden ? null : parse(it.output),
                error: it.error,
                attempts: it.attempts,
              })),
            }
          : {}),
        ...(hidden ? { hidden: true } : {}),
      });
    }
    return {
      ...this.summary(row, access),
      context: opsHidden && access.hidden.size > 0 ? null : parse(row.context),
      steps,
    };
  }

  listRuns(
    input: {
      workflow_id?: string | undefined;
      status?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    access?: Access,
  ) {
    let query = this.store.query
      .selectFrom('workflow_runs')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.workflow_id) query = query.where('workflow_id', '=', input.workflow_id);
    if (input.status) query = query.where('status', '=', input.status);
    if (input.cursor) {
      const [before] = decodeCursor('runs', input.cursor, ['number']);
      query = query.where('id', '<', before as number);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((r) => this.summary(r, access)),
      next_cursor: rows.length > input.limit && page.length ? encodeCursor('runs', [page.at(-1)!.id]) : null,
    };
  }

  metrics(input: { workflow_id?: string | undefined; period: string }) {
    const since =
      input.period === 'all'
        ? null
        : new Date(
            this.clock.now().getTime() - { '24h': 1, '7d': 7, '30d': 30 }[input.period as '24h']! * 86_400_000,
          ).toISOString();
    let query = this.store.query.selectFrom('workflow_runs').select(['status', 'duration_ms']);
    if (input.workflow_id) query = query.where('workflow_id', '=', input.workflow_id);
    if (since) query = query.where('created_at', '>=', since);
    const rows = this.store.all(query);
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    const completed = count('completed');
    const failed = count('failed');
    const skipped = count('skipped');
    const finished = rows.filter((r) => FINISHED_STATUSES.includes(r.status as RunStatus)).length - skipped;
    const durations = rows
      .filter((r) => r.status === 'completed' && r.duration_ms !== null)
      .map((r) => r.duration_ms as number)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      durations.length
        ? (durations[Math.min(durations.length - 1, Math.ceil(p * durations.length) - 1)] as number)
        : null;
    let failures = this.store.query
      .selectFrom('workflow_step_runs as s')
      .innerJoin('workflow_runs as r', 'r.id', 's.run_id')
      .select(['r.workflow_id', 's.step_id', (eb) => eb.fn.countAll<number>().as('failures')])
      .where('s.status', '=', 'failed')
      .where('s.item', '=', -1)
      .groupBy(['r.workflow_id', 's.step_id'])
      .orderBy('failures', 'desc')
      .limit(50);
    if (input.workflow_id) failures = failures.where('r.workflow_id', '=', input.workflow_id);
    if (since) failures = failures.where('r.created_at', '>=', since);
    return {
      workflow_id: input.workflow_id ?? null,
      period: input.period,
      total_executions: rows.length - skipped,
      successful_executions: completed,
      failed_executions: failed,
      cancelled_executions: count('cancelled'),
      needs_decision: count('needs_decision'),
      in_progress: count('queued') + count('running') + count('waiting'),
      skipped_triggers: skipped,
      success_rate: finished ? completed / finished : 0,
      average_execution_time: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length / 1000 : null,
      p50_ms: pct(0.5),
      p95_ms: pct(0.95),
      failures_by_step: this.store.all(failures),
    };
  }

  /**
   * Deletes finished runs by age and/or count, then gives the space back: the WAL is checkpointed and
   * the file shrunk where that needs no full VACUUM of a big file (see below).
   */
  prune(input: { older_than_days?: number | undefined; keep_last?: number | undefined }) {
    const sizeOf = () => {
      try {
        return statSync(this.store.path).size;
      } catch {
        return 0;
      }
    };
    const before = sizeOf();
    const finished = FINISHED_STATUSES as string[];
    const deleted = this.store.transaction(() => {
      let n = 0;
      if (input.older_than_days !== undefined) {
        const cutoff = new Date(this.clock.now().getTime() - input.older_than_days * 86_400_000).toISOString();
        n += this.store.run(
          this.store.query
            .deleteFrom('workflow_runs')
            .where('status', 'in', finished)
            .where('finished_at', '<', cutoff),
        ).changes;
      }
      if (input.keep_last !== undefined) {
        const keep = this.store.all(
          this.store.query.selectFrom('workflow_runs').select('id').orderBy('id', 'desc').limit(input.keep_last),
        );
        const lowest = keep.at(-1)?.id;
        let del = this.store.query.deleteFrom('workflow_runs').where('status', 'in', finished);
        if (lowest !== undefined) del = del.where('id', '<', lowest);
        n += this.store.run(del).changes;
      }
      return n;
    });
    // Incremental: freed pages go back to the disk now. A database made before that mode keeps its
    // size (the pages are reused by later writes) until compacted: under SMALL_STORE_BYTES that is
    // done here (well under a second); a bigger one waits for the person (compact_database).
    let compaction: 'incremental' | 'compacted' | 'needed' | 'none' = 'none';
    if (deleted > 0) {
      if (this.store.vacuumsIncrementally) {
        this.store.releaseFreePages();
        compaction = 'incremental';
      } else if (before <= SMALL_STORE_BYTES) {
        this.store.compact();
        compaction = 'compacted';
      } else {
        this.store.checkpoint();
        compaction = 'needed';
      }
    }
    return {
      deleted_runs: deleted,
      file_bytes_before: before,
      file_bytes_after: sizeOf(),
      compaction,
      ...(compaction === 'needed'
        ? {
            note:
              'The space is reused by Officina but the file keeps its size: this database was made before it could ' +
              'give space back bit by bit. The person can compact it once in Settings → App data (it takes a while on a big database).',
          }
        : {}),
    };
  }
}

type WorkflowSort = (typeof WORKFLOW_SORTS)[number];

/**
 * A sorted workflow list's ORDER BY, from the contract's allow-list only. The last run is the newest
 * that is not a skipped trigger (as the list shows it); workflows never run go last either way.
 */
function workflowOrder(sort: WorkflowSort, order: 'asc' | 'desc'): RawBuilder<unknown> {
  const dir = order === 'desc' ? sql`DESC` : sql`ASC`;
  switch (sort) {
    case 'workflow_id':
      return sql`workflow_id ${dir}`;
    case 'name':
      return sql`name COLLATE NOCASE ${dir}`;
    case 'enabled':
      return sql`enabled ${dir}`;
    case 'last_run': {
      const newest = sql`(SELECT MAX(n.id) FROM workflow_runs n WHERE n.workflow_id = workflows.workflow_id AND n.status != 'skipped')`;
      return sql`${newest} IS NULL, ${newest} ${dir}`;
    }
  }
}
