import { quoteOrderDiscount } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const quoteOrderDiscountOp = implement(quoteOrderDiscount, (ctx, input) =>
  ctx.services.orders.quoteDiscount(input),
);
