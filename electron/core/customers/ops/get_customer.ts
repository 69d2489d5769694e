import { getCustomer } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const getCustomerOp = implement(getCustomer, (ctx, input) => ctx.services.customers.get(input));
