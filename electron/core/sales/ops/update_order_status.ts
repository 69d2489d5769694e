import { updateOrderStatus } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const updateOrderStatusOp = implement(updateOrderStatus, (ctx, input) =>
  ctx.services.orders.updateStatus(input, ctx.events, ctx.caller.name),
);
