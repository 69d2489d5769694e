import { SHIPPING_SERVICES } from '../../../../shared/sales/orders.js';
import { calculateShipping } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';

export const calculateShippingOp = implement(calculateShipping, (ctx, input) => {
  const parcel = ctx.services.shipping.parcel(input.items, input.currency);
  const services = input.service ? [input.service] : SHIPPING_SERVICES;
  return { items: services.map((service) => ctx.services.shipping.quote(parcel, service)), next_cursor: null };
});
