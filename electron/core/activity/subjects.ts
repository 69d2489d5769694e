import type { ActivitySubject } from '../../../shared/activity.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import type { Store } from '../store/store.js';

/** Inputs that name a record, and the kind of record each names. */
const INPUT_KEYS: readonly (readonly [string, string])[] = [
  ['customer_id', 'customer'],
  ['product_id', 'product'],
  ['order_id', 'order'],
  ['document_id', 'document'],
  ['monitor_id', 'monitor'],
  ['transaction_id', 'payment'],
  ['shipment_id', 'shipment'],
];

/**
 * What a call was about, for calls whose operation did not say (ctx.note): the record its events
 * name, else the record its input names; named from the store at the time of the call.
 */
export class ActivitySubjects {
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  fromEvents(events: readonly OfficinaEvent[]): ActivitySubject | null {
    for (const event of events) {
      if (event.type === 'record.changed') return this.named(event.entity, event.id);
      if (event.type === 'document.changed') return { entity: 'document', id: String(event.id), name: event.path };
      if (event.type === 'monitor.changed') return this.named('monitor', event.id);
    }
    return null;
  }

  fromInput(input: unknown): ActivitySubject | null {
    if (typeof input !== 'object' || input === null) return null;
    const fields = input as Record<string, unknown>;
    for (const [key, entity] of INPUT_KEYS) {
      const value = fields[key];
      if (typeof value === 'number' || (typeof value === 'string' && value.length > 0 && value.length <= 500)) {
        return this.named(entity, value);
      }
    }
    return null;
  }

  private named(entity: string, id: number | string): ActivitySubject {
    let name: string | null = null;
    try {
      name = this.nameOf(entity, id);
    } catch {
      // A name is a courtesy: an entry without one still says what was called, with what.
    }
    return { entity, id: String(id), name };
  }

  private nameOf(entity: string, id: number | string): string | null {
    const { query } = this.store;
    const numeric = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : null;
    switch (entity) {
      case 'customer':
        return numeric === null
          ? null
          : (this.store.first(query.selectFrom('customers').select('name').where('id', '=', numeric))?.name ?? null);
      case 'product': {
        const q = query.selectFrom('products').select('name');
        return (
          this.store.first(numeric === null ? q.where('sku', '=', String(id)) : q.where('id', '=', numeric))?.name ??
          null
        );
      }
      case 'order':
        return numeric === null ? null : `#${numeric}`;
      case 'document': {
        if (numeric === null) return String(id);
        const doc = this.store.first(query.selectFrom('documents').select(['title', 'path']).where('id', '=', numeric));
        return doc ? (doc.title ?? doc.path) : null;
      }
      case 'monitor':
        return numeric === null
          ? null
          : (this.store.first(query.selectFrom('monitors').select('name').where('id', '=', numeric))?.name ?? null);
      default:
        return null;
    }
  }
}
