import { quoteOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const quoteOrderOp = implement(quoteOrder, (ctx, input) => ctx.services.orders.quote(input));
