import { restoreCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const restoreCustomerOp = implement(restoreCustomer, (ctx, input) => {
  const customer = ctx.services.customers.restore(input.customer_id, ctx.events);
  ctx.note({
    subject: { entity: 'customer', id: String(customer.id), name: customer.name },
    undo: { kind: 'trash', entity: 'customer', id: customer.id, version: customer.version },
  });
  return customer;
});
