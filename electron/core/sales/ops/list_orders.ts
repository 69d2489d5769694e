import { listOrders } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';
import { orderPageFor } from '../redact.js';

export const listOrdersOp = implement(listOrders, (ctx, input) =>
  orderPageFor(ctx.access, ctx.services.orders.list(input)),
);
