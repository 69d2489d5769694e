import { createOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';
import { orderFor } from '../redact.js';

export const createOrderOp = implement(createOrder, (ctx, input) => {
  const order = ctx.services.orders.create(input, ctx.events, ctx.caller.name);
  // The order is what was made; the stock it holds is a side effect (its events come first).
  ctx.note({ subject: { entity: 'order', id: String(order.id), name: `#${order.id}` } });
  return orderFor(ctx.access, order);
});
