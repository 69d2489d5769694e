import { getPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';

export const getPaymentOp = implement(getPayment, (ctx, input) => ctx.services.payments.get(input.transaction_id));
