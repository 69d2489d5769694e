import { getOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';
import { orderFor } from '../redact.js';

export const getOrderOp = implement(getOrder, (ctx, input) =>
  orderFor(ctx.access, ctx.services.orders.get(input.order_id)),
);
