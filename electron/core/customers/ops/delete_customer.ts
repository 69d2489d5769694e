import { deleteCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const deleteCustomerOp = implement(deleteCustomer, (ctx, input) => {
  const customer = ctx.services.customers.byId(input.customer_id);
  // Named before the call, so a refusal reads "tried to delete customer Bad Phone Co" too.
  ctx.note({ subject: { entity: 'customer', id: String(customer.id), name: customer.name } });
  const result = ctx.services.customers.delete(input, ctx.events);
  ctx.note({ undo: { kind: 'restore', entity: 'customer', id: customer.id, version: customer.version + 1 } });
  return result;
});
