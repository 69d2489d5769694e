import type { OfficinaEvent } from '../../../shared/events.js';
import type { Clock } from '../catalogue/context.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';

/** What a DueLoop works through: rows that fall due at a time stored with them. */
export interface DueWork {
  /** Up to `limit` ids due now, the most overdue first. */
  due(limit: number): number[];
  /** When the next row falls due; undefined when none waits. */
  nextDue(): Date | undefined;
  /** Handles one due row, recording its own failures; what it throws is unexpected and logged. */
  handle(id: number, signal: AbortSignal): Promise<unknown>;
  /**
   * Asked once something is due, before any of it is handled: false leaves it for now (another
   * process holds the lease). Asking only then keeps an idle process from writing anything.
   */
  claim?(): boolean;
}

export interface DueLoopOptions {
  work: DueWork;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** Events after which something may be due sooner than planned (made here or in the other process). */
  wakeOn: (event: OfficinaEvent) => boolean;
  /** Rows read at a time. */
  batch: number;
  /** Rows handled at once. */
  concurrency: number;
  /** Between rounds, at least this long (so a row that keeps falling due does not spin the loop)… */
  minWaitMs: number;
  /** …and at most this long, for rows the other process added without an event reaching here. */
  maxWaitMs: number;
  /** While true, nothing is handled (the person paused schedules). */
  paused?: () => boolean;
  /** Names a failure in the log, e.g. (id) => ['monitor check failed', { monitor: id }]. */
  describe: (id: number) => [message: string, fields: Record<string, unknown>];
}

/**
 * The loop behind the monitor scheduler and the notification dispatcher: while Officina runs, handles
 * due rows a batch at a time, a few at once, then sleeps until the next is due (one indexed read to
 * find out) — or until an event says something changed. Idle, it costs a timer.
 */
export class DueLoop {
  private readonly options: DueLoopOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | undefined;

  constructor(options: DueLoopOptions) {
    this.options = options;
  }

  start(): void {
    this.unsubscribe = this.options.bus.subscribe((event) => {
      if (this.options.wakeOn(event)) this.soon(0);
    });
    this.soon(0);
  }

  /** Stops planning rounds and waits for the one under way; a check or delivery in flight sees the signal. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('Officina is stopping'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running;
  }

  /** Handles what is due now (the timer's work; tests call it directly). */
  async tick(): Promise<void> {
    if (this.running) {
      // Something may have fallen due after this round read its batch: look again once it is done.
      await this.running;
      return this.tick();
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private soon(ms: number): void {
    if (this.stopping.signal.aborted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().then(() => this.planNext());
    }, ms);
    this.timer.unref();
  }

  private planNext(): void {
    if (this.stopping.signal.aborted) return;
    const { work, clock, minWaitMs, maxWaitMs } = this.options;
    const next = work.nextDue();
    const untilDue = next ? next.getTime() - clock.now().getTime() : Infinity;
    this.soon(Math.max(minWaitMs, Math.min(untilDue, maxWaitMs)));
  }

  private async round(): Promise<void> {
    const { work, batch, concurrency, log, describe } = this.options;
    const signal = this.stopping.signal;
    if (this.options.paused?.()) return;
    for (;;) {
      const due = work.due(batch);
      if (due.length === 0 || signal.aborted || (work.claim && !work.claim())) return;
      let next = 0;
      const worker = async () => {
        while (next < due.length && !signal.aborted) {
          const id = due[next++] as number;
          try {
            await work.handle(id, signal);
          } catch (error) {
            if (!signal.aborted) {
              const [message, fields] = describe(id);
              log.error(message, { ...fields, error });
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
      if (due.length < batch) return;
    }
  }
}
