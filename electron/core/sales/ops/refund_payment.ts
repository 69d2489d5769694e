import { refundPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';

export const refundPaymentOp = implement(refundPayment, (ctx, input) =>
  ctx.services.payments.refund(input, ctx.events, ctx.caller.name),
);
