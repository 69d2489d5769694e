import { listTrash } from '../../../../shared/trash.js';
import { implement } from '../../catalogue/operation.js';

export const listTrashOp = implement(listTrash, (ctx, input) => {
  const customers =
    input.entity === 'product'
      ? []
      : ctx.services.customers.trashed().map((c) => ({ entity: 'customer' as const, ...c }));
  const products =
    input.entity === 'customer'
      ? []
      : ctx.services.products.trashed().map((p) => ({ entity: 'product' as const, ...p }));
  const items = [...customers, ...products].sort((a, b) => b.deleted_at.localeCompare(a.deleted_at));
  return { items, next_cursor: null };
});
