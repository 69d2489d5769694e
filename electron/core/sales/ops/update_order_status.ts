import { updateOrderStatus } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';
import { orderFor } from '../redact.js';

export const updateOrderStatusOp = implement(updateOrderStatus, (ctx, input) =>
  orderFor(ctx.access, ctx.services.orders.updateStatus(input, ctx.events, ctx.caller.name)),
);
