import { createProduct } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const createProductOp = implement(createProduct, (ctx, input) =>
  ctx.services.products.create(input, ctx.events, ctx.caller.name),
);
