import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { OpError } from '../../../shared/errors.js';
import type { EventCause, OfficinaEvent } from '../../../shared/events.js';
import {
  FINISHED_STATUSES,
  MAX_DEPTH,
  type RunStatus,
  type WorkflowStep,
  type WorkflowTrigger,
} from '../../../shared/workflows.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { Caller, Clock, EventSink } from '../catalogue/context.js';
import { defuseFormula } from '../common/csv-cells.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import { evaluate, holds, render, toCel, truthy, type Scope } from './expressions.js';
import { nextFire, type Definition, type Rights, type RunRow, type StepRow, type WorkflowService } from './service.js';
import { defaultNext, kindOf } from './validate.js';

const LEASE_KEY = 'workflow_engine';
const LEASE_MS = 60_000;
const WATCH_MS = 15_000;
const DEFAULT_TIMEOUT_S = 300;
const MAX_ITEMS = 10_000;
/** A delay this short waits in memory; a longer one is durable (the run sleeps in the database). */
const INLINE_DELAY_MS = 5_000;

export interface EngineOptions {
  /** Runs at once, all workflows together. */
  maxConcurrent?: number;
  /** Stop a run when a step has been cut off by a crash; for tests. */
  random?: () => number;
}

class StepFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
/** An attempt that outlived its step's timeout: told to stop, and its result (if any comes) ignored. */
class StepTimeout extends StepFailure {}
class Stopped extends Error {}
/** The catalogue refused the call because Officina is closing: the step never ran. */
class NotStarted extends Stopped {}
/** The run was cancelled (here, or by another process on the same store). */
class Cancelled extends Error {}
const CANCELLED_MID_STEP = 'The run was cancelled while this step was running.';

type RunCaller = { kind: 'workflow'; name: string; run: NonNullable<Caller['run']> };

interface Active {
  controller: AbortController;
  workflowId: string;
  done: Promise<void>;
}

/**
 * Runs workflows durably. Every step is written down before it runs and after it ends; a local
 * operation's "after" is written inside the operation's own transaction (Catalogue withCommit), so the
 * step and its write commit together or not at all. On start (and whenever the process that ran them
 * is gone), runs left running are resumed at the step that had not completed; a step cut off midway
 * that is neither idempotent nor transactional is not run again: its run waits for the person
 * (needs_decision). One process runs workflows at a time (a lease, as the monitor scheduler's).
 */
export class WorkflowEngine {
  private readonly deps: {
    store: Store;
    feed: ChangeFeed;
    bus: EventBus;
    clock: Clock;
    log: Logger;
    processId: string;
    workflows: WorkflowService;
  };
  private catalogue: Catalogue | undefined;
  private readonly active = new Map<number, Active>();
  private readonly maxConcurrent: number;
  private stopping = false;
  private started = false;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private dispatching = false;
  private dispatchAgain = false;
  private triggers: { workflowId: string; trigger: Extract<WorkflowTrigger, { type: 'event' }> }[] | undefined;
  /** Steps re-run after a crash because they were safe to (idempotent or transactional): for the bench. */
  reruns = 0;

  constructor(deps: WorkflowEngine['deps'], options: EngineOptions = {}) {
    this.deps = deps;
    this.maxConcurrent = options.maxConcurrent ?? 16;
  }

  attach(catalogue: Catalogue): void {
    this.catalogue = catalogue;
  }

  private get cat(): Catalogue {
    if (!this.catalogue) throw new Error('WorkflowEngine used before the catalogue was attached');
    return this.catalogue;
  }

  private write<T>(fn: (events: EventSink) => T): T {
    return writeInBackground(this.deps, fn);
  }

