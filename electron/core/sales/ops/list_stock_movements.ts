import { listStockMovements } from '../../../../shared/sales/inventory.js';
import { implement } from '../../catalogue/operation.js';

export const listStockMovementsOp = implement(listStockMovements, (ctx, input) =>
  ctx.services.inventory.movements(input),
);
