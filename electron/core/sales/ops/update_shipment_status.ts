import { updateShipmentStatus } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';
import { shipmentFor } from '../redact.js';

export const updateShipmentStatusOp = implement(updateShipmentStatus, (ctx, input) => {
  const { before, after } = ctx.services.shipping.setStatus(input, ctx.caller.name);
  if (after.order_id !== null && after.status === 'delivered' && before.status !== 'delivered') {
    ctx.services.orders.shipmentDelivered(after.order_id, after.id, ctx.events, ctx.caller.name);
  }
  ctx.events.emit({ type: 'record.changed', entity: 'shipment', id: after.id, action: 'updated' });
  return shipmentFor(ctx.access, ctx.services.shipping.shipment(after.id));
});
