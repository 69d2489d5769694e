import { adjustInventory } from '../../../../shared/sales/inventory.js';
import { implement } from '../../catalogue/operation.js';

export const adjustInventoryOp = implement(adjustInventory, (ctx, input) =>
  ctx.services.inventory.adjust(input, ctx.events, ctx.caller.name),
);
