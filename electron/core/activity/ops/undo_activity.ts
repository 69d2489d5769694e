import { undoActivity } from '../../../../shared/activity.js';
import { OpError } from '../../../../shared/errors.js';
import { implement } from '../../catalogue/operation.js';
import type { Ctx } from '../../catalogue/context.js';
import {
  CUSTOMER_FIELDS,
  PRODUCT_FIELDS,
  movedFields,
  noteOrderDiscount,
  noteUpdate,
  type UndoEntity,
  type UndoPlan,
} from '../notes.js';

const LABEL: Record<UndoEntity, string> = { customer: 'customer', product: 'product', order: 'order' };

export const undoActivityOp = implement(undoActivity, (ctx, input) => {
  const row = ctx.services.activity.row(input.activity_id);
  // Named first, so that a refused undo still reads "tried to undo a change to customer Ada".
  if (row.subject_entity !== null && row.subject_id !== null) {
    ctx.note({ subject: { entity: row.subject_entity, id: row.subject_id, name: row.subject_name } });
  }
  if (row.undone_at !== null) {
    throw new OpError('conflict', `This change was already undone (${row.undone_at}).`, [
      { path: 'activity_id', message: 'Already undone' },
    ]);
  }
  if (row.undo === null || row.outcome !== 'ok') {
    throw new OpError('invalid_input', 'This entry cannot be undone: it changed nothing that can be put back.', [
      { path: 'activity_id', message: 'Nothing to undo' },
    ]);
  }
  const plan = JSON.parse(row.undo) as UndoPlan;
  const current = stateOf(ctx, plan.entity, plan.id);
  const name = current?.name ?? row.subject_name ?? `#${plan.id}`;
  const moved = () =>
    new OpError(
      'conflict',
      `The ${LABEL[plan.entity]} ${name} was changed after this; undoing it now would overwrite that later change. ` +
        'Open it and change it by hand.',
      [{ path: 'activity_id', message: 'Changed since' }],
    );
  if (!current) {
    throw new OpError('not_found', `The ${LABEL[plan.entity]} ${name} no longer exists (deleted for good).`, [
      { path: 'activity_id', message: 'Record gone' },
    ]);
  }
  // A move to or from the trash is undone only while the record is exactly as the call left it.
  if (plan.kind !== 'update' && current.version !== plan.version) throw moved();

  switch (plan.kind) {
    case 'update': {
      if (current.trashed) {
        throw new OpError('conflict', `The ${LABEL[plan.entity]} ${name} is in the trash; restore it first.`, [
          { path: 'activity_id', message: 'In the trash' },
        ]);
      }
      // Runs inside the write's transaction: nothing can change the record between this check and the update.
      if (plan.entity === 'order') {
        const before = ctx.services.orders.get(plan.id);
        if (movedFields(before, plan.after).length > 0) throw moved();
        const after = ctx.services.orders.setDiscount({ order_id: plan.id, ...plan.input }, ctx.events);
        noteOrderDiscount(ctx.note, before, after);
      } else if (plan.entity === 'customer') {
        const before = ctx.services.customers.byId(plan.id);
        if (movedFields(before, plan.after).length > 0) throw moved();
        const after = ctx.services.customers.update({ customer_id: plan.id, ...plan.input } as never, ctx.events);
        noteUpdate(ctx.note, 'customer', after.name, before, after, CUSTOMER_FIELDS);
      } else {
        const before = ctx.services.products.get({ product_id: plan.id });
        if (movedFields(before, plan.after).length > 0) throw moved();
        const after = ctx.services.products.update({ product_id: plan.id, ...plan.input } as never, ctx.events);
        noteUpdate(ctx.note, 'product', after.name, before, after, PRODUCT_FIELDS);
      }
      break;
    }
    case 'restore': {
      if (!current.trashed) throw moved();
      const restored =
        plan.entity === 'customer'
          ? ctx.services.customers.restore(plan.id, ctx.events)
          : ctx.services.products.restore(plan.id, ctx.events);
      ctx.note({
        subject: { entity: plan.entity, id: String(plan.id), name: restored.name },
        undo: { kind: 'trash', entity: plan.entity, id: plan.id, version: restored.version },
      });
      break;
    }
    case 'trash': {
      if (current.trashed) throw moved();
      if (plan.entity === 'customer') ctx.services.customers.delete({ customer_id: plan.id }, ctx.events);
      else ctx.services.products.trash(plan.id, undefined, ctx.events);
      ctx.note({
        subject: { entity: plan.entity, id: String(plan.id), name },
        undo: { kind: 'restore', entity: plan.entity, id: plan.id, version: plan.version + 1 },
      });
      break;
    }
  }
  ctx.services.activity.markUndone(row.id, ctx.clock.now().toISOString());
  return ctx.services.activity.entry(row.id);
});

/** The record as it is now, in the trash or not; null once deleted for good. */
function stateOf(ctx: Ctx, entity: UndoEntity, id: number): { name: string; version: number; trashed: boolean } | null {
  if (entity === 'order') {
    const order = ctx.db.first(ctx.db.query.selectFrom('orders').select(['id', 'version']).where('id', '=', id));
    return order ? { name: `#${order.id}`, version: order.version, trashed: false } : null;
  }
  const q =
    entity === 'customer'
      ? ctx.db.query.selectFrom('customers').select(['name', 'version', 'deleted_at']).where('id', '=', id)
      : ctx.db.query.selectFrom('products').select(['name', 'version', 'deleted_at']).where('id', '=', id);
  const row = ctx.db.first(q);
  return row ? { name: row.name, version: row.version, trashed: row.deleted_at !== null } : null;
}
