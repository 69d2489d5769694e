import { formatAmount } from '../../../shared/money.js';
import type { Order } from '../../../shared/sales/orders.js';

type Event = Order['timeline'][number];

/** A status move made by a payment, shipment or refund carries that record's id as its note. */
const AUTOMATIC_NOTE = /^(payment|shipment|refund) \S+( delivered)?$/;

type Step = { status: string; note: string | null; tracking?: string; by: string; at: string };

const words = (value: string) => value.replace(/_/g, ' ');

/**
 * An order's story as sentences, oldest first: status changes, payments, refunds (with their lines),
 * shipments and each tracking step of a shipment. Events at the same moment keep the order in which
 * they happen in one operation: the money or parcel first, then the status it moved the order to.
 */
export function orderTimeline(source: {
  currency: string;
  history: readonly { from_status: string | null; to_status: string; note: string | null; actor: string; at: string }[];
  payments: readonly {
    amount_minor: number;
    method: string;
    reference: string | null;
    actor: string;
    created_at: string;
  }[];
  refunds: readonly {
    amount_minor: number;
    reason: string | null;
    actor: string;
    created_at: string;
    items: readonly { name: string; quantity: number; restocked_quantity: number }[];
  }[];
  shipments: readonly {
    id: number;
    service: string;
    carrier: string | null;
    tracking: string | null;
    items: string;
    history: string;
    actor: string;
    created_at: string;
  }[];
  items: readonly { product_id: number; name: string }[];
}): Event[] {
  const money = (minor: number) => formatAmount(minor, source.currency);
  const nameOf = (productId: number | null) =>
    source.items.find((i) => i.product_id === productId)?.name ?? `product ${productId}`;
  const events: Event[] = [];
  const placed = (h: (typeof source.history)[number]) => h.from_status === null;
  const history = (h: (typeof source.history)[number]) => {
    const note = h.note && !AUTOMATIC_NOTE.test(h.note) ? `: ${h.note}` : '';
    events.push({
      at: h.at,
      kind: 'order',
      by: h.actor,
      text: placed(h) ? `Order placed${note}.` : `Order is now ${words(h.to_status)}${note}.`,
    });
  };
  source.history.filter(placed).forEach(history);

  for (const p of source.payments) {
    events.push({
      at: p.created_at,
      kind: 'payment',
      by: p.actor,
      text:
        `Payment of ${money(p.amount_minor)} received by ${words(p.method)}` +
        (p.reference ? ` (reference ${p.reference})` : '') +
        '.',
    });
  }
  for (const r of source.refunds) {
    const lines = r.items.map(
      (i) => `${i.quantity} × ${i.name}` + (i.restocked_quantity > 0 ? ` (${i.restocked_quantity} back in stock)` : ''),
    );
    events.push({
      at: r.created_at,
      kind: 'refund',
      by: r.actor,
      text:
        `Refunded ${money(r.amount_minor)}` +
        (lines.length ? ` for ${lines.join(', ')}` : '') +
        (r.reason ? `: ${r.reason}` : '') +
        '.',
    });
  }
  for (const s of source.shipments) {
    const parcel = JSON.parse(s.items) as { product_id: number | null; quantity: number }[];
    const contents = parcel.map((l) => `${l.quantity} × ${nameOf(l.product_id)}`).join(', ');
    const steps = JSON.parse(s.history) as Step[];
    // The tracking number given when the parcel was created; older rows kept only the latest one.
    const tracking = steps[0]?.tracking ?? (steps.some((step) => step.tracking) ? null : s.tracking);
    events.push({
      at: s.created_at,
      kind: 'shipment',
      by: s.actor,
      text:
        `Shipment #${s.id} created with ${contents}, ${words(s.service)}` +
        (s.carrier ? ` by ${s.carrier}` : '') +
        (tracking ? `, tracking ${tracking}` : '') +
        '.',
    });
    for (const step of steps.slice(1)) {
      events.push({
        at: step.at,
        kind: 'shipment',
        by: step.by,
        text:
          `Shipment #${s.id} ${step.status === 'created' ? 'created' : `is ${words(step.status)}`}` +
          (step.tracking ? `, tracking ${step.tracking}` : '') +
          (step.note ? `: ${step.note}` : '') +
          '.',
      });
    }
  }
  source.history.filter((h) => !placed(h)).forEach(history);
  // A stable sort: same-moment events keep the order above (placed; the record; the status it caused).
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
