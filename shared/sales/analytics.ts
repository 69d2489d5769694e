import { z } from 'zod';
import { defineContract } from '../operation.js';
import { CurrencyCode, IdLike, Timestamp } from '../schemas.js';
import { DateOrTimestamp, Money } from './common.js';

const CustomerFigures = z.object({
  customer_id: z.number().int(),
  name: z.string().describe('Says it is hidden when the person has not shared customers with assistants'),
  orders: z.number().int().describe('Orders placed, cancelled ones left out'),
  ordered: Money.describe('The totals of those orders'),
  outstanding: Money.describe('What those orders still await in payment (refunded orders left out)'),
  revenue: Money.describe('Paid minus refunded, on those orders'),
  average_order: Money.describe('ordered ÷ orders'),
  lifetime_value: Money.describe('Net revenue from this customer over all time'),
  first_order_at: Timestamp.nullable(),
  last_order_at: Timestamp.nullable(),
});

// The figures are sales; the names beside them are customers', withheld when customers are not shared.
export const getCustomerAnalytics = defineContract({
  name: 'get_customer_analytics',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Customer analytics',
  description:
    'Figures for one customer (orders, `ordered` totals, payment awaited, net revenue = paid − refunded, ' +
    'average = ordered ÷ orders, first and last order, lifetime value) or, without customer_id, totals across ' +
    'customers and the top customers by revenue. In `currency` (default: settings’); other currencies left out.',
  input: z.strictObject({
    customer_id: IdLike.optional(),
    currency: CurrencyCode.optional(),
    top: z.number().int().min(1).max(100).default(10),
  }),
  output: z.object({
    currency: z.string(),
    customer: CustomerFigures.nullable(),
    totals: z.object({
      customers_with_orders: z.number().int(),
      orders: z.number().int(),
      ordered: Money,
      revenue: Money,
      average_order: Money.describe('ordered ÷ orders'),
    }),
    top_customers: z.array(CustomerFigures),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const GROUP_BY = ['day', 'week', 'month'] as const;

export const getOrderAnalytics = defineContract({
  name: 'get_order_analytics',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Order analytics',
  description:
    'Sales over a period (default: the last 30 days), grouped by day, week (from Monday) or month in the ' +
    'settings time zone: order counts, gross sales (order totals, cancelled left out), refunds and net revenue ' +
    'per period; orders by status; top products by revenue. Amounts in `currency` (default: settings currency).',
  input: z.strictObject({
    start_date: DateOrTimestamp.optional(),
    end_date: DateOrTimestamp.optional(),
    group_by: z.enum(GROUP_BY, { error: 'group_by must be day, week or month' }).default('day'),
    currency: CurrencyCode.optional(),
    top: z.number().int().min(1).max(100).default(10),
  }),
  output: z.object({
    currency: z.string(),
    time_zone: z.string(),
    start: Timestamp,
    end: Timestamp,
    group_by: z.enum(GROUP_BY),
    totals: z.object({
      orders: z.number().int(),
      gross: Money,
      refunds: Money,
      net: Money,
      average_order: Money,
      discounts: Money.describe('Discounts given on these orders (gross is after them)'),
    }),
    periods: z.array(
      z.object({ period: z.string(), orders: z.number().int(), gross: Money, refunds: Money, net: Money }),
    ),
    by_status: z.array(z.object({ status: z.string(), orders: z.number().int(), total: Money })),
    top_products: z.array(
      z.object({
        product_id: z.number().int(),
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        revenue: Money,
      }),
    ),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const analyticsContracts = [getCustomerAnalytics, getOrderAnalytics] as const;
