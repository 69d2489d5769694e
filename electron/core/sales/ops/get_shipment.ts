import { getShipment } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';

export const getShipmentOp = implement(getShipment, (ctx, input) => ctx.services.shipping.shipment(input.shipment_id));