  // ---------------------------------------------------------------- life cycle

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    this.kick();
    this.timer = setInterval(() => this.kick(), WATCH_MS);
    this.timer.unref();
  }

  /** Stops taking work; runs under way stop before their next step (they resume at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.unsubscribe?.();
    const running = [...this.active.values()];
    const settled = Promise.all(running.map((a) => a.done));
    const grace = new Promise((resolve) => setTimeout(resolve, 3000).unref());
    await Promise.race([settled, grace]);
    for (const a of running) a.controller.abort(new Stopped('Officina is stopping'));
    await settled;
    this.release();
  }

  /** Looks for work: takes the lease when there is some, recovers runs left by a dead process, dispatches. */
  kick(): void {
    if (this.stopping || !this.started) return;
    try {
      if (!this.hasWork()) {
        if (this.leader && this.active.size === 0) this.release();
        return;
      }
      if (!this.holdLease()) return;
      if (!this.leaderSince) {
        this.leaderSince = true;
        this.recover();
      }
      this.fireSchedules();
      this.dispatch();
      this.planWake();
    } catch (error) {
      this.deps.log.error('workflow engine could not look for work', { error });
    }
  }
  private leaderSince = false;

  private hasWork(): boolean {
    const { store } = this.deps;
    const unfinished = store.first(
      store.query
        .selectFrom('workflow_runs')
        .select('id')
        .where('status', 'in', ['queued', 'running', 'waiting'])
        .limit(1),
    );
    if (unfinished) return true;
    return this.eventTriggers().length > 0 || this.scheduled() !== undefined;
  }

  private scheduled(): string | undefined {
    const { store } = this.deps;
    return (
      store.first(
        store.query
          .selectFrom('workflows')
          .select('next_run_at')
          .where('next_run_at', 'is not', null)
          .where('enabled', '=', 1)
          .orderBy('next_run_at')
          .limit(1),
      )?.next_run_at ?? undefined
    );
  }

  private holdLease(): boolean {
    const { store, clock, processId } = this.deps;
    const ok = store.transaction(() => {
      const row = store.first(store.query.selectFrom('settings').select('value').where('key', '=', LEASE_KEY));
      const now = clock.now().getTime();
      if (row) {
        const lease = JSON.parse(row.value) as { process: string; expires: number; pid?: number; host?: string };
        if (lease.process !== processId && lease.expires > now && alive(lease)) return false;
        if (lease.process === processId && lease.expires - now > LEASE_MS / 2) return true;
      }
      const value = JSON.stringify({ process: processId, expires: now + LEASE_MS, pid: process.pid, host: hostname() });
      const at = new Date(now).toISOString();
      store.run(
        store.query
          .insertInto('settings')
          .values({ key: LEASE_KEY, value, updated_at: at })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })),
      );
      return true;
    });
    if (!ok) this.leaderSince = false;
    this.leader = ok;
    return ok;
  }

  private release(): void {
    if (!this.leader) return;
    const { store, processId } = this.deps;
    this.leader = false;
    this.leaderSince = false;
    try {
      store.transaction(() => {
        const row = store.first(store.query.selectFrom('settings').select('value').where('key', '=', LEASE_KEY));
        if (row && (JSON.parse(row.value) as { process: string }).process === processId) {
          store.run(store.query.deleteFrom('settings').where('key', '=', LEASE_KEY));
        }
      });
    } catch (error) {
      this.deps.log.warn('could not release the workflow engine lease', { error });
    }
  }

  /**
   * Runs left "running" by a process that is gone: each goes back to the queue to resume where it
   * stopped, except one whose step was cut off midway and is not safe to run twice.
   */
  private recover(): void {
    const { store } = this.deps;
    const stale = store
      .all(store.query.selectFrom('workflow_runs').selectAll().where('status', '=', 'running'))
      .filter((r) => !this.active.has(r.id));
    for (const run of stale) {
      try {
        this.recoverRun(run);
      } catch (error) {
        this.deps.log.error('could not recover a workflow run', { run: run.id, error });
        this.finish(
          run,
          'failed',
          `Officina could not resume this run after a restart: ${(error as Error).message}`,
          null,
        );
      }
    }
  }

  private recoverRun(run: RunRow): void {
    const def = this.deps.workflows.definition(run.workflow_id, run.version);
    const byId = new Map(def.steps.map((s) => [s.id, s]));
    const inFlight = this.deps.workflows.stepRows(run.id).filter((r) => r.status === 'running');
    const unsafe = inFlight.filter((r) => {
      const step = byId.get(r.step_id);
      return step !== undefined && !this.safeToRepeat(step, r.item >= 0 || kindOf(step) !== 'foreach');
    });
    this.write((events) => {
      const now = this.deps.clock.now().toISOString();
      if (unsafe.length > 0) {
        for (const r of unsafe) {
          this.deps.store.run(
            this.deps.store.query
              .updateTable('workflow_step_runs')
              .set({
                status: 'uncertain',
                error: 'Officina stopped while this step was running: it may or may not have taken effect.',
                finished_at: now,
              })
              .where('id', '=', r.id),
          );
        }
        const first = unsafe[0] as StepRow;
        this.deps.store.run(
          this.deps.store.query
            .updateTable('workflow_runs')
            .set({
              status: 'needs_decision',
              error:
                `Officina stopped while step "${first.step_id}" was running, and that step is not safe to run twice. ` +
                'Check whether it took effect, then retry the run from that step, skip it, or cancel the run.',
              error_step: first.step_id,
              finished_at: now,
              updated_at: now,
            })
            .where('id', '=', run.id),
        );
        events.emit({ type: 'run.updated', id: run.id, workflow_id: run.workflow_id, status: 'needs_decision' });
        return;
      }
      // Safe to run again: their records go, and the run goes back to the head of its queue.
      for (const r of inFlight) {
        this.deps.store.run(this.deps.store.query.deleteFrom('workflow_step_runs').where('id', '=', r.id));
        this.reruns++;
      }
      this.deps.store.run(
        this.deps.store.query
          .updateTable('workflow_runs')
          .set({ status: 'queued', updated_at: now })
          .where('id', '=', run.id),
      );
      events.emit({ type: 'run.updated', id: run.id, workflow_id: run.workflow_id, status: 'queued' });
    });
  }

  /** May a step cut off midway run again? Reads, idempotent and transactional operations may. */
  private safeToRepeat(step: WorkflowStep, isCall: boolean): boolean {
    if (step.idempotent !== undefined) return step.idempotent;
    const kind = kindOf(step);
    if (kind === 'export') return true; // the same content written over the same path
    if (kind !== 'op' && kind !== 'foreach') return true;
    if (!isCall) return true;
    const name = step.tool_name ?? '';
    const contract = this.cat.contract(name);
    if (!contract) return true;
    if (contract.annotations.readOnlyHint || contract.annotations.idempotentHint) return true;
    // Its record commits with its write: cut off, neither happened.
    return this.cat.isTransactional(name);
  }

  // ---------------------------------------------------------------- starting runs

  /** Queues a run; the leader starts it when the caps allow (FIFO). */
  enqueue(input: {
    workflowId: string;
    context: Record<string, unknown>;
    rights: Rights;
    startedBy: string;
    trigger: string;
    parent?: { id: number; depth: number; workflow_id: string; chain: string[] } | undefined;
    retryOf?: number | undefined;
    /** A trigger's run: the event's cause (the workflows that led to it, and the run that made it). */
    cause?: EventCause | undefined;
  }): RunRow {
    const wf = this.deps.workflows.row(input.workflowId);
    if (!wf.enabled && input.trigger !== 'manual') {
      throw new OpError('conflict', `Workflow "${input.workflowId}" is turned off.`);
    }
    const depth = input.parent ? input.parent.depth + 1 : 0;
    if (depth > MAX_DEPTH) {
      throw new OpError(
        'invalid_input',
        `Runs started by runs are ${depth} deep: more than ${MAX_DEPTH}. A workflow that starts itself (or a loop of workflows) needs a condition that ends it.`,
      );
    }
    // A workflow an assistant wrote has the assistant's rights, whoever starts it.
    const rights: Rights = input.rights === 'assistant' || wf.created_by === 'assistant' ? 'assistant' : 'person';
    const now = this.deps.clock.now().toISOString();
    const id = this.write((events) => {
      const runId = this.deps.store.insertRow('workflow_runs', {
        workflow_id: wf.workflow_id,
        version: wf.version,
        status: 'queued',
        context: JSON.stringify(input.context),
        rights,
        started_by: input.startedBy,
        trigger: input.trigger,
        parent_run_id: input.parent?.id ?? null,
        depth,
        chain: JSON.stringify(
          input.parent ? [...input.parent.chain, input.parent.workflow_id] : (input.cause?.chain ?? []),
        ),
        caused_by_run: input.cause?.run_id ?? null,
        retry_of: input.retryOf ?? null,
        current_step: null,
        error: null,
        error_step: null,
        wake_at: null,
        created_at: now,
        started_at: null,
        finished_at: null,
        duration_ms: null,
        updated_at: now,
      }).lastInsertRowid;
      events.emit({ type: 'run.updated', id: runId, workflow_id: wf.workflow_id, status: 'queued' });
      return runId;
    });
    // A run started by a run that waits for it starts at once: queued behind its parent, it never would.
    if (input.parent) this.startNow(id);
    else queueMicrotask(() => this.kick());
    return this.deps.workflows.run(id);
  }

  private startNow(id: number): void {
    const run = this.claim(id);
    if (run) this.launch(run);
  }

  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.dispatchOnce();
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatchOnce(): void {
    if (this.stopping || !this.leader) return;
    const { store } = this.deps;
    while (this.active.size < this.maxConcurrent) {
      const perWorkflow = new Map<string, number>();
      for (const a of this.active.values()) perWorkflow.set(a.workflowId, (perWorkflow.get(a.workflowId) ?? 0) + 1);
      const caps = new Map<string, number | null>();
      const capOf = (wf: string) => {
        if (!caps.has(wf)) {
          caps.set(
            wf,
            store.first(store.query.selectFrom('workflows').select('max_concurrent').where('workflow_id', '=', wf))
              ?.max_concurrent ?? null,
          );
        }
        return caps.get(wf) ?? null;
      };
      const queued = store.all(
        store.query
          .selectFrom('workflow_runs')
          .select(['id', 'workflow_id'])
          .where('status', '=', 'queued')
          .orderBy('id')
          .limit(500),
      );
      const next = queued.find((r) => {
        const cap = capOf(r.workflow_id);
        return cap === null || (perWorkflow.get(r.workflow_id) ?? 0) < cap;
      });
      if (!next) return;
      const run = this.claim(next.id);
      if (run) this.launch(run);
    }
  }

  private claim(id: number): RunRow | undefined {
    const { store } = this.deps;
    const now = this.deps.clock.now().toISOString();
    const claimed = this.write((events) => {
      const row = store.first(store.query.selectFrom('workflow_runs').selectAll().where('id', '=', id));
      if (!row || row.status !== 'queued') return undefined;
      store.run(
        store.query
          .updateTable('workflow_runs')
          .set({ status: 'running', started_at: row.started_at ?? now, wake_at: null, updated_at: now })
          .where('id', '=', id),
      );
      events.emit({ type: 'run.updated', id, workflow_id: row.workflow_id, status: 'running' });
      return { ...row, status: 'running', started_at: row.started_at ?? now };
    });
    return claimed;
  }

  private launch(run: RunRow): void {
    const controller = new AbortController();
    const entry: Active = { controller, workflowId: run.workflow_id, done: Promise.resolve() };
    this.active.set(run.id, entry);
    entry.done = this.execute(run, controller.signal)
      .catch((error) => this.deps.log.error('workflow run failed unexpectedly', { run: run.id, error }))
      .finally(() => {
        this.active.delete(run.id);
        if (!this.stopping) queueMicrotask(() => this.kick());
      });
  }

  // ---------------------------------------------------------------- cancel, retry

  cancel(id: number, events: EventSink): RunRow {
    const run = this.deps.workflows.run(id);
    if (FINISHED_STATUSES.includes(run.status as RunStatus) && run.status !== 'needs_decision') {
      throw new OpError(
        'conflict',
        `Run ${id} has already ${run.status === 'completed' ? 'completed' : `ended (${run.status})`}.`,
      );
    }
    const now = this.deps.clock.now().toISOString();
    this.deps.store.run(
      this.deps.store.query
        .updateTable('workflow_runs')
        .set({ status: 'cancelled', error: 'Cancelled.', finished_at: now, updated_at: now, wake_at: null })
        .where('id', '=', id),
    );
    events.emit({ type: 'run.updated', id, workflow_id: run.workflow_id, status: 'cancelled' });
    this.active.get(id)?.controller.abort(new Cancelled('The run was cancelled.'));
    return this.deps.workflows.run(id);
  }

  retry(id: number, from: 'failed_step' | 'skip_step' | 'start', rights: Rights, startedBy: string): RunRow {
    const run = this.deps.workflows.run(id);
    if (!['failed', 'cancelled', 'needs_decision'].includes(run.status)) {
      throw new OpError(
        'conflict',
        `Run ${id} is ${run.status}: only a failed, cancelled or needs_decision run can be retried.`,
      );
    }
    if (from === 'start') {
      return this.enqueue({
        workflowId: run.workflow_id,
        context: JSON.parse(run.context) as Record<string, unknown>,
        rights: rights === 'assistant' || run.rights === 'assistant' ? 'assistant' : 'person',
        startedBy,
        trigger: 'retry',
        retryOf: run.id,
      });
    }
    const now = this.deps.clock.now().toISOString();
    this.write((events) => {
      const { store } = this.deps;
      const stuck = store.all(
        store.query
          .selectFrom('workflow_step_runs')
          .selectAll()
          .where('run_id', '=', id)
          .where('status', 'in', ['failed', 'uncertain', 'running']),
      );
      for (const r of stuck) {
        if (from === 'skip_step' && r.item === -1 && r.step_id === (run.error_step ?? r.step_id)) {
          store.run(
            store.query
              .updateTable('workflow_step_runs')
              .set({
                status: 'completed',
                output: 'null',
                error: `Skipped by ${startedBy} after: ${r.error ?? 'failure'}`,
                finished_at: now,
              })
              .where('id', '=', r.id),
          );
        } else if (from === 'skip_step' && r.item >= 0) {
          store.run(
            store.query
              .updateTable('workflow_step_runs')
              .set({ status: 'completed', output: 'null', finished_at: now })
              .where('id', '=', r.id),
          );
        } else {
          store.run(store.query.deleteFrom('workflow_step_runs').where('id', '=', r.id));
        }
      }
      store.run(
        store.query
          .updateTable('workflow_runs')
          .set({
            status: 'queued',
            error: null,
            error_step: null,
            finished_at: null,
            duration_ms: null,
            updated_at: now,
          })
          .where('id', '=', id),
      );
      events.emit({ type: 'run.updated', id, workflow_id: run.workflow_id, status: 'queued' });
    });
    queueMicrotask(() => this.kick());
    return this.deps.workflows.run(id);
  }

  /** Resolves with the run once it has finished (or after `ms`), reporting each step as it goes. */
  waitFor(
    id: number,
    ms: number,
    signal: AbortSignal,
    progress?: (done: number, message: string) => void,
  ): Promise<void> {
    return new Promise((resolve) => {
      let done = 0;
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const unsubscribe = this.deps.bus.subscribe((event) => {
        if (event.type !== 'run.updated' || event.id !== id) return;
        if (event.step_id && event.step_status && event.step_status !== 'running') {
          progress?.(++done, `step ${event.step_id}: ${event.step_status}`);
        }
        if (FINISHED_STATUSES.includes(event.status as RunStatus)) finish();
      });
      const timer = setTimeout(finish, ms);
      signal.addEventListener('abort', finish);
      // It may have finished before we listened.
      if (FINISHED_STATUSES.includes(this.deps.workflows.run(id).status as RunStatus)) finish();
    });
  }

  // ---------------------------------------------------------------- running a run

  private async execute(run: RunRow, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    let def: Definition;
    try {
      def = this.deps.workflows.definition(run.workflow_id, run.version);
    } catch (error) {
      this.finish(run, 'failed', (error as Error).message, null);
      return;
    }
    const steps = def.steps;
    const index = new Map(steps.map((s, i) => [s.id, i]));
    const records = new Map<string, StepRow>();
    const itemRecords = new Map<string, Map<number, StepRow>>();
    for (const r of this.deps.workflows.stepRows(run.id)) {
      if (r.item < 0) records.set(r.step_id, r);
      else {
        let m = itemRecords.get(r.step_id);
        if (!m) itemRecords.set(r.step_id, (m = new Map()));
        m.set(r.item, r);
      }
    }
    const context = JSON.parse(run.context) as Record<string, unknown>;
    const celSteps: Record<string, unknown> = {};
    const scope: Scope = {
      context: toCel(context),
      steps: celSteps,
      run: toCel({ id: run.id, workflow_id: run.workflow_id, version: run.version }),
    };
    const remember = (id: string, status: string, output: unknown, error: string | null) => {
      celSteps[id] = { status, output: toCel(output), error };
    };
    for (const [id, r] of records) {
      if (r.status === 'completed' || r.status === 'skipped' || r.status === 'failed') {
        remember(id, r.status, r.output === null ? null : JSON.parse(r.output), r.error);
      }
    }
    const completed = (id: string) => records.get(id)?.status === 'completed';
    const caller: RunCaller = {
      kind: 'workflow' as const,
      name: `${run.workflow_id} (run ${run.id})`,
      run: {
        id: run.id,
        workflow_id: run.workflow_id,
        depth: run.depth,
        rights: run.rights as Rights,
        chain: JSON.parse(run.chain) as string[],
      },
    };

    let cursor: string | null = steps[0]?.id ?? null;
    try {
      while (cursor !== null) {
        const i = index.get(cursor) as number;
        const step = steps[i] as WorkflowStep;
        const fallThrough = step.next !== undefined ? step.next : defaultNext(steps, i);
        const record = records.get(step.id);
        if (record && record.status !== 'running' && record.status !== 'waiting') {
          cursor = this.after(
            step,
            record.status,
            record.output === null ? null : JSON.parse(record.output),
            fallThrough,
          );
          continue;
        }
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Stopped('stopped');
        if (this.stopping) throw new Stopped('Officina is stopping');
        if (this.isCancelled(run.id)) return;

        if (step.condition && !record) {
          let go: boolean;
          try {
            go = holds(step.condition, scope, { context, completed });
          } catch (error) {
            this.recordStep(
              run,
              step.id,
              -1,
              { status: 'failed', error: (error as Error).message, attempts: 1 },
              records,
            );
            this.finish(
              run,
              'failed',
              `Step "${step.id}": its condition could not be read: ${(error as Error).message}`,
              step.id,
              started,
            );
            return;
          }
          if (!go) {
            this.recordStep(run, step.id, -1, { status: 'skipped', attempts: 0 }, records);
            remember(step.id, 'skipped', null, null);
            cursor = fallThrough;
            continue;
          }
        }

        const outcome = await this.runStep(run, step, scope, context, caller, signal, records, itemRecords);
        if (outcome.status === 'waiting') {
          return; // a durable delay: the run sleeps in the database
        }
        remember(step.id, outcome.status, outcome.output, outcome.error ?? null);
        if (outcome.status === 'failed') {
          const onError = step.on_error ?? 'fail';
          if (onError === 'fail') {
            this.finish(run, 'failed', `Step "${step.id}" failed: ${outcome.error}`, step.id, started);
            return;
          }
          cursor = onError === 'goto' ? (step.error_next ?? null) : fallThrough;
          continue;
        }
        cursor = this.after(step, outcome.status, outcome.output, fallThrough);
      }
      this.finish(run, 'completed', null, null, started);
    } catch (error) {
      if (this.isCancelled(run.id)) {
        this.endCutOffSteps(run);
        return;
      }
      if (error instanceof Stopped || this.stopping) return; // left running: resumed at the next start
      this.finish(run, 'failed', (error as Error).message, null, started);
    }
  }

  /** Where a step that ended goes. */
  private after(step: WorkflowStep, status: string, output: unknown, fallThrough: string | null): string | null {
    if (status === 'failed') return step.on_error === 'goto' ? (step.error_next ?? null) : fallThrough;
    const kind = kindOf(step);
    if (kind === 'condition' && status === 'completed') {
      const branch = (output as { branch?: string } | null)?.branch;
      if (branch === 'then') return step.then !== undefined ? step.then : fallThrough;
      return step.else !== undefined ? step.else : fallThrough;
    }
    if (
      kind === 'validate' &&
      step.invalid_next !== undefined &&
      ((output as { invalid_count?: number } | null)?.invalid_count ?? 0) > 0
    ) {
      return step.invalid_next;
    }
    return fallThrough;
  }

  /** A cancelled run's step that was under way ends there, said so (not left "running" forever). */
  private endCutOffSteps(run: RunRow): void {
    const now = this.deps.clock.now().toISOString();
    this.write((events) => {
      const { store } = this.deps;
      const cut = store.all(
        store.query
          .selectFrom('workflow_step_runs')
          .select(['id', 'step_id', 'item'])
          .where('run_id', '=', run.id)
          .where('status', '=', 'running'),
      );
      if (cut.length === 0) return;
      store.run(
        store.query
          .updateTable('workflow_step_runs')
          .set({ status: 'failed', error: CANCELLED_MID_STEP, finished_at: now })
          .where('run_id', '=', run.id)
          .where('status', '=', 'running'),
      );
      for (const r of cut.filter((c) => c.item === -1)) {
        events.emit({
          type: 'run.updated',
          id: run.id,
          workflow_id: run.workflow_id,
          status: 'cancelled',
          step_id: r.step_id,
          step_status: 'failed',
        });
      }
    });
  }

  private isCancelled(runId: number): boolean {
    const row = this.deps.store.first(
      this.deps.store.query.selectFrom('workflow_runs').select('status').where('id', '=', runId),
    );
    return row?.status === 'cancelled';
  }

  private finish(
    run: RunRow,
    status: RunStatus,
    error: string | null,
    errorStep: string | null,
    started?: number,
  ): void {
    const now = this.deps.clock.now().toISOString();
    this.write((events) => {
      const { store } = this.deps;
      const current = store.first(
        store.query.selectFrom('workflow_runs').select(['status', 'started_at']).where('id', '=', run.id),
      );
      if (!current || current.status === 'cancelled') return;
      const began = current.started_at ? Date.parse(current.started_at) : undefined;
      store.run(
        store.query
          .updateTable('workflow_runs')
          .set({
            status,
            error,
            error_step: errorStep,
            finished_at: now,
            current_step: null,
            duration_ms:
              began !== undefined
                ? Math.max(0, Date.parse(now) - began)
                : started !== undefined
                  ? performance.now() - started
                  : null,
            updated_at: now,
          })
          .where('id', '=', run.id),
      );
      events.emit({ type: 'run.updated', id: run.id, workflow_id: run.workflow_id, status });
    });
    if (status === 'failed') this.deps.log.warn(`workflow run ${run.id} (${run.workflow_id}) failed: ${error}`);
  }

  private recordStep(
    run: RunRow,
    stepId: string,
    item: number,
    fields: {
      status: string;
      input?: unknown;
      output?: unknown;
      error?: string | null;
      attempts: number;
      duration?: number | null;
    },
    records?: Map<string, StepRow>,
  ): void {
    this.write((events) => this.recordStepIn(run, stepId, item, fields, events, records));
  }

  /** Writes a step's record (insert or update); inside whatever transaction is open. */
  private recordStepIn(
    run: RunRow,
    stepId: string,
    item: number,
    fields: {
      status: string;
      input?: unknown;
      output?: unknown;
      error?: string | null;
      attempts: number;
      duration?: number | null;
    },
    events: EventSink,
    records?: Map<string, StepRow>,
  ): void {
    const { store } = this.deps;
    const now = this.deps.clock.now().toISOString();
    const ending = fields.status !== 'running';
    const values = {
      status: fields.status,
      ...(fields.input !== undefined ? { input: JSON.stringify(fields.input) } : {}),
      ...(fields.output !== undefined ? { output: JSON.stringify(fields.output ?? null) } : {}),
      error: fields.error ?? null,
      attempts: fields.attempts,
      ...(ending ? { finished_at: now, duration_ms: fields.duration ?? null } : { started_at: now, finished_at: null }),
    };
    const updated = store.run(
      store.query
        .updateTable('workflow_step_runs')
        .set(values)
        .where('run_id', '=', run.id)
        .where('step_id', '=', stepId)
        .where('item', '=', item),
    );
    if (updated.changes === 0) {
      store.insertRow('workflow_step_runs', {
        run_id: run.id,
        step_id: stepId,
        item,
        status: fields.status,
        input: fields.input !== undefined ? JSON.stringify(fields.input) : null,
        output: fields.output !== undefined ? JSON.stringify(fields.output ?? null) : null,
        error: fields.error ?? null,
        attempts: fields.attempts,
        started_at: now,
        finished_at: ending ? now : null,
        duration_ms: ending ? (fields.duration ?? null) : null,
      });
    }
    if (item === -1) {
      if (!ending) {
        store.run(
          store.query
            .updateTable('workflow_runs')
            .set({ current_step: stepId, updated_at: now })
            .where('id', '=', run.id),
        );
      }
      if (records) {
        records.set(stepId, {
          id: 0,
          run_id: run.id,
          step_id: stepId,
          item,
          status: fields.status,
          input: null,
          output: fields.output !== undefined ? JSON.stringify(fields.output ?? null) : null,
          error: fields.error ?? null,
          attempts: fields.attempts,
          started_at: now,
          finished_at: ending ? now : null,
          duration_ms: null,
        });
      }
      events.emit({
        type: 'run.updated',
        id: run.id,
        workflow_id: run.workflow_id,
        status: 'running',
        step_id: stepId,
        step_status: fields.status,
      });
    }
  }

  private async runStep(
    run: RunRow,
    step: WorkflowStep,
    scope: Scope,
    context: Record<string, unknown>,
    caller: RunCaller,
    signal: AbortSignal,
    records: Map<string, StepRow>,
    itemRecords: Map<string, Map<number, StepRow>>,
  ): Promise<{ status: 'completed' | 'failed' | 'waiting'; output: unknown; error?: string }> {
    const kind = kindOf(step);
    const previous = records.get(step.id);
    const maxAttempts = (step.retry_count ?? 0) + 1;
    const timeoutMs = (step.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
    let attempts = previous?.attempts ?? 0;
    const started = performance.now();

    if (kind === 'delay') return this.delayStep(run, step, scope, signal, records);

    for (;;) {
      attempts++;
      let input: unknown;
      try {
        input = this.inputOf(step, scope);
      } catch (error) {
        const message = (error as Error).message;
        this.recordStep(
          run,
          step.id,
          -1,
          { status: 'failed', error: message, attempts, duration: performance.now() - started },
          records,
        );
        return { status: 'failed', output: null, error: message };
      }
      this.recordStep(run, step.id, -1, { status: 'running', input, attempts }, records);
      // The deadline aborts the attempt's signal first, synchronously: from then on a local write of
      // this attempt that has not committed never will (its commit hook refuses inside the transaction).
      const deadline = new AbortController();
      const attemptSignal = AbortSignal.any([signal, deadline.signal]);
      const stepEvents: OfficinaEvent[] = [];
      let committed = false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const failure = new StepTimeout(
              `step "${step.id}" took longer than its timeout (${timeoutMs / 1000} s)`,
              true,
            );
            deadline.abort(failure);
            reject(failure);
          }, timeoutMs);
          timer.unref();
        });
        const output = await Promise.race([
          this.perform(run, step, kind, input, scope, caller, attemptSignal, itemRecords, (data) => {
            if (attemptSignal.aborted) throw attemptSignal.reason;
            // The step's record commits with the operation's own write, its event in the same change feed.
            committed = true;
            this.recordStepIn(
              run,
              step.id,
              -1,
              { status: 'completed', output: data, attempts, duration: performance.now() - started },
              { emit: (e) => stepEvents.push(e) },
              records,
            );
            this.deps.feed.recordAll(stepEvents);
          }),
          timedOut,
        ]);
        if (committed) {
          for (const e of stepEvents) this.deps.bus.publish(e);
        } else {
          this.recordStep(
            run,
            step.id,
            -1,
            { status: 'completed', output, attempts, duration: performance.now() - started },
            records,
          );
        }
        return { status: 'completed', output };
      } catch (error) {
        // (A commit hook that ran before a later failure in the same transaction was rolled back with it.)
        if (error instanceof NotStarted) {
          // Refused by a closing Officina: it never ran, so it runs at the next start as if not begun.
          this.write(() =>
            this.deps.store.run(
              this.deps.store.query
                .deleteFrom('workflow_step_runs')
                .where('run_id', '=', run.id)
                .where('step_id', '=', step.id)
                .where('item', '=', -1),
            ),
          );
          records.delete(step.id);
          throw error;
        }
        if (signal.aborted || this.stopping)
          throw signal.reason instanceof Error ? signal.reason : new Stopped('stopped');
        // Cut off by the deadline: whatever the operation answers later is not this step's output.
        const failure =
          deadline.signal.aborted && deadline.signal.reason instanceof StepTimeout
            ? deadline.signal.reason
            : error instanceof StepFailure
              ? error
              : new StepFailure((error as Error).message, true);
        // A step cut off by its timeout may still take effect (an operation that is not one local
        // transaction and does not stop when told): one not safe to repeat is not tried again.
        const timedOut = failure instanceof StepTimeout;
        if (attempts < maxAttempts && failure.retryable && !(timedOut && !this.safeToRepeat(step, true))) {
          this.recordStep(run, step.id, -1, { status: 'running', input, error: failure.message, attempts }, records);
          const backoff = Math.min(60_000, (step.retry_backoff_ms ?? 1000) * 2 ** (attempts - 1));
          await sleep(backoff, signal);
          continue;
        }
        this.recordStep(
          run,
          step.id,
          -1,
          { status: 'failed', input, error: failure.message, attempts, duration: performance.now() - started },
          records,
        );
        return { status: 'failed', output: null, error: failure.message };
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** What a step is given, with its templates filled in: shown in the run as its input. */
  private inputOf(step: WorkflowStep, scope: Scope): unknown {
    switch (kindOf(step)) {
      case 'op':
        return render(step.parameters ?? {}, scope);
      case 'foreach': {
        const items = render(step.items, scope);
        if (!Array.isArray(items)) {
          throw new StepFailure(
            `foreach needs a list in items, and "${String(step.items)}" gave ${items === null ? 'null' : typeof items}.`,
            false,
          );
        }
        if (items.length > MAX_ITEMS)
          throw new StepFailure(
            `foreach goes through at most ${MAX_ITEMS} items; it was given ${items.length}.`,
            false,
          );
        return { items };
      }
      case 'condition':
        return { if: step.if };
      case 'transform':
        return null;
      case 'validate': {
        const items = render(step.items, scope);
        if (!Array.isArray(items))
          throw new StepFailure(
            `validate needs a list in items; it was given ${items === null ? 'null' : typeof items}.`,
            false,
          );
        return { items };
      }
      case 'export':
        return { format: step.format, destination: render(step.destination, scope) };
      default:
        return null;
    }
  }

  private async perform(
    run: RunRow,
    step: WorkflowStep,
    kind: string,
    input: unknown,
    scope: Scope,
    caller: RunCaller,
    signal: AbortSignal,
    itemRecords: Map<string, Map<number, StepRow>>,
    withCommit: (data: unknown) => void,
  ): Promise<unknown> {
    switch (kind) {
      case 'op':
        return this.call(
          step.tool_name as string,
          input,
          caller,
          signal,
          this.cat.isTransactional(step.tool_name ?? '') ? withCommit : undefined,
        );
      case 'condition': {
        const value = evaluate((step.if as string).replace(/^\s*\{\{([\s\S]+)\}\}\s*$/, '$1').trim(), scope);
        return { branch: truthy(value) ? 'then' : 'else', value };
      }
      case 'transform':
        return render(step.output, scope);
      case 'validate': {
        const items = (input as { items: unknown[] }).items;
        const valid: unknown[] = [];
        const invalid: { index: number; item: unknown; errors: string[] }[] = [];
        items.forEach((item, index) => {
          const itemScope = { ...scope, item: toCel(item), index: BigInt(index) };
          const errors = (step.rules ?? [])
            .filter((rule) => {
              try {
                return !truthy(evaluate(rule.check, itemScope));
              } catch {
                return true;
              }
            })
            .map((rule) => rule.message);
          if (errors.length) invalid.push({ index, item, errors });
          else valid.push(item);
        });
        if (invalid.length > 0 && step.on_invalid === 'fail') {
          const first = invalid[0] as { index: number; errors: string[] };
          throw new StepFailure(
            `${invalid.length} of ${items.length} items are invalid (item ${first.index}: ${first.errors.join('; ')}).`,
            false,
          );
        }
        return { valid, invalid, valid_count: valid.length, invalid_count: invalid.length };
      }
      case 'foreach':
        return this.foreach(run, step, (input as { items: unknown[] }).items, scope, caller, signal, itemRecords);
      case 'export': {
        const data = render(step.data, scope);
        const { destination } = input as { destination: unknown };
        if (typeof destination !== 'string' || !destination)
          throw new StepFailure('export needs destination: a path in the vault.', false);
        const content = step.format === 'csv' ? await toCsv(data) : `${JSON.stringify(data, null, 2)}\n`;
        const document = (await this.call(
          'upload_document',
          { content, destination, overwrite: true },
          caller,
          signal,
        )) as {
          document_id: string;
          size: number;
          version: number;
        };
        return {
          document_id: document.document_id,
          size: document.size,
          version: document.version,
          format: step.format,
        };
      }
      default:
        throw new StepFailure(`Unknown step kind "${kind}".`, false);
    }
  }

  private async call(
    name: string,
    input: unknown,
    caller: RunCaller,
    signal: AbortSignal,
    withCommit?: (data: unknown) => void,
  ): Promise<unknown> {
    const envelope = await this.cat.call(name, input, {
      caller,
      face: 'workflow',
      rights: caller.run.rights,
      signal,
      ...(withCommit ? { withCommit } : {}),
    });
    if (envelope.ok) {
      // A run started by this one that ended badly fails this step, as any failed call does.
      const child = envelope.data as { execution_id?: number; status?: string; error?: string | null };
      if (name === 'execute_workflow' && ['failed', 'cancelled', 'needs_decision'].includes(child.status ?? '')) {
        throw new StepFailure(`run ${child.execution_id} ended ${child.status}: ${child.error ?? ''}`, false);
      }
      return envelope.data;
    }
    const { code, message } = envelope.error;
    if (this.stopping && code === 'internal' && message.includes('shutting down')) throw new NotStarted(message);
    throw new StepFailure(`${name}: ${message}`, !['invalid_input', 'forbidden', 'not_found'].includes(code));
  }

  private async foreach(
    run: RunRow,
    step: WorkflowStep,
    items: unknown[],
    scope: Scope,
    caller: RunCaller,
    signal: AbortSignal,
    itemRecords: Map<string, Map<number, StepRow>>,
  ): Promise<unknown[]> {
    const done = itemRecords.get(step.id) ?? new Map<number, StepRow>();
    const results: unknown[] = new Array(items.length).fill(null);
    const name = step.tool_name as string;
    const transactional = this.cat.isTransactional(name);
    let next = 0;
    let failure: Error | undefined;
    const maxAttempts = (step.retry_count ?? 0) + 1;
    const worker = async () => {
      while (next < items.length && !failure && !signal.aborted) {
        const index = next++;
        const prior = done.get(index);
        if (prior?.status === 'completed') {
          results[index] = prior.output === null ? null : JSON.parse(prior.output);
          continue;
        }
        const itemScope = { ...scope, item: toCel(items[index]), index: BigInt(index) };
        let attempts = prior?.attempts ?? 0;
        for (;;) {
          attempts++;
          const started = performance.now();
          let input: unknown;
          try {
            input = render(step.parameters ?? {}, itemScope);
          } catch (error) {
            failure = new StepFailure(`item ${index}: ${(error as Error).message}`, false);
            this.recordStep(run, step.id, index, { status: 'failed', error: failure.message, attempts });
            return;
          }
          this.recordStep(run, step.id, index, { status: 'running', input, attempts });
          try {
            let committed = false;
            const output = await this.call(
              name,
              input,
              caller,
              signal,
              transactional
                ? (data) => {
                    // Past the step's deadline (or cancelled), the item's write is rolled back, not committed late.
                    if (signal.aborted) throw signal.reason;
                    committed = true;
                    this.recordStepIn(
                      run,
                      step.id,
                      index,
                      { status: 'completed', output: data, attempts, duration: performance.now() - started },
                      { emit: () => undefined },
                    );
                  }
                : undefined,
            );
            if (!committed)
              this.recordStep(run, step.id, index, {
                status: 'completed',
                output,
                attempts,
                duration: performance.now() - started,
              });
            results[index] = output;
            break;
          } catch (error) {
            if (signal.aborted || error instanceof Stopped || this.stopping) {
              if (error instanceof NotStarted) {
                this.write(() =>
                  this.deps.store.run(
                    this.deps.store.query
                      .deleteFrom('workflow_step_runs')
                      .where('run_id', '=', run.id)
                      .where('step_id', '=', step.id)
                      .where('item', '=', index),
                  ),
                );
              }
              failure ??= new Stopped('Officina is stopping');
              return;
            }
            const f = error instanceof StepFailure ? error : new StepFailure((error as Error).message, true);
            if (attempts < maxAttempts && f.retryable) {
              await sleep(Math.min(60_000, (step.retry_backoff_ms ?? 1000) * 2 ** (attempts - 1)), signal).catch(
                () => undefined,
              );
              continue;
            }
            this.recordStep(run, step.id, index, { status: 'failed', input, error: f.message, attempts });
            failure = new StepFailure(`item ${index}: ${f.message}`, false);
            return;
          }
        }
      }
    };
    const width = Math.min(step.concurrency ?? 4, Math.max(1, items.length));
    await Promise.all(Array.from({ length: width }, worker));
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Stopped('stopped');
    if (failure) throw failure;
    return results;
  }

  private async delayStep(
    run: RunRow,
    step: WorkflowStep,
    scope: Scope,
    signal: AbortSignal,
    records: Map<string, StepRow>,
  ): Promise<{ status: 'completed' | 'failed' | 'waiting'; output: unknown; error?: string }> {
    const record = records.get(step.id);
    let wakeAt: number;
    if (record?.status === 'waiting' && record.output) {
      wakeAt = Date.parse((JSON.parse(record.output) as { wake_at: string }).wake_at);
    } else {
      let target: number;
      try {
        target =
          step.until !== undefined
            ? Date.parse(String(render(step.until, scope)))
            : this.deps.clock.now().getTime() + (step.seconds ?? 0) * 1000;
      } catch (error) {
        this.recordStep(run, step.id, -1, { status: 'failed', error: (error as Error).message, attempts: 1 }, records);
        return { status: 'failed', output: null, error: (error as Error).message };
      }
      if (Number.isNaN(target)) {
        const message = `delay: until "${step.until}" is not a time (give an ISO time like 2030-01-01T09:00:00Z).`;
        this.recordStep(run, step.id, -1, { status: 'failed', error: message, attempts: 1 }, records);
        return { status: 'failed', output: null, error: message };
      }
      wakeAt = target;
    }
    const wait = wakeAt - this.deps.clock.now().getTime();
    const output = { wake_at: new Date(wakeAt).toISOString() };
    if (wait > INLINE_DELAY_MS) {
      const now = this.deps.clock.now().toISOString();
      this.write((events) => {
        this.recordStepIn(
          run,
          step.id,
          -1,
          { status: 'waiting', input: { wake_at: output.wake_at }, output, attempts: 1 },
          events,
          records,
        );
        this.deps.store.run(
          this.deps.store.query
            .updateTable('workflow_runs')
            .set({ status: 'waiting', wake_at: output.wake_at, updated_at: now })
            .where('id', '=', run.id)
            .where('status', '=', 'running'),
        );
        events.emit({ type: 'run.updated', id: run.id, workflow_id: run.workflow_id, status: 'waiting' });
      });
      this.planWake();
      return { status: 'waiting', output };
    }
    this.recordStep(run, step.id, -1, { status: 'running', input: { wake_at: output.wake_at }, attempts: 1 }, records);
    if (wait > 0) await sleep(wait, signal);
    this.recordStep(run, step.id, -1, { status: 'completed', output, attempts: 1 }, records);
    return { status: 'completed', output };
  }

  /** Wakes runs whose delay is over, and fires schedules when due. */
  private planWake(): void {
    if (this.stopping || !this.leader) return;
    const { store } = this.deps;
    const nextWake = store.first(
      store.query
        .selectFrom('workflow_runs')
        .select('wake_at')
        .where('status', '=', 'waiting')
        .orderBy('wake_at')
        .limit(1),
    )?.wake_at;
    const nextFireAt = this.scheduled();
    const times = [nextWake, nextFireAt].filter((t): t is string => !!t).map((t) => Date.parse(t));
    if (times.length === 0) return;
    const ms = Math.max(0, Math.min(...times) - this.deps.clock.now().getTime());
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.wakeDue();
        this.kick();
      },
      Math.min(ms, WATCH_MS),
    );
    this.wakeTimer.unref();
  }

  private wakeDue(): void {
    const now = this.deps.clock.now().toISOString();
    this.write((events) => {
      const { store } = this.deps;
      const due = store.all(
        store.query
          .selectFrom('workflow_runs')
          .select(['id', 'workflow_id'])
          .where('status', '=', 'waiting')
          .where('wake_at', '<=', now),
      );
      for (const r of due) {
        store.run(
          store.query.updateTable('workflow_runs').set({ status: 'queued', updated_at: now }).where('id', '=', r.id),
        );
        events.emit({ type: 'run.updated', id: r.id, workflow_id: r.workflow_id, status: 'queued' });
      }
    });
  }

  // ---------------------------------------------------------------- triggers

  private fireSchedules(): void {
    const { store, clock } = this.deps;
    const now = clock.now();
    const due = store.all(
      store.query
        .selectFrom('workflows')
        .select(['workflow_id', 'trigger', 'next_run_at'])
        .where('enabled', '=', 1)
        .where('next_run_at', '<=', now.toISOString()),
    );
    for (const wf of due) {
      const trigger = JSON.parse(wf.trigger) as WorkflowTrigger;
      this.write((events) => {
        // Missed fires while Officina was closed count once, not once each.
        store.run(
          store.query
            .updateTable('workflows')
            .set({ next_run_at: nextFire(trigger, now, this.deps.workflows.timeZone()) })
            .where('workflow_id', '=', wf.workflow_id),
        );
        events.emit({ type: 'record.changed', entity: 'workflow', id: wf.workflow_id, action: 'updated' });
      });
      try {
        this.enqueue({
          workflowId: wf.workflow_id,
          context: { scheduled_at: wf.next_run_at },
          rights: 'person',
          startedBy: 'schedule',
          trigger: 'schedule',
        });
      } catch (error) {
        this.deps.log.warn(`scheduled run of ${wf.workflow_id} not started`, { error });
      }
    }
  }

  private eventTriggers() {
    if (!this.triggers) {
      const { store } = this.deps;
      this.triggers = store
        .all(store.query.selectFrom('workflows').select(['workflow_id', 'trigger']).where('enabled', '=', 1))
        .map((r) => ({ workflowId: r.workflow_id, trigger: JSON.parse(r.trigger) as WorkflowTrigger }))
        .filter(
          (t): t is { workflowId: string; trigger: Extract<WorkflowTrigger, { type: 'event' }> } =>
            t.trigger.type === 'event',
        );
    }
    return this.triggers;
  }

  private onEvent(event: OfficinaEvent): void {
    if (event.type === 'record.changed' && event.entity === 'workflow') {
      this.triggers = undefined;
      this.kick();
      return;
    }
    if (event.type === 'run.updated' && event.status === 'cancelled') {
      // Cancelled by the other process (its write reached us through the change feed): the step under
      // way is told to stop now, not at the next step.
      this.active.get(event.id)?.controller.abort(new Cancelled('The run was cancelled.'));
    }
    if (event.type === 'run.updated' && !this.active.has(event.id) && event.status === 'queued') {
      // A run queued by the other process (through the change feed), or woken.
      this.kick();
    }
    if (!this.leader) {
      if (this.eventTriggers().length === 0) return;
      this.kick();
      if (!this.leader) return;
    }
    let cause: EventCause | undefined | null = null;
    for (const { workflowId, trigger } of this.eventTriggers()) {
      const verdict = matches(trigger, event, workflowId);
      if (verdict === false) continue;
      if (cause === null) cause = this.causeOf(event);
      try {
        if (verdict !== true) this.skipTrigger(workflowId, event, cause, 'condition', verdict.error);
        // A workflow whose runs led to this event would start itself again: a loop through records.
        else if (cause && cause.chain.includes(workflowId)) this.skipTrigger(workflowId, event, cause, 'loop');
        else if (cause && cause.chain.length >= MAX_DEPTH) this.skipTrigger(workflowId, event, cause, 'chain');
        else {
          this.enqueue({
            workflowId,
            context: { event },
            rights: 'person',
            startedBy: `event ${event.type}`,
            trigger: `event:${event.type}`,
            cause,
          });
        }
      } catch (error) {
        this.deps.log.warn(`run of ${workflowId} on ${event.type} not started`, { error });
      }
    }
  }

  /**
   * Which run an event came from. A step's call stamps its events (the catalogue); a run's own
   * progress (run.updated) is read from the run: it is that run's doing.
   */
  private causeOf(event: OfficinaEvent): EventCause | undefined {
    if (event.cause) return event.cause;
    if (event.type !== 'run.updated') return undefined;
    const { store } = this.deps;
    const row = store.first(
      store.query.selectFrom('workflow_runs').select(['workflow_id', 'chain']).where('id', '=', event.id),
    );
    if (!row) return undefined;
    return {
      run_id: event.id,
      workflow_id: row.workflow_id,
      chain: [...(JSON.parse(row.chain) as string[]), row.workflow_id],
    };
  }

  /**
   * A trigger not started, kept where the person looks (the workflow's runs, status skipped) with
   * why. Every further event the same run causes for the same workflow counts on that one record.
   */
  private skipTrigger(
    workflowId: string,
    event: OfficinaEvent,
    cause: EventCause | undefined,
    reason: 'loop' | 'chain' | 'condition',
    detail?: string,
  ): void {
    const { store } = this.deps;
    const wf = this.deps.workflows.row(workflowId);
    const now = this.deps.clock.now().toISOString();
    const what = describeEvent(event);
    const error =
      reason === 'condition' || !cause
        ? `Not started: the trigger's "only if" condition could not be worked out when ${what} (${detail ?? 'no reason given'}). Correct the condition in the workflow's trigger.`
        : reason === 'loop'
          ? cause.workflow_id === workflowId
            ? `Not started, to avoid a loop: ${what} by run ${cause.run_id} of this same workflow.`
            : `Not started, to avoid a loop: ${what} by run ${cause.run_id} of "${cause.workflow_id}", which a run of this workflow led to (${[...cause.chain].join(' → ')}).`
          : `Not started: ${what} at the end of a chain of ${cause.chain.length} workflows each started by the one before (${cause.chain.join(' → ')}); chains stop at ${MAX_DEPTH}.`;
    // One record per causing run, or, for a condition that fails, per version of the workflow: a storm
    // of events is one line with a count.
    const causedBy = reason === 'condition' ? null : (cause?.run_id ?? null);
    this.write((events) => {
      let existingQuery = store.query
        .selectFrom('workflow_runs')
        .select('id')
        .where('workflow_id', '=', workflowId)
        .where('status', '=', 'skipped');
      existingQuery =
        causedBy === null
          ? existingQuery.where('caused_by_run', 'is', null).where('version', '=', wf.version)
          : existingQuery.where('caused_by_run', '=', causedBy);
      const existing = store.first(existingQuery);
      if (existing) {
        store.run(
          store.query
            .updateTable('workflow_runs')
            .set((eb) => ({ skipped_events: eb('skipped_events', '+', 1), updated_at: now }))
            .where('id', '=', existing.id),
        );
        return;
      }
      const id = store.insertRow('workflow_runs', {
        workflow_id: workflowId,
        version: wf.version,
        status: 'skipped',
        context: JSON.stringify({ event }),
        rights: 'person',
        started_by: `event ${event.type}`,
        trigger: `event:${event.type}`,
        parent_run_id: null,
        depth: 0,
        chain: JSON.stringify(cause?.chain ?? []),
        caused_by_run: causedBy,
        skipped_events: 1,
        retry_of: null,
        current_step: null,
        error,
        error_step: null,
        wake_at: null,
        created_at: now,
        started_at: null,
        finished_at: now,
        duration_ms: null,
        updated_at: now,
      }).lastInsertRowid;
      events.emit({ type: 'run.updated', id, workflow_id: workflowId, status: 'skipped' });
      // Once per causing run, as the record: a run that makes a thousand customers is one line.
      this.deps.log.warn(`trigger of ${workflowId} on ${event.type} skipped: ${error}`);
    });
  }

  /** Runs under way in this process (tests and shutdown). */
  get running(): number {
    return this.active.size;
  }

  /** Resolves when no run is under way or queued here (tests, the bench). */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all([...this.active.values()].map((a) => a.done));
      const { store } = this.deps;
      const left = store.first(
        store.query.selectFrom('workflow_runs').select('id').where('status', 'in', ['queued', 'running']).limit(1),
      );
      if (this.active.size === 0 && !left) return;
      if (this.active.size === 0) this.kick();
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

