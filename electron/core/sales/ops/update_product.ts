import { updateProduct } from '../../../../shared/sales/products.js';
import { PRODUCT_FIELDS, noteUpdate } from '../../activity/notes.js';
import { implement } from '../../catalogue/operation.js';

export const updateProductOp = implement(updateProduct, (ctx, input) => {
  const before = ctx.services.products.get({ product_id: input.product_id });
  const after = ctx.services.products.update(input, ctx.events);
  noteUpdate(ctx.note, 'product', before.name, before, after, PRODUCT_FIELDS);
  return after;
});
