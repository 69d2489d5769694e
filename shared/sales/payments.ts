import { z } from 'zod';
import { defineContract } from '../operation.js';
import { CurrencyCode, Cursor, Email, IdLike, Limit, Timestamp, listOf } from '../schemas.js';
import { Money, PositiveAmount, ProductRef, Quantity, ShortText } from './common.js';

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

/** Who paid: the known keys are checked; others (the seed's `id`, an address…) are kept on the payment as given. */
export const CustomerInfo = z
  .object({
    customer_id: IdLike.optional().describe('An Officina customer: links the payment to them'),
    name: ShortText('name').min(1).optional(),
    email: Email.optional(),
    phone: ShortText('phone', 40).optional(),
  })
  .catchall(z.unknown())
  .refine((v) => Object.values(v).some((value) => value !== undefined && value !== null), {
    message: 'customer_info needs at least one of customer_id, name, email, phone',
  })
  .refine((v) => JSON.stringify(v).length <= 4_000, 'customer_info is at most 4,000 characters as JSON');

/**
 * How the money came, as the caller words it ("cash", "credit_card", "PayPal"): lower case, with
 * spaces and hyphens as underscores.
 */
export const PaymentMethod = z
  .string({ error: 'payment_method must be a word such as cash, bank_transfer, card_terminal or paypal' })
  .trim()
  .toLowerCase()
  .transform((method) => method.replace(/[\s-]+/g, '_'))
  .pipe(
    z
      .string()
      .min(1, 'payment_method cannot be empty')
      .max(40, 'payment_method is at most 40 characters')
      .regex(/^[a-z][a-z0-9_]*$/, 'payment_method must be a word such as cash, bank_transfer, card_terminal or paypal'),
  );

export const Refund = z.object({
  refund_id: z.string(),
  transaction_id: z.string(),
  amount: Money,
  currency: z.string(),
  reason: z.string().nullable(),
  items: z
    .array(
      z.object({
        product_id: z.number().int(),
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        restocked: z.number().int(),
      }),
    )
    .describe('Order lines refunded, if the refund named them'),
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
    'Record a payment received (cash, bank_transfer, card_terminal, check, other, or the payer’s own word). ' +
    'Nothing is charged. With `order_id`: the order’s currency, at most what ' +
    'is due; covering the total makes it "paid". Retries with the same `idempotency_key` return the first ' +
    'result. Returns the payment with its transaction_id.',
  input: z.strictObject({
    amount: PositiveAmount,
    currency: CurrencyCode,
    payment_method: PaymentMethod,
    customer_info: CustomerInfo.optional(),
    order_id: IdLike.optional(),
    idempotency_key: IdempotencyKey.optional(),
    reference: ShortText('reference', 200).optional().describe('Receipt, bank or terminal reference'),
    note: ShortText('note', 500).optional(),
  }),
  output: Payment.extend({ warnings: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const refundPayment = defineContract({
  name: 'refund_payment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Refund payment',
  description:
    'Refund all or part of a payment (default: all that is left), never more than paid less refunds. ' +
    '`items` refunds order lines at what was charged (unshipped units cancelled; `restock` returns shipped ' +
    'ones). An order refunded in full becomes "refunded". The same `idempotency_key` returns the first refund.',
  input: z.strictObject({
    transaction_id: z.string().trim().min(1, 'transaction_id cannot be empty').max(64),
    amount: PositiveAmount.optional(),
    reason: ShortText('reason', 500).optional(),
    idempotency_key: IdempotencyKey.optional(),
    items: z
      .array(z.strictObject({ product_id: ProductRef, quantity: Quantity }))
      .min(1, 'give at least one item, or leave items out')
      .max(200)
      .optional(),
    restock: z.boolean().optional(),
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
  description: 'Payments, newest first, optionally of one order or one customer.',
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
