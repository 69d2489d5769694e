import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import type { Envelope, ErrorBody } from '../../../shared/errors.js';
import { OpError } from '../../../shared/errors.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import { isReadOnly, type Contract, type Face } from '../../../shared/operation.js';
import type { ActivityNote } from '../activity/notes.js';
import type { ActivityRecorder } from '../activity/recorder.js';
import type { ActivitySubjects } from '../activity/subjects.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Services } from '../services.js';
import type { Access } from '../permissions/access.js';
import type { Caller, Clock, Ctx } from './context.js';
import { toOpError, zodIssues } from './errors.js';
import type { Operation } from './operation.js';
import { WriteQueue } from './write-queue.js';

export interface CallOptions {
  caller: Caller;
  face: Face;
  signal?: AbortSignal;
  progress?: (done: number, total: number | undefined, message: string | undefined) => void;
  /**
   * Asks the person to allow a destructive call when their assistant permissions say so (MCP
   * elicitation). Absent when the face cannot ask: such calls are then refused, never run unasked.
   */
  confirm?: (message: string) => Promise<boolean>;
  /**
   * Also receives what the operation logs, and how a failed call ended (MCP forwards both to the
   * client as log notifications).
   */
  onLog?: (level: CallLogLevel, message: string) => void;
  /**
   * Whose rights a workflow call carries: a run of the person's own workflow, started by the person
   * or a trigger, calls as the person ('person'); any run the assistant started or wrote calls with the
   * assistant's rules (the default). Only operations offered to workflows are callable either way.
   */
  rights?: 'person' | 'assistant';
  /**
   * Runs inside the operation's own write transaction, after its output is checked, with that output
   * (operations that keep one transaction): a workflow's step record commits with the step's write.
   */
  withCommit?: (data: unknown) => void;
}

/** Syslog's words, as MCP's log notifications use them. */
export type CallLogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error';

/**
 * How loudly a failed call is told: a refusal (bad input, not allowed) is the caller's to fix; a
 * record missing or changed meanwhile is an ordinary answer; what failed outside the caller's hands
 * (the disk, another service, a bug) is an error.
 */
const FAILURE_LEVEL: Record<ErrorBody['code'], CallLogLevel> = {
  invalid_input: 'warning',
  forbidden: 'warning',
  not_found: 'notice',
  conflict: 'notice',
  external: 'error',
  io_error: 'error',
  internal: 'error',
};

export interface CatalogueDeps {
  store: Store;
  bus: EventBus;
  feed: ChangeFeed;
  activity: ActivityRecorder;
  subjects: ActivitySubjects;
  services: Services;
  clock: Clock;
  log: Logger;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Every operation, registered once; every face calls through here. Validation, errors, the write
 * queue, change events and the activity log happen in this one place (DESIGN.md rules 1, 2, 7).
 */
export class Catalogue {
  private readonly operations = new Map<string, Operation>();
  private readonly writes = new WriteQueue();
  private readonly deps: CatalogueDeps;
  /** Calls under way (reads too), so that shutdown waits for their answers and their activity entries. */
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private closing: Promise<void> | undefined;

  constructor(deps: CatalogueDeps, operations: readonly Operation[]) {
    this.deps = deps;
    for (const operation of operations) this.register(operation);
  }

  private register(operation: Operation): void {
    const { name } = operation.contract;
    if (this.operations.has(name)) throw new Error(`Duplicate operation name "${name}"`);
    this.operations.set(name, operation);
  }

  /** Contracts callable from a face, in registration order: for assistants, what the person allows. */
  list(face: Face): Contract[] {
    const rules = this.deps.services.permissions.rulesFor(face);
    return [...this.operations.values()]
      .map((op) => op.contract)
      .filter((c) => c.faces.includes(face) && this.deps.services.permissions.check(c, face, rules).allowed);
  }

  /**
   * Whether `name` may be called from `face` now (what `list` shows): for the MCP resources, prompts
   * and completions that read through operations, so they show and refuse what tools do.
   */
  callable(name: string, face: Face): boolean {
    const contract = this.contract(name);
    return (
      contract !== undefined &&
      contract.faces.includes(face) &&
      this.deps.services.permissions.check(contract, face, this.deps.services.permissions.rulesFor(face)).allowed
    );
  }

  contract(name: string): Contract | undefined {
    return this.operations.get(name)?.contract;
  }

  /** Whether `name`'s write commits in one transaction with its activity entry (and `withCommit`). */
  isTransactional(name: string): boolean {
    const operation = this.operations.get(name);
    return operation !== undefined && operation.transaction && !isReadOnly(operation.contract);
  }

