import { updateCustomer } from '../../../../shared/customers.js';
import { CUSTOMER_FIELDS, noteUpdate } from '../../activity/notes.js';
import { implement } from '../../catalogue/operation.js';

export const updateCustomerOp = implement(updateCustomer, (ctx, input) => {
  const before = ctx.services.customers.byId(input.customer_id);
  const after = ctx.services.customers.update(input, ctx.events);
  noteUpdate(ctx.note, 'customer', before.name, before, after, CUSTOMER_FIELDS);
  return after;
});
