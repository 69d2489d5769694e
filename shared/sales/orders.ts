import { z } from 'zod';
import { AddressInput, Address } from '../customers.js';
import { defineContract } from '../operation.js';
import { Cursor, IdLike, Limit, Offset, Timestamp, listOf } from '../schemas.js';
import { Amount, DateOrTimestamp, Money, ProductRef, Quantity, ShortText } from './common.js';

export const ORDER_STATUSES = [
  'pending',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = z.enum(ORDER_STATUSES, {
  error: `status must be one of ${ORDER_STATUSES.join(', ')}`,
});

/**
 * The order lifecycle. `by` names the operation that makes a move that update_order_status may not
 * make by hand: money and parcels move an order, not a status field.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly { to: OrderStatus; by?: string }[]> = {
  pending: [{ to: 'paid', by: 'process_payment' }, { to: 'cancelled' }],
  paid: [{ to: 'processing' }, { to: 'shipped', by: 'create_shipment' }, { to: 'refunded', by: 'refund_payment' }],
  processing: [
    { to: 'shipped', by: 'create_shipment' },
    { to: 'refunded', by: 'refund_payment' },
  ],
  shipped: [{ to: 'delivered' }, { to: 'refunded', by: 'refund_payment' }],
  delivered: [{ to: 'refunded', by: 'refund_payment' }],
  cancelled: [],
  refunded: [],
};

/** What has left the warehouse: derived from the order's shipments and the units refunded before shipping. */
export const FULFILLMENT_STATUSES = ['unfulfilled', 'partially_fulfilled', 'fulfilled'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
export const FulfillmentStatusSchema = z.enum(FULFILLMENT_STATUSES, {
  error: `fulfillment_status must be one of ${FULFILLMENT_STATUSES.join(', ')}`,
});

/** Where the money stands: derived from the order's total, payments and refunds. */
export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES, {
  error: `payment_status must be one of ${PAYMENT_STATUSES.join(', ')}`,
});

export const SHIPPING_SERVICES = ['standard', 'express', 'overnight'] as const;
export const ShippingService = z.enum(SHIPPING_SERVICES, { error: 'service must be standard, express or overnight' });
/**
 * A service as callers name it: standard, express or overnight in any case, or a label of the rate table
 * (the seed's quotes say "Standard"); core resolves it against the table of the currency in question.
 */
export const ServiceName = z
  .string({ error: 'service must be standard, express or overnight' })
  .trim()
  .min(1, 'service must be standard, express or overnight')
  .max(50, 'a service is at most 50 characters')
  .describe('standard, express, overnight, or a label from calculate_shipping');

export const OrderItem = z.object({
  product_id: z.number().int(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unit_price: Money,
  line_total: Money,
  shipped_quantity: z.number().int(),
  refunded_quantity: z.number().int(),
  unshipped_quantity: z.number().int().describe('Left to ship: neither shipped nor refunded'),
});

export const TimelineEvent = z.object({
  at: Timestamp,
  kind: z.enum(['order', 'payment', 'refund', 'shipment']),
  text: z.string(),
  by: z.string(),
});

export const StatusChange = z.object({
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().nullable(),
  by: z.string().describe('Who: the MCP client, ui, or a workflow'),
  at: Timestamp,
});

export const Order = z.object({
  id: z.number().int(),
  customer_id: z.number().int(),
  customer_name: z.string().describe('Says it is hidden when the person has not shared customers with assistants'),
  status: OrderStatusSchema,
  fulfillment_status: FulfillmentStatusSchema,
  payment_status: PaymentStatusSchema,
  currency: z.string(),
  items: z.array(OrderItem),
  subtotal: Money,
  discount: Money.describe('Taken off the subtotal before tax'),
  discount_percent: z.number().nullable().describe('The percent, when the discount was given as one'),
  shipping: Money,
  tax: Money,
  tax_rate_bps: z.number().int(),
  total: Money,
  paid: Money.describe('Sum of payments'),
  refunded: Money.describe('Sum of refunds'),
  balance_due: Money.describe('What is still owed: total − (paid − refunded) while pending; 0 once paid'),
  shipping_service: z.string().nullable(),
  shipping_address: Address.nullable().describe(
    'null when the order has none, or when the person has not shared customers with assistants',
  ),
  notes: z.string().nullable(),
  import_ref: z.string().nullable().describe('Its order_ref in the file it was imported from'),
  allowed_statuses: z.array(z.string()).describe('Statuses update_order_status can move this order to now'),
  history: z.array(StatusChange),
  shipments: z
    .array(
      z.object({
        id: z.number().int(),
        status: z.string(),
        service: z.string(),
        carrier: z.string().nullable(),
        tracking: z.string().nullable(),
        cost: Money,
        created_at: Timestamp,
      }),
    )
    .describe('Parcels sent for this order; get_shipment has their items and tracking history'),
  timeline: z
    .array(TimelineEvent)
    .describe('Status changes, payments, refunds, shipments and their tracking, oldest first'),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Order = z.infer<typeof Order>;

export const OrderSummary = Order.pick({
  id: true,
  customer_id: true,
  customer_name: true,
  status: true,
  fulfillment_status: true,
  payment_status: true,
  currency: true,
  total: true,
  paid: true,
  refunded: true,
  created_at: true,
  updated_at: true,
}).extend({ item_count: z.number().int() });
export type OrderSummary = z.infer<typeof OrderSummary>;

/** A percent off the items, 0–100 with at most two decimals (12.5 = 12.5 %). */
export const DiscountPercent = z
  .number({ error: 'discount_percent must be a number from 0 to 100' })
  .min(0, 'discount_percent must be from 0 to 100')
  .max(100, 'discount_percent must be from 0 to 100')
  .refine((v) => Number.isInteger(Math.round(v * 100 * 1e6) / 1e6), 'discount_percent has at most 2 decimals');

const createOrderInput = z
  .strictObject({
    customer_id: IdLike,
    items: z
      .array(
        z.strictObject({
          product_id: ProductRef,
          quantity: Quantity,
          price: Amount.optional().describe('Ignored: prices come from the catalog'),
        }),
      )
      .min(1, 'an order needs at least one item')
      .max(200, 'an order has at most 200 items'),
    shipping_address: AddressInput.optional(),
    shipping_service: ServiceName.optional(),
    shipping_amount: Amount.optional().describe(
      'Shipping to charge, in major units of the order’s currency, instead of the rate table’s price',
    ),
    discount_amount: Amount.optional(),
    discount_percent: DiscountPercent.optional(),
    notes: ShortText('notes', 2_000).optional(),
  })
  .refine((v) => v.discount_amount === undefined || v.discount_percent === undefined, {
    message: 'give discount_amount or discount_percent, not both',
    path: ['discount_percent'],
  });

// Orders carry their customer's name and shipping address: without customers an assistant still
// works with orders, their items, money and status, and gets them with the two fields withheld
// (a refusal that would name the customer names only their id).
export const createOrder = defineContract({
  name: 'create_order',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Create order',
  description:
    'Place an order for an active customer: items priced from the catalog, stock reserved, all or nothing. ' +
    'One currency. Shipping only when asked: `shipping_service` (rate table) or `shipping_amount`. A discount ' +
    '(amount or percent) comes off the items before tax. Starts "pending"; pay with process_payment. Returns ' +
    'the order and `warnings`.',
  input: createOrderInput,
  output: Order.extend({ warnings: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const getOrder = defineContract({
  name: 'get_order',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Get order',
  description:
    'Read one order: items, totals, fulfillment and payment status, a timeline of payments, refunds and ' +
    'shipments, and the statuses it may move to next.',
  input: z.strictObject({ order_id: IdLike }),
  output: Order,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const ORDER_SORTS = ['created_at', 'id', 'customer', 'total', 'status'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

export const listOrders = defineContract({
  name: 'list_orders',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'List orders',
  description:
    'List orders (summaries), newest first, optionally for one customer, in one status (or fulfillment or ' +
    'payment status), or placed from start_date to end_date (both inclusive; plain dates are days in the settings ' +
    'time zone). `sort`/`order` order by another column.',
  input: z.strictObject({
    customer_id: IdLike.optional(),
    status: OrderStatusSchema.optional(),
    fulfillment_status: FulfillmentStatusSchema.optional(),
    payment_status: PaymentStatusSchema.optional(),
    start_date: DateOrTimestamp.optional(),
    end_date: DateOrTimestamp.optional(),
    sort: z.enum(ORDER_SORTS, { error: `sort is one of ${ORDER_SORTS.join(', ')}` }).default('created_at'),
    order: z.enum(SORT_ORDERS, { error: 'order is asc or desc' }).default('desc'),
    limit: Limit(50, 500),
    offset: Offset,
    cursor: Cursor.optional(),
  }),
  output: listOf(OrderSummary),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const updateOrderStatus = defineContract({
  name: 'update_order_status',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Update order status',
  description:
    'Move an order along its lifecycle: pending → cancelled (releases its reserved stock), paid → ' +
    'processing, shipped → delivered. process_payment, create_shipment and refund_payment make the other ' +
    'moves. A paid order cannot be cancelled: refund it first. `note` is kept in the history.',
  input: z.strictObject({
    order_id: IdLike,
    status: OrderStatusSchema,
    note: ShortText('note', 500).optional(),
    expected_version: z.number().int().positive().optional(),
  }),
  output: Order,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

/** The New order form's totals, priced by the same code as create_order, so the two never disagree. */
export const quoteOrder = defineContract({
  name: 'quote_order',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  title: 'Quote order',
  description: 'Price an order as create_order would, without placing it or reserving stock.',
  // The form's helper: an assistant places the order and reads its totals from create_order.
  faces: ['ui'],
  input: createOrderInput,
  output: z.object({
    currency: z.string(),
    subtotal: Money,
    discount: Money,
    discount_percent: z.number().nullable(),
    shipping: Money,
    shipping_service: z.string().nullable(),
    tax: Money,
    tax_rate_bps: z.number().int(),
    total: Money,
    warnings: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

const orderDiscountInput = {
  order_id: IdLike,
  discount_amount: Amount.nullable().optional(),
  discount_percent: DiscountPercent.nullable().optional(),
};
/** One of the two, or null (or 0) to remove the discount: leaving both out says nothing. */
const oneDiscount = <T extends { discount_amount?: number | null; discount_percent?: number | null }>(
  schema: z.ZodType<T>,
) =>
  schema
    .refine((v) => v.discount_amount !== undefined || v.discount_percent !== undefined, {
      message: 'give discount_amount or discount_percent (null removes the discount)',
      path: ['discount_amount'],
    })
    .refine((v) => v.discount_amount == null || v.discount_percent == null, {
      message: 'give discount_amount or discount_percent, not both',
      path: ['discount_percent'],
    });

/**
 * A discount forgotten when the order was placed, set afterwards: only while nothing is settled on
 * the order (pending, no payment recorded), so that no payment, refund or invoice was made for the
 * old figures. Tax and total are worked out again by the code that priced the order.
 */
export const setOrderDiscount = defineContract({
  name: 'set_order_discount',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Set order discount',
  description:
    'Set, change or remove (null) the discount of a pending order with no payment yet; tax and total are ' +
    'worked out again. Returns the order.',
  input: oneDiscount(
    z.strictObject({ ...orderDiscountInput, expected_version: z.number().int().positive().optional() }),
  ),
  output: Order,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

/** The Edit discount form's preview, worked out by the same code as set_order_discount. */
export const quoteOrderDiscount = defineContract({
  name: 'quote_order_discount',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Quote order discount',
  description: 'What an order would come to with another discount, without changing it.',
  faces: ['ui'],
  input: oneDiscount(z.strictObject(orderDiscountInput)),
  output: z.object({
    currency: z.string(),
    subtotal: Money,
    discount: Money,
    discount_percent: z.number().nullable(),
    shipping: Money,
    tax: Money,
    total: Money,
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const orderContracts = [
  createOrder,
  getOrder,
  listOrders,
  updateOrderStatus,
  quoteOrder,
  setOrderDiscount,
  quoteOrderDiscount,
] as const;
