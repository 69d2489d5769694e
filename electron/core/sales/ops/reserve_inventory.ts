import { reserveInventory } from '../../../../shared/sales/inventory.js';
import { implement } from '../../catalogue/operation.js';
import { DEFAULT_HOLD_SECONDS } from '../inventory.js';

export const reserveInventoryOp = implement(reserveInventory, (ctx, input) => {
  // The order, when given, must exist and still be open; its holds last until it ships or is cancelled.
  if (input.order_id !== undefined) ctx.services.orders.assertOpen(input.order_id);
  const expiresIn = input.expires_in ?? (input.order_id === undefined ? DEFAULT_HOLD_SECONDS : null);
  return ctx.services.inventory.reserve(
    { product: input.product_id, quantity: input.quantity, orderId: input.order_id ?? null, expiresIn },
    ctx.events,
    ctx.caller.name,
  );
});
