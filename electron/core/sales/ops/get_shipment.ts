import { getShipment } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';
import { shipmentFor } from '../redact.js';

export const getShipmentOp = implement(getShipment, (ctx, input) =>
  shipmentFor(ctx.access, ctx.services.shipping.shipment(input.shipment_id)),
);
