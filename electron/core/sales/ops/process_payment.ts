import { processPayment } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';

export const processPaymentOp = implement(processPayment, (ctx, input) =>
  ctx.services.payments.process(input, ctx.events, ctx.caller.name),
);
