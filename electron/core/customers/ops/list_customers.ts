import { listCustomers } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const listCustomersOp = implement(listCustomers, (ctx, input) => ctx.services.customers.list(input));
