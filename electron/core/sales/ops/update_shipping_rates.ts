import { updateShippingRates } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';

export const updateShippingRatesOp = implement(updateShippingRates, (ctx, input) =>
  ctx.services.shipping.updateRates(input, ctx.events),
);
