import { listCustomerTags } from '../../../../shared/customers.js';
import { implement } from '../../catalogue/operation.js';

export const listCustomerTagsOp = implement(listCustomerTags, (ctx) => ctx.services.customers.tags());
