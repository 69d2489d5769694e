import { restoreProduct } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const restoreProductOp = implement(restoreProduct, (ctx, input) => {
  const product = ctx.services.products.restore(input.product_id, ctx.events);
  ctx.note({
    subject: { entity: 'product', id: String(product.id), name: product.name },
    undo: { kind: 'trash', entity: 'product', id: product.id, version: product.version },
  });
  return product;
});
