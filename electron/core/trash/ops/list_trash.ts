import { listTrash, type TrashItem } from '../../../../shared/trash.js';
import { naturalOrder } from '../../../../shared/schemas.js';
import { implement } from '../../catalogue/operation.js';

// Made at the first sort by name, not at import: Intl's first use maps ICU's data (see iso-codes.ts).
let byName: Intl.Collator | undefined;

export const listTrashOp = implement(listTrash, (ctx, input) => {
  const customers =
    input.entity === 'product'
      ? []
      : ctx.services.customers.trashed().map((c) => ({ entity: 'customer' as const, ...c }));
  const products =
    input.entity === 'customer'
      ? []
      : ctx.services.products.trashed().map((p) => ({ entity: 'product' as const, ...p }));
  // Two tables, at most 1,000 rows each: merged and sorted here, with the newest deletion breaking ties.
  const key: Record<typeof input.sort, (a: TrashItem, b: TrashItem) => number> = {
    deleted_at: (a, b) => a.deleted_at.localeCompare(b.deleted_at),
    entity: (a, b) => a.entity.localeCompare(b.entity),
    name: (a, b) =>
      (byName ??= new Intl.Collator('en', { sensitivity: 'base', numeric: true })).compare(a.name, b.name),
  };
  const sign = naturalOrder(input.order, input.sort === 'deleted_at') === 'desc' ? -1 : 1;
  const items = [...customers, ...products].sort(
    (a, b) =>
      sign * key[input.sort](a, b) ||
      b.deleted_at.localeCompare(a.deleted_at) ||
      a.entity.localeCompare(b.entity) ||
      a.id - b.id,
  );
  return { items, next_cursor: null };
});
