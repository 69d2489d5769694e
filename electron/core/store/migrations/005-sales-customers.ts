import type { Migration } from './index.js';

/**
 * Two things measured on the 2M-order benchmark database (bench/sales.mjs):
 *
 * - Each create_order wrote ~50 pages to the WAL, and writing them was most of its time. Ten of them
 *   were product_sales_totals_bound: every line moved its product's entry in that index. The
 *   top-products search now sorts the totals it reads instead (~45 ms for 200k products sold, well
 *   inside the year's 500 ms). Five were reservations_product_active, which also listed the order's
 *   holds, which never expire; every query by product asks for holds with an expiry, so a partial
 *   index of those alone serves them and an order's holds stay out of it.
 * - get_customer_analytics without a customer grouped every order (5.6 s on 2M). customer_sales
 *   keeps each customer's count and net revenue by trigger, as order_stats does for periods; its
 *   revenue index gives the top customers at once. A new order changes the count only, so the
 *   revenue index is left alone then (one page more per order, not three).
 */
export const m005SalesCustomers: Migration = {
  id: 5,
  name: 'sales: lighter order writes; per-customer figures kept by trigger',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS product_sales_totals_bound;
      DROP INDEX IF EXISTS reservations_product_active;
      CREATE INDEX reservations_product_expiring ON reservations (product_id, expires_at)
        WHERE status = 'active' AND expires_at IS NOT NULL;

      -- Orders not cancelled, per currency and customer (what get_customer_analytics counted).
      CREATE TABLE customer_sales (
        currency TEXT NOT NULL,
        customer_id INTEGER NOT NULL,
        orders INTEGER NOT NULL,
        revenue_minor INTEGER NOT NULL, -- paid − refunded
        PRIMARY KEY (currency, customer_id)
      ) WITHOUT ROWID;
      CREATE INDEX customer_sales_revenue ON customer_sales (currency, revenue_minor DESC, customer_id);

      INSERT INTO customer_sales (currency, customer_id, orders, revenue_minor)
      SELECT currency, customer_id, COUNT(*), SUM(paid_minor - refunded_minor)
      FROM orders WHERE status <> 'cancelled' GROUP BY currency, customer_id;

      ${customerSalesTriggers()}
    `);
  },
};

/** What an order adds to its customer's figures: counted unless cancelled; its net revenue. */
const counted = (o: string) => `(${o}.status <> 'cancelled')`;
const netOf = (o: string) => `(CASE WHEN ${counted(o)} THEN ${o}.paid_minor - ${o}.refunded_minor ELSE 0 END)`;
const keyOf = (o: string) => `currency = ${o}.currency AND customer_id = ${o}.customer_id`;

/**
 * Adds `orders` and `revenue` (SQL expressions) to the row of `o`'s customer: the count in one
 * statement, the revenue in another that matches no row when it is 0, so the revenue index is
 * written only when revenue moves (a new order, not yet paid, touches one page). A row whose count
 * falls to 0 goes.
 */
function customerSalesDelta(o: 'new' | 'old', orders: string, revenue: string): string {
  return `
    INSERT INTO customer_sales (currency, customer_id, orders, revenue_minor)
    SELECT ${o}.currency, ${o}.customer_id, ${orders}, 0 WHERE ${orders} <> 0
    ON CONFLICT DO UPDATE SET orders = orders + excluded.orders;
    UPDATE customer_sales SET revenue_minor = revenue_minor + ${revenue} WHERE ${keyOf(o)} AND ${revenue} <> 0;
    DELETE FROM customer_sales WHERE ${keyOf(o)} AND orders = 0 AND ${orders} < 0;`;
}

function customerSalesTriggers(): string {
  const sameKey = 'old.currency IS new.currency AND old.customer_id IS new.customer_id';
  const moved = `old.status IS NOT new.status OR old.paid_minor IS NOT new.paid_minor
    OR old.refunded_minor IS NOT new.refunded_minor`;
  return `
    CREATE TRIGGER orders_customer_sales_insert AFTER INSERT ON orders BEGIN
      ${customerSalesDelta('new', `${counted('new')}`, netOf('new'))}
    END;
    CREATE TRIGGER orders_customer_sales_update AFTER UPDATE OF status, paid_minor, refunded_minor ON orders
    WHEN ${sameKey} AND (${moved}) BEGIN
      ${customerSalesDelta('new', `${counted('new')} - ${counted('old')}`, `${netOf('new')} - ${netOf('old')}`)}
    END;
    -- An order moved to another customer or currency (raw SQL only: no operation does that).
    CREATE TRIGGER orders_customer_sales_rekey AFTER UPDATE OF currency, customer_id ON orders
    WHEN NOT (${sameKey}) BEGIN
      ${customerSalesDelta('old', `-${counted('old')}`, `-${netOf('old')}`)}
      ${customerSalesDelta('new', counted('new'), netOf('new'))}
    END;
    CREATE TRIGGER orders_customer_sales_delete AFTER DELETE ON orders BEGIN
      ${customerSalesDelta('old', `-${counted('old')}`, `-${netOf('old')}`)}
    END;`;
}
