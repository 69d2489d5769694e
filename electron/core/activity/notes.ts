import type { ActivityChanges, ActivitySubject } from '../../../shared/activity.js';
import { currencyExponent, formatAmount } from '../../../shared/money.js';
import type { Order } from '../../../shared/sales/orders.js';

/** Records the trash holds: a deletion of one is undone by restoring it. */
export type TrashEntity = 'customer' | 'product';
export type UndoEntity = TrashEntity | 'order';

/**
 * How the person may reverse a call, kept with its activity entry. `version` is the record's version
 * right after the call: an undo is refused when the record has moved on since.
 */
export type UndoPlan =
  /**
   * Put back the previous values of the fields an update changed (`input` is an update's input);
   * refused when any of those fields no longer holds the value the update left (`after`). Changes
   * to other fields since do not stand in the way.
   */
  | {
      kind: 'update';
      entity: UndoEntity;
      id: number;
      version: number;
      input: Record<string, unknown>;
      after: Record<string, unknown>;
    }
  /** Take a deleted record out of the trash. */
  | { kind: 'restore'; entity: TrashEntity; id: number; version: number }
  /** Move a created (or restored) record to the trash. */
  | { kind: 'trash'; entity: TrashEntity; id: number; version: number };

/** What an operation tells the activity log about its call, beyond its input and outcome. */
export interface ActivityNote {
  subject?: ActivitySubject;
  changes?: ActivityChanges;
  undo?: UndoPlan;
}

interface Versioned {
  id: number;
  version: number;
}

/**
 * Notes an update: the fields among `fields` whose values differ, before and after, and an undo that
 * puts the previous values back. Compared as JSON, so arrays and addresses compare by content.
 */
export function noteUpdate<T extends Versioned>(
  note: (n: ActivityNote) => void,
  entity: UndoEntity,
  name: string,
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): void {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null)) continue;
    was[field] = before[field] ?? null;
    now[field] = after[field] ?? null;
  }
  const changed = Object.keys(was).length > 0;
  note({
    subject: { entity, id: String(after.id), name },
    ...(changed
      ? {
          changes: { before: was, after: now },
          undo: { kind: 'update', entity, id: after.id, version: after.version, input: was, after: now },
        }
      : {}),
  });
}

/** The fields of `plan.after` whose values `current` no longer holds. */
export function movedFields(current: object, after: Record<string, unknown>): string[] {
  const now = current as Record<string, unknown>;
  return Object.keys(after).filter((field) => JSON.stringify(now[field] ?? null) !== JSON.stringify(after[field]));
}

export const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'address', 'status', 'tags', 'notes'] as const;
export const PRODUCT_FIELDS = [
  'sku',
  'name',
  'description',
  'category',
  'price',
  'currency',
  'weight_kg',
  'tags',
  'status',
] as const;

/** An order's discount as a person reads it: "10% ($5.00)", "$5.00", or null for none. */
function discountText(order: Pick<Order, 'discount' | 'discount_percent' | 'currency'>): string | null {
  if (order.discount === 0) return null;
  const amount = formatAmount(Math.round(order.discount * 10 ** currencyExponent(order.currency)), order.currency);
  return order.discount_percent === null ? amount : `${order.discount_percent}% (${amount})`;
}

/**
 * Notes a change of an order's discount: before and after as a person reads them (with the total), and
 * an undo that sets the previous discount again, refused once the order's discount moved on since.
 */
export function noteOrderDiscount(note: (n: ActivityNote) => void, before: Order, after: Order): void {
  const subject = { entity: 'order', id: String(after.id), name: `#${after.id}` };
  if (before.discount === after.discount && before.discount_percent === after.discount_percent) {
    note({ subject });
    return;
  }
  const total = (order: Order) =>
    formatAmount(Math.round(order.total * 10 ** currencyExponent(order.currency)), order.currency);
  note({
    subject,
    changes: {
      before: { discount: discountText(before), total: total(before) },
      after: { discount: discountText(after), total: total(after) },
    },
    undo: {
      kind: 'update',
      entity: 'order',
      id: after.id,
      version: after.version,
      input:
        before.discount === 0
          ? { discount_amount: null }
          : before.discount_percent === null
            ? { discount_amount: before.discount }
            : { discount_percent: before.discount_percent },
      after: { discount: after.discount, discount_percent: after.discount_percent },
    },
  });
}
