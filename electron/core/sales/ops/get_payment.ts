import { getPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';
import { paymentFor } from '../redact.js';

export const getPaymentOp = implement(getPayment, (ctx, input) =>
  paymentFor(ctx.access, ctx.services.payments.get(input.transaction_id)),
);
