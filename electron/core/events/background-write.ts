import type { OfficinaEvent } from '../../../shared/events.js';
import type { EventSink } from '../catalogue/context.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import type { EventBus } from './bus.js';

/**
 * A write that is not an operation call (housekeeping, a file changed outside Officina): one
 * transaction, its events recorded in the change feed with it, published on the bus after commit,
 * as the catalogue does for operations.
 */
export function writeInBackground<T>(
  deps: { store: Store; feed: ChangeFeed; bus: EventBus },
  write: (events: EventSink) => T,
): T {
  const events: OfficinaEvent[] = [];
  const result = deps.store.transaction(() => {
    const value = write({ emit: (event) => events.push(event) });
    // Recorded with the write (same transaction), all in one statement.
    deps.feed.recordAll(events);
    return value;
  });
  for (const event of events) deps.bus.publish(event);
  return result;
}
