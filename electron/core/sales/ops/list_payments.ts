import { listPayments } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';

export const listPaymentsOp = implement(listPayments, (ctx, input) => ctx.services.payments.list(input));
