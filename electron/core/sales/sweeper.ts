import type { Clock } from '../catalogue/context.js';
import type { EventBus } from '../events/bus.js';
import { writeInBackground } from '../events/background-write.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import type { InventoryService } from './inventory.js';

/**
 * Ends lapsed stock holds in the ledger. Writes that depend on a product's stock expire its holds
 * themselves and check_inventory discounts them, so this only keeps the ledger and lists (in_stock)
 * current between writes. Either process may sweep: ending a hold is guarded by its status.
 */
export class ReservationSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      store: Store;
      inventory: InventoryService;
      feed: ChangeFeed;
      bus: EventBus;
      clock: Clock;
      log: Logger;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.deps.intervalMs ?? 30_000).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Returns how many holds it ended. */
  sweep(): number {
    const { store, inventory, feed, bus, clock, log } = this.deps;
    if (!store.sqlite.open) return 0;
    const next = inventory.nextExpiry();
    if (next === null || next > clock.now().toISOString()) return 0;
    try {
      return writeInBackground({ store, feed, bus }, (events) => inventory.expireDue(null, 'officina', events));
    } catch (error) {
      // Busy (the other process holds the write lock for over busy_timeout): the next round tries again.
      log.warn('expiring stock holds failed; retrying at the next sweep', { error });
      return 0;
    }
  }
}
