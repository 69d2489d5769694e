import { SHIPPING_SERVICES } from '../../../../shared/sales/orders.js';
import { calculateShipping } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';

export const calculateShippingOp = implement(calculateShipping, (ctx, input) => {
  const { shipping } = ctx.services;
  const parcel = shipping.parcel(input.items, input.currency);
  const services = input.service
    ? [shipping.serviceNamed(input.service, parcel.currency, 'service')]
    : SHIPPING_SERVICES;
  return {
    items: services.map((service) => shipping.quote(parcel, service)),
    next_cursor: null,
    // The address is the customer's: withheld, as on a shipment, from a caller who may not see customers.
    destination: ctx.access.hidden.has('customers') ? null : input.destination,
    warnings: parcel.warnings,
  };
});
