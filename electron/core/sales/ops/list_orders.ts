import { listOrders } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const listOrdersOp = implement(listOrders, (ctx, input) => ctx.services.orders.list(input));
