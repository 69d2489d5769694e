import type { Clock } from '../catalogue/context.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import { DueLoop } from './due-loop.js';
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
  private readonly loop: DueLoop;

  constructor(deps: {
    store: Store;
    feed: ChangeFeed;
    bus: EventBus;
    notifications: NotificationService;
    clock: Clock;
    log: Logger;
  }) {
    const { notifications } = deps;
    this.loop = new DueLoop({
      work: {
        due: (limit) => notifications.due(limit),
        nextDue: () => notifications.nextDue(),
        handle: (id, signal) => notifications.deliver(id, (write) => writeInBackground(deps, write), signal),
      },
      bus: deps.bus,
      clock: deps.clock,
      log: deps.log,
      wakeOn: (event) =>
        event.type === 'notification.changed' && (event.action === 'created' || event.action === 'retrying'),
      batch: BATCH,
      concurrency: CONCURRENCY,
      minWaitMs: 250,
      maxWaitMs: RECHECK_MS,
      // deliver records the delivery's own failures; what reaches the log is unexpected.
      describe: (id) => ['notification delivery failed', { delivery: id }],
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Sends what is due now (the timer's work; tests call it directly). */
  tick(): Promise<void> {
    return this.loop.tick();
  }
}
