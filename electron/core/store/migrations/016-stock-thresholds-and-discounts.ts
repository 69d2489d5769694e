import type { Migration } from './index.js';

/**
 * A low-stock threshold per product, and a discount per order.
 *
 * `low_stock_threshold`: a product whose available units (on hand − reserved) are above 0 and at or
 * below it is "low"; 0 never warns. Existing products get the default, 5.
 *
 * `discount_minor` is taken off the items before tax; `discount_percent_bps` keeps the percent when
 * the discount was given as one (null for an amount), so the order can say "10% off". Migration 002's
 * orders CHECK that total_minor = subtotal_minor + shipping_minor + tax_minor, and SQLite cannot change
 * a CHECK without rebuilding the table (which, with foreign keys on inside the migration's
 * transaction, would cascade-delete every order's lines). So `subtotal_minor` is from now on the
 * items' total *after* the discount, which keeps that CHECK true; the items before the discount are
 * subtotal_minor + discount_minor (what orders show as `subtotal`). For every existing order the
 * discount is 0 and the two readings are the same.
 *
 * The product figures (product_sales_daily, product_sales_totals) counted a line's total less the
 * order's refunds in proportion; a discounted line brings in less, so its share of the discount (in
 * proportion to its part of the items) is taken off too. The triggers that add and take away lines'
 * figures are recreated with that formula; for orders without a discount it gives the figures it gave
 * before, so nothing needs recounting.
 */
export const m016StockThresholdsAndDiscounts: Migration = {
  id: 16,
  name: 'low-stock thresholds on products; discounts on orders',
  up(db) {
    db.exec(`
      ALTER TABLE products ADD COLUMN low_stock_threshold INTEGER NOT NULL DEFAULT 5
        CHECK (low_stock_threshold >= 0);
      ALTER TABLE orders ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
      ALTER TABLE orders ADD COLUMN discount_percent_bps INTEGER
        CHECK (discount_percent_bps IS NULL OR discount_percent_bps BETWEEN 0 AND 10000);
      -- The sales report sums the discounts of a period: few orders have one.
      CREATE INDEX orders_discounted ON orders (currency, created_at) WHERE discount_minor > 0;

      DROP TRIGGER orders_stats_update;
      DROP TRIGGER orders_stats_delete_lines;
      DROP TRIGGER order_items_stats_insert;
      DROP TRIGGER order_items_stats_update;
      DROP TRIGGER order_items_stats_delete;
      ${productStatsTriggers()}
    `);
  },
};

/** As migration 002's, with the order's discount taken off each line in proportion. */
function orderStatsDelta(o: 'new' | 'old', sign: 1 | -1): string {
  return `
    INSERT INTO order_stats (currency, bucket, status, orders, gross_minor, refunded_minor)
    VALUES (${o}.currency, unixepoch(${o}.created_at) / 900, ${o}.status, ${sign}, ${sign} * ${o}.total_minor, ${sign} * ${o}.refunded_minor)
    ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
      refunded_minor = refunded_minor + excluded.refunded_minor;
    ${sign < 0 ? `DELETE FROM order_stats WHERE currency = ${o}.currency AND bucket = unixepoch(${o}.created_at) / 900 AND status = ${o}.status AND orders = 0;` : ''}`;
}

function productStatsDelta(o: string, i: string, from: string, where: string, sign: 1 | -1): string {
  const revenue =
    `${i}.line_total_minor * (1.0 - CAST(${o}.discount_minor AS REAL) / MAX(${o}.subtotal_minor + ${o}.discount_minor, 1))` +
    ` * (1.0 - CAST(${o}.refunded_minor AS REAL) / MAX(${o}.total_minor, 1))`;
  const counts = `${o}.status NOT IN ('cancelled', 'refunded')`;
  return `
    INSERT INTO product_sales_daily (currency, product_id, day, lines, quantity, revenue)
    SELECT ${o}.currency, ${i}.product_id, unixepoch(${o}.created_at) / 86400, ${sign}, ${sign} * ${i}.quantity, ${sign} * ${revenue}
    FROM ${from} WHERE ${where} AND ${counts}
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines, quantity = quantity + excluded.quantity,
      revenue = revenue + excluded.revenue;
    INSERT INTO product_sales_totals (currency, product_id, lines, revenue_bound)
    SELECT ${o}.currency, ${i}.product_id, ${sign}, ${sign} * MAX(${revenue}, 0.0)
    FROM ${from} WHERE ${where} AND ${counts}
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines, revenue_bound = revenue_bound + excluded.revenue_bound;
    ${
      sign < 0
        ? `DELETE FROM product_sales_daily WHERE lines = 0 AND (currency, product_id, day) IN
             (SELECT ${o}.currency, ${i}.product_id, unixepoch(${o}.created_at) / 86400 FROM ${from} WHERE ${where});
           DELETE FROM product_sales_totals WHERE lines = 0 AND (currency, product_id) IN
             (SELECT ${o}.currency, ${i}.product_id FROM ${from} WHERE ${where});`
        : ''
    }`;
}

function productStatsTriggers(): string {
  const orderMoved = `old.status IS NOT new.status OR old.total_minor IS NOT new.total_minor
    OR old.refunded_minor IS NOT new.refunded_minor OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at`;
  const linesMoved = `(old.status IN ('cancelled', 'refunded')) IS NOT (new.status IN ('cancelled', 'refunded'))
    OR old.total_minor IS NOT new.total_minor OR old.refunded_minor IS NOT new.refunded_minor
    OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at
    OR old.discount_minor IS NOT new.discount_minor OR old.subtotal_minor IS NOT new.subtotal_minor`;
  const lineMoved = `old.order_id IS NOT new.order_id OR old.product_id IS NOT new.product_id
    OR old.quantity IS NOT new.quantity OR old.line_total_minor IS NOT new.line_total_minor`;
  return `
    CREATE TRIGGER orders_stats_update
    AFTER UPDATE OF status, total_minor, refunded_minor, currency, created_at, discount_minor, subtotal_minor ON orders
    WHEN ${orderMoved} OR old.discount_minor IS NOT new.discount_minor OR old.subtotal_minor IS NOT new.subtotal_minor
    BEGIN
      ${orderStatsDelta('old', -1)}
      ${orderStatsDelta('new', 1)}
      ${productStatsDelta('old', 'i', 'order_items i', `i.order_id = old.id AND (${linesMoved})`, -1)}
      ${productStatsDelta('new', 'i', 'order_items i', `i.order_id = new.id AND (${linesMoved})`, 1)}
    END;
    CREATE TRIGGER orders_stats_delete_lines BEFORE DELETE ON orders BEGIN
      ${productStatsDelta('old', 'i', 'order_items i', 'i.order_id = old.id', -1)}
    END;
    CREATE TRIGGER order_items_stats_insert AFTER INSERT ON order_items BEGIN
      ${productStatsDelta('o', 'new', 'orders o', 'o.id = new.order_id', 1)}
    END;
    CREATE TRIGGER order_items_stats_update AFTER UPDATE OF order_id, product_id, quantity, line_total_minor ON order_items
    WHEN ${lineMoved} BEGIN
      ${productStatsDelta('o', 'old', 'orders o', 'o.id = old.order_id', -1)}
      ${productStatsDelta('o', 'new', 'orders o', 'o.id = new.order_id', 1)}
    END;
    CREATE TRIGGER order_items_stats_delete AFTER DELETE ON order_items BEGIN
      ${productStatsDelta('o', 'old', 'orders o', 'o.id = old.order_id', -1)}
    END;`;
}
