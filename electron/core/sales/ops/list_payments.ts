import { listPayments } from '../../../../shared/sales/payments.js';
import { implement } from '../../catalogue/operation.js';
import { paymentFor } from '../redact.js';

export const listPaymentsOp = implement(listPayments, (ctx, input) => {
  const page = ctx.services.payments.list(input);
  return { ...page, items: page.items.map((payment) => paymentFor(ctx.access, payment)) };
});
