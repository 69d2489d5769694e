import { sql } from 'kysely';
import type { FulfillmentStatus, PaymentStatus } from '../../../shared/sales/orders.js';

/*
 * An order's fulfillment and payment status, derived in SQL from what is stored (the order's money
 * columns, its lines' shipped quantities and its refunded lines), so that get_order, list_orders and
 * list_orders' filters read one definition and nothing kept on the side can drift. Both expect the
 * orders table under the alias `o`.
 */

/** Units of a line refunded before they shipped: they are cancelled and no longer need to ship. */
const CANCELLED = `(SELECT COALESCE(SUM(r.quantity - r.shipped_quantity), 0) FROM refund_items r WHERE r.order_item_id = i.id)`;

export const fulfillmentStatusSql = sql<FulfillmentStatus>`(SELECT CASE
  WHEN COALESCE(SUM(i.shipped_quantity), 0) = 0 THEN 'unfulfilled'
  WHEN SUM(i.quantity - i.shipped_quantity - ${sql.raw(CANCELLED)}) > 0 THEN 'partially_fulfilled'
  ELSE 'fulfilled' END
  FROM order_items i WHERE i.order_id = o.id)`;

export const paymentStatusSql = sql<PaymentStatus>`(CASE
  WHEN o.paid_minor = 0 THEN 'unpaid'
  WHEN o.refunded_minor >= o.paid_minor THEN 'refunded'
  WHEN o.refunded_minor > 0 THEN 'partially_refunded'
  WHEN o.paid_minor < o.total_minor THEN 'partially_paid'
  ELSE 'paid' END)`;
