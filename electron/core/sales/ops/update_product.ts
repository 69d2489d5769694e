import { updateProduct } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const updateProductOp = implement(updateProduct, (ctx, input) =>
  ctx.services.products.update(input, ctx.events),
);
