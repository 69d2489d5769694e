import { withheld } from '../../../shared/data-kinds.js';
import type { Access } from '../permissions/access.js';

/*
 * Sales records as a caller who may not see customers gets them: the figures, items, money and
 * statuses stay; what is the customer's (name, address, who paid) is withheld, saying so. The
 * contracts declare `redacts: ['customers']` for the operations that pass their answers through here.
 */

const NAME = withheld('customers');

const hides = (access: Access) => access.hidden.has('customers');

/** An order or an order summary: the customer's name withheld, and the shipping address (theirs). */
export function orderFor<T extends { customer_name: string }>(access: Access, order: T): T {
  if (!hides(access)) return order;
  return 'shipping_address' in order
    ? { ...order, customer_name: NAME, shipping_address: null }
    : { ...order, customer_name: NAME };
}

export function orderPageFor<T extends { customer_name: string }, P extends { items: T[] }>(
  access: Access,
  page: P,
): P {
  return hides(access) ? { ...page, items: page.items.map((order) => orderFor(access, order)) } : page;
}

/** A payment: who paid (name, email, phone as recorded) withheld; the customer's id stays. */
export function paymentFor<T extends { customer_info: Record<string, unknown> }>(access: Access, payment: T): T {
  return hides(access) ? { ...payment, customer_info: { hidden: NAME } } : payment;
}

/** A parcel: its destination is a person's address. */
export function shipmentFor<T extends { destination: unknown }>(access: Access, shipment: T): T {
  return hides(access) ? { ...shipment, destination: null } : shipment;
}

/** Customer figures: the sums stay, the names beside them are withheld. */
export function figuresFor<F extends { name: string }, T extends { customer: F | null; top_customers: F[] }>(
  access: Access,
  figures: T,
): T {
  if (!hides(access)) return figures;
  const anonymous = (f: F): F => ({ ...f, name: NAME });
  return {
    ...figures,
    customer: figures.customer && anonymous(figures.customer),
    top_customers: figures.top_customers.map(anonymous),
  };
}
