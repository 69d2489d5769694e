import { deleteCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const deleteCustomerOp = implement(deleteCustomer, (ctx, input) =>
  ctx.services.customers.delete(input, ctx.events),
);