function matches(
  trigger: Extract<WorkflowTrigger, { type: 'event' }>,
  event: OfficinaEvent,
  workflowId: string,
): boolean | { error: string } {
  if (event.type !== trigger.event) return false;
  // A workflow is never started by its own runs (that would be a loop).
  if (event.type === 'run.updated' && event.workflow_id === workflowId) return false;
  const fields = event as unknown as Record<string, unknown>;
  if (trigger.entity !== undefined && fields['entity'] !== trigger.entity) return false;
  if (trigger.action !== undefined && fields['action'] !== trigger.action && fields['status'] !== trigger.action)
    return false;
  if (trigger.status !== undefined && fields['status'] !== trigger.status) return false;
  if (trigger.folder !== undefined) {
    const path = String(fields['path'] ?? '');
    const folder = trigger.folder.replace(/^\/+|\/+$/g, '');
    if (folder && !path.startsWith(`${folder}/`)) return false;
  }
  if (trigger.when) {
    try {
      return truthy(evaluate(trigger.when, { event: toCel(event) }));
    } catch (error) {
      // Not a quiet "no": the person would never learn why the workflow stopped starting.
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return true;
}

/** An event in words, for a skipped trigger: "this customer was created". */
function describeEvent(event: OfficinaEvent): string {
  switch (event.type) {
    case 'record.changed':
      return `this ${event.entity} (${event.id}) was ${event.action}${event.status ? ` (now ${event.status})` : ''}`;
    case 'document.changed':
      return `document ${event.path} was ${event.action}`;
    case 'monitor.changed':
      return `watched page ${event.id} was ${event.action}`;
    case 'run.updated':
      return `run ${event.id} of "${event.workflow_id}" moved on (${event.status})`;
    default:
      return `the event ${event.type} was made`;
  }
}

function alive(lease: { pid?: number; host?: string }): boolean {
  if (lease.pid === undefined || lease.host !== hostname()) return true;
  try {
    process.kill(lease.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function toCsv(data: unknown): Promise<string> {
  if (!Array.isArray(data)) throw new StepFailure('A csv export needs a list of records in data.', false);
  const rows: Record<string, unknown>[] = data.map((r: unknown) =>
    r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : { value: r },
  );
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const { stringify } = await import('csv-stringify/sync');
  return stringify(
    rows.map((r) =>
      columns.map((c) => {
        const v = r[c];
        // A cell that a spreadsheet would take for a formula is written as text (as export_csv does).
        return v === null || v === undefined
          ? ''
          : typeof v === 'string'
            ? defuseFormula(v)
            : typeof v === 'object'
              ? JSON.stringify(v)
              : String(v);
      }),
    ),
    { header: true, columns },
  );
}
