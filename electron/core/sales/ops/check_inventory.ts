import { checkInventory } from '../../../../shared/sales/inventory.js';
import { implement } from '../../catalogue/operation.js';

export const checkInventoryOp = implement(checkInventory, (ctx, input) => ctx.services.inventory.check(input));
