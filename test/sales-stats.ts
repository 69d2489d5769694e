import { expect } from 'vitest';
import type { Officina } from '../electron/core/app.js';

type Row = Record<string, number | string>;

/** The aggregate tables, recomputed from orders and order_items, against what the triggers kept. */
export function assertSalesStats(app: Pick<Officina, 'store'>): void {
  const all = (query: string) => app.store.sqlite.prepare(query).all() as Row[];
  expect(all('SELECT * FROM order_stats ORDER BY currency, bucket, status')).toEqual(
    all(`SELECT currency, unixepoch(created_at) / 900 AS bucket, status, COUNT(*) AS orders,
           SUM(total_minor) AS gross_minor, SUM(refunded_minor) AS refunded_minor
         FROM orders GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  );
  // A line's share of the order's discount and refunds, in proportion (migration 016).
  const revenue =
    'i.line_total_minor * (1.0 - CAST(o.discount_minor AS REAL) / MAX(o.subtotal_minor + o.discount_minor, 1))' +
    ' * (1.0 - CAST(o.refunded_minor AS REAL) / MAX(o.total_minor, 1))';
  const lines = `FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status NOT IN ('cancelled', 'refunded')`;
  // REAL sums: the same terms, added in another order (and taken away again), agree to rounding.
  const close = (kept: Row[], recomputed: Row[], key: string) => {
    expect(kept.map((r) => ({ ...r, [key]: 0 }))).toEqual(recomputed.map((r) => ({ ...r, [key]: 0 })));
    kept.forEach((r, n) => expect(r[key] as number).toBeCloseTo(recomputed[n]![key] as number, 6));
  };
  close(
    all('SELECT * FROM product_sales_daily ORDER BY currency, product_id, day'),
    all(`SELECT o.currency, i.product_id, unixepoch(o.created_at) / 86400 AS day, COUNT(*) AS lines,
           SUM(i.quantity) AS quantity, SUM(${revenue}) AS revenue ${lines} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    'revenue',
  );
  close(
    all('SELECT * FROM product_sales_totals ORDER BY currency, product_id'),
    all(`SELECT o.currency, i.product_id, COUNT(*) AS lines, SUM(MAX(${revenue}, 0.0)) AS revenue_bound
         ${lines} GROUP BY 1, 2 ORDER BY 1, 2`),
    'revenue_bound',
  );
  expect(all('SELECT * FROM customer_sales ORDER BY currency, customer_id')).toEqual(
    all(`SELECT currency, customer_id, COUNT(*) AS orders, SUM(paid_minor - refunded_minor) AS revenue_minor
         FROM orders WHERE status <> 'cancelled' GROUP BY 1, 2 ORDER BY 1, 2`),
  );
}
