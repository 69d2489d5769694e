import { createCustomerOp } from './ops/create_customer.js';
import { listCustomerTagsOp } from './ops/list_customer_tags.js';
import { restoreCustomerOp } from './ops/restore_customer.js';
import { deleteCustomerOp } from './ops/delete_customer.js';
import { getCustomerOp } from './ops/get_customer.js';
import { listCustomersOp } from './ops/list_customers.js';
import { updateCustomerOp } from './ops/update_customer.js';

export { CustomersService } from './service.js';
export const customerOperations = [
  createCustomerOp,
  getCustomerOp,
  updateCustomerOp,
  listCustomersOp,
  deleteCustomerOp,
  restoreCustomerOp,
  listCustomerTagsOp,
];