  /** Whether `rules` (undefined: the person) let `face` call `name`, with the reason when not. */
  allows(name: string, face: Face, rights: 'person' | 'assistant'): { allowed: boolean; reason?: string } {
    const contract = this.contract(name);
    if (!contract) return { allowed: false, reason: `There is no operation named "${name}".` };
    if (!contract.faces.includes(face)) {
      return {
        allowed: false,
        reason: `"${name}" is reserved for the person and cannot be called from ${faceLabel(face)}.`,
      };
    }
    if (face === 'workflow' && rights === 'person') return { allowed: true };
    const verdict = this.deps.services.permissions.check(contract, face);
    return verdict.allowed ? { allowed: true } : { allowed: false, reason: verdict.reason };
  }

  private readonly contractOf = (name: string): Contract | undefined => this.contract(name);

  async call(name: string, rawInput: unknown, options: CallOptions): Promise<Envelope<unknown>> {
    if (this.closing) {
      return {
        ok: false,
        error: { code: 'internal', message: 'Officina is shutting down; call again once it has restarted.' },
      };
    }
    this.active++;
    try {
      return await this.invoke(name, rawInput, options);
    } finally {
      if (--this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async invoke(name: string, rawInput: unknown, options: CallOptions): Promise<Envelope<unknown>> {
    const started = performance.now();
    const at = this.deps.clock.now().toISOString();
    const operation = this.operations.get(name);
    const isRead = operation ? isReadOnly(operation.contract) : false;
    const noted: ActivityNote = {};
    const pending: OfficinaEvent[] = [];
    const record = (outcome: string, errorMessage: string | null) => ({
      at,
      caller_kind: options.caller.kind,
      caller: options.caller.name,
      operation: name,
      input: rawInput,
      outcome,
      error_message: errorMessage,
      duration_ms: performance.now() - started,
      is_read: isRead || noted.readOnly === true,
      subject: this.subjectOf(noted, outcome === 'ok' ? pending : [], rawInput, isRead && options.caller.kind === 'ui'),
      changes: noted.changes ?? null,
      undo: noted.undo ?? null,
    });

    try {
      if (!operation) throw new OpError('not_found', `There is no operation named "${name}".`);
      if (!operation.contract.faces.includes(options.face)) {
        throw new OpError(
          'forbidden',
          `"${name}" is reserved for the person using Officina and cannot be called from ${faceLabel(options.face)}.`,
        );
      }
      const { permissions } = this.deps.services;
      // A run of the person's own workflow calls as the person (still only what workflows are offered).
      const asPerson = options.face === 'workflow' && options.rights === 'person';
      const rules = asPerson ? undefined : permissions.rulesFor(options.face);
      const verdict = asPerson
        ? ({ allowed: true, confirm: false } as const)
        : permissions.check(operation.contract, options.face, rules);
      if (!verdict.allowed) throw new OpError('forbidden', verdict.reason);
      const input = parseInput(operation.contract, rawInput);
      if (verdict.confirm) await this.confirm(operation.contract, options);
      const access = permissions.access(options.face, rules, this.contractOf);
      const ctx = this.context(
        options,
        access,
        pending,
        operation.transaction && !isReadOnly(operation.contract),
        (note) => Object.assign(noted, note),
      );

      if (operation.queue === false) {
        // Long calls that make their own writes through other calls (a workflow run waiting for its
        // steps): holding the write queue while they wait would wait on themselves.
        const data = parseOutput(operation, await operation.run(ctx, input));
        this.deps.activity.recordLater(record('ok', null));
        for (const event of pending) this.deps.bus.publish(event);
        return { ok: true, data };
      }

      if (isReadOnly(operation.contract)) {
        const data = parseOutput(operation, await operation.run(ctx, input));
        this.deps.activity.recordLater(record('ok', null));
        return { ok: true, data };
      }

      return await this.writes.run(async () => {
        // A caller that gave up while this write waited its turn (a workflow step past its timeout,
        // an MCP cancellation) does not get a write made after it stopped listening.
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
        // Reads and failures wait in a buffer, but the log lists entries in the order they were written:
        // those that finished before this write go in first, so "looked at" never shows after a later "deleted".
        this.deps.activity.flush();
        let data: unknown;
        let activityId: number | undefined;
        let entry = record('ok', null);
        if (operation.transaction) {
          [data, activityId] = this.deps.store.transaction(() => {
            const result = operation.run(ctx, input);
            if (result instanceof Promise) {
              throw new Error(`Operation ${name} is asynchronous; implement it with { transaction: false }`);
            }
            const output = parseOutput(operation, result);
            options.withCommit?.(output);
            // The change feed gets the events in this same transaction, all in one statement.
            this.deps.feed.recordAll(pending);
            // Taken now, inside the write: the record's name as the call left it.
            entry = record('ok', null);
            return [output, this.deps.activity.recordNow(entry)] as const;
          });
        } else {
          data = parseOutput(operation, await operation.run(ctx, input));
          entry = record('ok', null);
          try {
            activityId = this.deps.activity.recordNow(entry);
          } catch (error) {
            // The operation's own transactions have committed: answering an error now (a full data disk)
            // would make a change that was made look refused, and be retried. The entry waits with the
            // reads' entries for a later write instead.
            this.deps.log.error(`the activity entry of ${name} could not be written; it is retried`, { error });
            this.deps.activity.recordLater(entry);
          }
        }
        for (const event of pending) this.deps.bus.publish(event);
        if (activityId !== undefined) this.deps.activity.announce(activityId, entry);
        return { ok: true, data } as const;
      });
    } catch (error) {
      if (options.signal?.aborted) {
        // The caller gave up (MCP cancellation): not a failure of the operation, and nobody awaits the answer.
        this.deps.activity.recordLater(record('cancelled', 'Cancelled by the caller before it finished'));
        return { ok: false, error: { code: 'conflict', message: `${name} was cancelled before it finished.` } };
      }
      const opError = toOpError(error, name);
      if (opError.code === 'internal') this.deps.log.error(`operation ${name} failed`, { error });
      options.onLog?.(FAILURE_LEVEL[opError.code], `${name}: ${opError.message} (error code: ${opError.code})`);
      this.deps.activity.recordLater(record(opError.code, opError.message));
      return { ok: false, error: opError.toBody() };
    }
  }

  /**
   * What the call was about: what the operation noted, else the record its events or its input name.
   * The person's own reads are not looked up: they are kept out of the log's view anyway.
   */
  private subjectOf(noted: ActivityNote, events: readonly OfficinaEvent[], input: unknown, ownRead: boolean) {
    if (noted.subject) return noted.subject;
    if (ownRead) return null;
    return this.deps.subjects.fromEvents(events) ?? this.deps.subjects.fromInput(input);
  }

  private async confirm(contract: Contract, options: CallOptions): Promise<void> {
    if (!options.confirm) {
      throw new OpError(
        'forbidden',
        `"${contract.name}" needs the person's confirmation, and this client cannot ask for it. The person can make ` +
          'this change in the Officina app, or stop requiring confirmation in Settings → Assistant permissions.',
      );
    }
    const allowed = await options.confirm(
      `${options.caller.name} wants to run "${contract.title}" (${contract.name}). Allow it?`,
    );
    if (!allowed) throw new OpError('forbidden', `The person declined "${contract.name}".`);
  }

  /** `inTransaction`: the call runs in one transaction, and its events go to the change feed at its end. */
  private context(
    options: CallOptions,
    access: Access,
    pending: OfficinaEvent[],
    inTransaction: boolean,
    note: Ctx['note'],
  ): Ctx {
    const { store, feed, services, clock, log } = this.deps;
    return {
      services,
      db: store,
      clock,
      log: options.onLog ? teeLogger(log, options.onLog) : log,
      caller: options.caller,
      access,
      signal: options.signal ?? NEVER_ABORTED,
      progress: (done, total, message) => options.progress?.(done, total, message),
      note,
      events: {
        emit: (emitted) => {
          // A workflow step's event names its run, so triggers can tell a workflow feeding itself.
          const run = options.caller.run;
          const event = run
            ? {
                ...emitted,
                cause: { run_id: run.id, workflow_id: run.workflow_id, chain: [...run.chain, run.workflow_id] },
              }
            : emitted;
          // Recorded with the write (same transaction) so other processes see both or neither: now,
          // when the operation keeps its own transactions, else with the others before commit.
          if (!inTransaction) feed.record(event);
          pending.push(event);
        },
      },
    };
  }

  /** Flushes buffered activity entries; call before closing the store. */
  async drain(): Promise<void> {
    await this.writes.idle();
    this.deps.activity.flush();
  }

  /**
   * Graceful stop: new calls are refused, calls under way finish (queued writes included) and are
   * logged, and buffered activity entries are written. After this the store may be closed.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.active > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await this.drain();
      this.deps.activity.close();
    })();
    return this.closing;
  }
}

function parseInput(contract: Contract, rawInput: unknown): unknown {
  const parsed = contract.input.safeParse(rawInput ?? {});
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error);
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new OpError('invalid_input', `Invalid input for ${contract.name}: ${summary}`, issues);
}

function parseOutput(operation: Operation, result: unknown): unknown {
  const parsed = (operation.contract.output as z.ZodType).safeParse(result);
  if (parsed.success) return parsed.data;
  throw new Error(
    `Operation ${operation.contract.name} returned data that does not match its output schema: ${parsed.error.message}`,
  );
}

function teeLogger(log: Logger, onLog: NonNullable<CallOptions['onLog']>): Logger {
  return {
    debug: (m, f) => (log.debug(m, f), onLog('debug', m)),
    info: (m, f) => (log.info(m, f), onLog('info', m)),
    warn: (m, f) => (log.warn(m, f), onLog('warning', m)),
    error: (m, f) => (log.error(m, f), onLog('error', m)),
  };
}

function faceLabel(face: Face): string {
  return face === 'mcp' ? 'an MCP client' : face === 'workflow' ? 'a workflow' : 'the app';
}

export type { ErrorBody };
