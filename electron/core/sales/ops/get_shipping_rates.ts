import { getShippingRates } from '../../../../shared/sales/shipping.js';
import { implement } from '../../catalogue/operation.js';

export const getShippingRatesOp = implement(getShippingRates, (ctx, input) =>
  ctx.services.shipping.rateTable(input.currency),
);
