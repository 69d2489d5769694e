import type { Clock } from '../catalogue/context.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import type { NotificationService } from './notifications.js';

/** Looked at this often at least, for deliveries the other process made or gave back. */
const RECHECK_MS = 30_000;
const BATCH = 20;
/** Webhooks sent at once. */
const CONCURRENCY = 2;

/**
 * Sends change notifications to their webhooks while Officina runs, at once when a change is found
 * (its event), and when a retry is due. Idle, it sleeps until the next retry (one indexed read to find
 * out), waking at least every half minute. Each delivery is claimed before it is sent, so the desktop
 * app and the stdio server sharing a database never send one twice.
 */
export class NotificationDispatcher {
  private readonly deps: {
    store: Store;
    feed: ChangeFeed;
    bus: EventBus;
    notifications: NotificationService;
    clock: Clock;
    log: Logger;
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | undefined;

  constructor(deps: NotificationDispatcher['deps']) {
    this.deps = deps;
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.type === 'notification.changed' && (event.action === 'created' || event.action === 'retrying'))
        this.soon(0);
    });
    this.soon(0);
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('Officina is stopping'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running;
  }

  /** Sends what is due now (the timer's work; tests call it directly). */
  async tick(): Promise<void> {
    if (this.running) {
      // A change found while sending: look again once this round is done.
      await this.running;
      return this.tick();
    }
    this.running = this.work().finally(() => {
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
    const next = this.deps.notifications.nextDue();
    const untilDue = next ? next.getTime() - this.deps.clock.now().getTime() : Infinity;
    this.soon(Math.max(250, Math.min(untilDue, RECHECK_MS)));
  }

  private async work(): Promise<void> {
    const commit = <T>(write: Parameters<typeof writeInBackground<T>>[1]) => writeInBackground(this.deps, write);
    for (;;) {
      const due = this.deps.notifications.due(BATCH);
      if (due.length === 0 || this.stopping.signal.aborted) return;
      let next = 0;
      const worker = async () => {
        while (next < due.length && !this.stopping.signal.aborted) {
          const id = due[next++] as number;
          try {
            await this.deps.notifications.deliver(id, commit, this.stopping.signal);
          } catch (error) {
            // deliver records the delivery's own failures; what arrives here is unexpected.
            if (!this.stopping.signal.aborted)
              this.deps.log.error('notification delivery failed', { delivery: id, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
      if (due.length < BATCH) return;
    }
  }
}
