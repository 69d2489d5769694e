import { createProduct } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const createProductOp = implement(createProduct, (ctx, input) => {
  const product = ctx.services.products.create(input, ctx.events, ctx.caller.name);
  ctx.note({
    subject: { entity: 'product', id: String(product.id), name: product.name },
    undo: { kind: 'trash', entity: 'product', id: product.id, version: product.version },
  });
  return product;
});
