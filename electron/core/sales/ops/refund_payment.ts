import { refundPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';
import { paymentFor } from '../redact.js';

export const refundPaymentOp = implement(refundPayment, (ctx, input) => {
  const refund = ctx.services.payments.refund(input, ctx.events, ctx.caller.name);
  return { ...refund, payment: paymentFor(ctx.access, refund.payment) };
});
