import { z } from 'zod';
import { defineContract } from '../operation.js';
import { CurrencyCode, Cursor, Email, IdLike, Limit, Timestamp, listOf } from '../schemas.js';
import { Money, PositiveAmount, ShortText } from './common.js';

/**
 * Methods recorded by hand: the money moved outside Officina (till, bank, card terminal). Online card
 * charges need a provider (Stripe later, behind PaymentProvider in core); none is configured.
 */
export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card_terminal', 'check', 'other'] as const;

const IdempotencyKey = z
  .string()
  .trim()
  .min(8, 'idempotency_key is at least 8 characters (a UUID is ideal)')
  .max(200, 'idempotency_key is at most 200 characters');

export const CustomerInfo = z
  .strictObject({
    customer_id: IdLike.optional(),
    name: ShortText('name').min(1).optional(),
    email: Email.optional(),
    phone: ShortText('phone', 40).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'customer_info needs at least one of customer_id, name, email, phone');

export const Refund = z.object({
  refund_id: z.string(),
  transaction_id: z.string(),
  amount: Money,
  currency: z.string(),
  reason: z.string().nullable(),
  by: z.string(),
  created_at: Timestamp,
});

export const Payment = z.object({
  transaction_id: z.string(),
  order_id: z.number().int().nullable(),
  customer_id: z.number().int().nullable(),
  customer_info: z
    .record(z.string(), z.unknown())
    .describe('Who paid; { hidden } when the person has not shared customers with assistants'),
  amount: Money,
  currency: z.string(),
  payment_method: z.string(),
  provider: z.string().describe('"manual": recorded by hand, the money moved outside Officina'),
  status: z.literal('succeeded'),
  refunded: Money,
  refundable: Money,
  reference: z.string().nullable(),
  note: z.string().nullable(),
  refunds: z.array(Refund),
  by: z.string(),
  created_at: Timestamp,
});
export type Payment = z.infer<typeof Payment>;

// A payment names who paid (customer_info): payments serve an assistant without customers with it withheld.
export const processPayment = defineContract({
  name: 'process_payment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Record payment',
  description:
    'Record a payment received by cash, bank transfer, card on a terminal, check or other means (Officina ' +
    'does not charge cards itself). `amount` is a decimal in major units of `currency`. With `order_id` the ' +
    'currency must be the order’s and the amount at most what is still due; a payment that covers the total ' +
    'moves the order to "paid". Pass an `idempotency_key` (e.g. a UUID) when retrying: the same key returns ' +
    'the first result instead of recording the payment twice. Returns the payment with its transaction_id.',
  input: z.strictObject({
    amount: PositiveAmount,
    currency: CurrencyCode,
    payment_method: z.string().trim().min(1, 'payment_method cannot be empty').max(40),
    customer_info: CustomerInfo.optional(),
    order_id: IdLike.optional(),
    idempotency_key: IdempotencyKey.optional(),
    reference: ShortText('reference', 200).optional().describe('Receipt, bank or terminal reference'),
    note: ShortText('note', 500).optional(),
  }),
  output: Payment,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const refundPayment = defineContract({
  name: 'refund_payment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Refund payment',
  description:
    'Refund all or part of a payment (amount omitted = all that is left). Never more than was paid minus ' +
    'earlier refunds. When an order’s payments are refunded in full it becomes "refunded" (and stock it had ' +
    'reserved is released if it had not shipped). The same `idempotency_key` returns the first refund instead ' +
    'of refunding twice. Returns the refund and the payment after it.',
  input: z.strictObject({
    transaction_id: z.string().trim().min(1, 'transaction_id cannot be empty').max(64),
    amount: PositiveAmount.optional(),
    reason: ShortText('reason', 500).optional(),
    idempotency_key: IdempotencyKey.optional(),
  }),
  output: Refund.extend({ payment: Payment, order_status: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
});

export const getPayment = defineContract({
  name: 'get_payment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Get payment',
  description: 'Read one payment by transaction_id, with its refunds.',
  input: z.strictObject({ transaction_id: z.string().trim().min(1).max(64) }),
  output: Payment,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const listPayments = defineContract({
  name: 'list_payments',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'List payments',
  description: 'Payments newest first, optionally of one order or one customer. Page with cursor.',
  input: z.strictObject({
    order_id: IdLike.optional(),
    customer_id: IdLike.optional(),
    limit: Limit(50, 500),
    cursor: Cursor.optional(),
  }),
  output: listOf(Payment),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const paymentContracts = [processPayment, refundPayment, getPayment, listPayments] as const;
