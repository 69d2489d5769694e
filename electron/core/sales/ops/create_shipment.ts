import { OpError } from '../../../../shared/errors.js';
import { createShipment } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';
import { shipmentFor } from '../redact.js';
import { ignoredKeys } from '../shipping.js';

export const createShipmentOp = implement(createShipment, (ctx, input) => {
  const { shipping, orders } = ctx.services;
  let id: number;
  let warnings: string[];
  if (input.order_id !== undefined) {
    id = orders.ship(input, ctx.events, ctx.caller.name);
    warnings = ignoredKeys(input.items);
    // A person reads "a shipment for order #12", not the product whose stock left with it.
    ctx.note({ subject: { entity: 'order', id: String(input.order_id), name: `#${input.order_id}` } });
  } else {
    if (!input.items || !input.destination) {
      throw new OpError('invalid_input', 'A shipment without order_id needs items and destination.', [
        { path: input.items ? 'destination' : 'items', message: 'Required without order_id' },
      ]);
    }
    const parcel = shipping.parcel(input.items, undefined);
    warnings = parcel.warnings;
    id = shipping.insert(
      {
        orderId: null,
        service: shipping.serviceNamed(input.service, parcel.currency, 'service'),
        carrier: input.carrier ?? null,
        tracking: input.tracking ?? null,
        destination: input.destination,
        parcel,
      },
      ctx.caller.name,
    );
  }
  ctx.events.emit({ type: 'record.changed', entity: 'shipment', id, action: 'created' });
  return { ...shipmentFor(ctx.access, shipping.shipment(id)), warnings };
});
