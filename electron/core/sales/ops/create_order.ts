import { createOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const createOrderOp = implement(createOrder, (ctx, input) =>
  ctx.services.orders.create(input, ctx.events, ctx.caller.name),
);
