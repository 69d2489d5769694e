import { setOrderDiscount } from '../../../../shared/sales/orders.js';
import { noteOrderDiscount } from '../../activity/notes.js';
import { implement } from '../../catalogue/operation.js';
import { orderFor } from '../redact.js';

export const setOrderDiscountOp = implement(setOrderDiscount, (ctx, input) => {
  const before = ctx.services.orders.get(input.order_id);
  const after = ctx.services.orders.setDiscount(input, ctx.events);
  noteOrderDiscount(ctx.note, before, after);
  return orderFor(ctx.access, after);
});
