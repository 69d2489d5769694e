import { processPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';
import { paymentFor } from '../redact.js';

export const processPaymentOp = implement(processPayment, (ctx, input) =>
  paymentFor(ctx.access, ctx.services.payments.process(input, ctx.events, ctx.caller.name)),
);
