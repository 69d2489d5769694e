import { deleteProduct } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const deleteProductOp = implement(deleteProduct, (ctx, input) => {
  const product = ctx.services.products.get({ product_id: input.product_id });
  ctx.note({ subject: { entity: 'product', id: String(product.id), name: product.name } });
  const result = ctx.services.products.trash(product.id, input.expected_version, ctx.events);
  ctx.note({ undo: { kind: 'restore', entity: 'product', id: product.id, version: product.version + 1 } });
  return result;
});
