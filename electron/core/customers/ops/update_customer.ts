import { updateCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const updateCustomerOp = implement(updateCustomer, (ctx, input) =>
  ctx.services.customers.update(input, ctx.events),
);
