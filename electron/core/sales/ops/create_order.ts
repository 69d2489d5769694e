import { createOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';
import { orderFor } from '../redact.js';

export const createOrderOp = implement(createOrder, (ctx, input) =>
  orderFor(ctx.access, ctx.services.orders.create(input, ctx.events, ctx.caller.name)),
);
