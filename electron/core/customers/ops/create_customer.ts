import { createCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const createCustomerOp = implement(createCustomer, (ctx, input) => {
  const customer = ctx.services.customers.create(input, ctx.events);
  ctx.note({
    subject: { entity: 'customer', id: String(customer.id), name: customer.name },
    undo: { kind: 'trash', entity: 'customer', id: customer.id, version: customer.version },
  });
  return customer;
});
