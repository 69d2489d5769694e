import { purgeFromTrash } from '../../../../shared/trash.js';
import { implement } from '../../catalogue/operation.js';

export const purgeFromTrashOp = implement(purgeFromTrash, (ctx, input) => {
  const gone =
    input.entity === 'customer'
      ? ctx.services.customers.purge(input.id, ctx.events)
      : ctx.services.products.purge(input.id, ctx.events);
  ctx.note({ subject: { entity: input.entity, id: String(gone.id), name: gone.name } });
  return { entity: input.entity, ...gone };
});
