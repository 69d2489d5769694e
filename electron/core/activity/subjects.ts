import type { ActivitySubject } from '../../../shared/activity.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import { normalizeEmail } from '../customers/service.js';
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
  ['workflow_id', 'workflow'],
  // get_customer finds a customer by email; restore_deleted_document takes the trashed copy's id.
  ['email', 'customer-email'],
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
    // Stock that moved is a side effect of an order's change (cancelling it releases its stock first):
    // the call is about the other record its events name, if any.
    const stockMoves = (event: OfficinaEvent) =>
      event.type === 'record.changed' && event.entity === 'product' && event.action === 'updated';
    const about = events.some((event) => !stockMoves(event)) ? events.filter((e) => !stockMoves(e)) : events;
    for (const event of about) {
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

  private named(entity: string, id: number | string): ActivitySubject | null {
    let name: string | null = null;
    try {
      name = this.nameOf(entity, id);
    } catch {
      // A name is a courtesy: an entry without one still says what was called, with what.
    }
    if (entity === 'customer-email') {
      // Named by their email, kept under their id: the entry then reads and links like any customer's.
      const row = this.store.first(
        this.store.query
          .selectFrom('customers')
          .select(['id', 'name'])
          .where('email_normalized', '=', normalizeEmail(String(id))),
      );
      // No such customer (a failed lookup): the entry names no record rather than a wrong one.
      return row ? { entity: 'customer', id: String(row.id), name: row.name } : null;
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
        // Tools name a document by its vault path: its title when it has one, else that path.
        const q = query.selectFrom('documents').select(['title', 'path']);
        const doc = this.store.first(numeric === null ? q.where('path', '=', String(id)) : q.where('id', '=', numeric));
        return doc ? (doc.title ?? doc.path) : numeric === null ? String(id) : null;
      }
      case 'workflow':
        return (
          this.store.first(query.selectFrom('workflows').select('name').where('workflow_id', '=', String(id)))?.name ??
          null
        );
      case 'monitor':
        return numeric === null
          ? null
          : (this.store.first(query.selectFrom('monitors').select('name').where('id', '=', numeric))?.name ?? null);
      default:
        return null;
    }
  }
}
