import { createCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const createCustomerOp = implement(createCustomer, (ctx, input) =>
  ctx.services.customers.create(input, ctx.events),
);
