import { sql } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { toMajorUnits } from '../../../shared/money.js';
import type { getCustomerAnalytics, getOrderAnalytics } from '../../../shared/sales/analytics.js';
import type { Clock } from '../catalogue/context.js';
import type { CustomersService } from '../customers/service.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import { boundToIso, localDate, zoneOffsetMinutes } from './time.js';

type CustomerFiguresRow = {
  customer_id: number;
  name: string;
  orders: number;
  revenue: number;
  first_order_at: string | null;
  last_order_at: string | null;
};

/**
 * Sales figures, computed by SQLite. Revenue is what was received and kept: paid − refunded, so a
 * refund lowers it. Gross is the order totals of orders that were not cancelled.
 */
export class AnalyticsService {
  private readonly store: Store;
  private readonly settings: SettingsService;
  private readonly customers: CustomersService;
  private readonly clock: Clock;

  constructor(deps: { store: Store; settings: SettingsService; customers: CustomersService; clock: Clock }) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.customers = deps.customers;
    this.clock = deps.clock;
  }

  customer(input: z.output<typeof getCustomerAnalytics.input>): z.input<typeof getCustomerAnalytics.output> {
    const currency = input.currency ?? this.settings.get().currency;
    const figures = (row: CustomerFiguresRow) => ({
      customer_id: row.customer_id,
      name: row.name,
      orders: row.orders,
      revenue: toMajorUnits(row.revenue, currency),
      average_order: toMajorUnits(row.orders ? Math.round(row.revenue / row.orders) : 0, currency),
      lifetime_value: toMajorUnits(row.revenue, currency),
      first_order_at: row.first_order_at,
      last_order_at: row.last_order_at,
    });
    const perCustomer = (where: ReturnType<typeof sql>) => sql<CustomerFiguresRow>`
      SELECT o.customer_id, c.name,
             COUNT(*) AS orders,
             SUM(o.paid_minor - o.refunded_minor) AS revenue,
             MIN(o.created_at) AS first_order_at,
             MAX(o.created_at) AS last_order_at
      FROM orders o JOIN customers c ON c.id = o.customer_id
      WHERE o.status <> 'cancelled' AND o.currency = ${currency} AND ${where}
      GROUP BY o.customer_id`;

    let customer: z.input<typeof getCustomerAnalytics.output>['customer'] = null;
    if (input.customer_id !== undefined) {
      const known = this.customers.byIdOrNull(input.customer_id);
      if (!known) {
        throw new OpError('not_found', `There is no customer with id ${input.customer_id}.`, [
          { path: 'customer_id', message: 'No such customer' },
        ]);
      }
      const row = this.store.first(this.store.raw(perCustomer(sql`o.customer_id = ${input.customer_id}`)));
      customer = figures(
        row ?? {
          customer_id: known.id,
          name: known.name,
          orders: 0,
          revenue: 0,
          first_order_at: null,
          last_order_at: null,
        },
      );
    }
    const totals = this.store.first(
      this.store.raw(sql<{ customers: number; orders: number; revenue: number | null }>`
        SELECT COUNT(DISTINCT customer_id) AS customers, COUNT(*) AS orders,
               SUM(paid_minor - refunded_minor) AS revenue
        FROM orders WHERE status <> 'cancelled' AND currency = ${currency}`),
    ) ?? { customers: 0, orders: 0, revenue: 0 };
    const top = this.store.all(
      this.store.raw(
        sql<CustomerFiguresRow>`${perCustomer(sql`1`)} ORDER BY revenue DESC, o.customer_id LIMIT ${input.top}`,
      ),
    );
    const revenue = totals.revenue ?? 0;
    return {
      currency,
      customer,
      totals: {
        customers_with_orders: totals.customers,
        orders: totals.orders,
        revenue: toMajorUnits(revenue, currency),
        average_order: toMajorUnits(totals.orders ? Math.round(revenue / totals.orders) : 0, currency),
      },
      top_customers: top.map(figures),
    };
  }

  orders(input: z.output<typeof getOrderAnalytics.input>): z.input<typeof getOrderAnalytics.output> {
    const settings = this.settings.get();
    const currency = input.currency ?? settings.currency;
    const tz = settings.time_zone;
    const now = this.clock.now().getTime();
    const end = input.end_date ? boundToIso(input.end_date, tz, 'end', 'end_date') : new Date(now + 1).toISOString();
    const start = input.start_date
      ? boundToIso(input.start_date, tz, 'start', 'start_date')
      : boundToIso(localDate(now - 29 * 86_400_000, tz), tz, 'start', 'start_date');
    if (start >= end) {
      throw new OpError('invalid_input', 'start_date is after end_date.', [
        { path: 'start_date', message: 'After end_date' },
      ]);
    }
    if (Date.parse(end) - Date.parse(start) > 10 * 366 * 86_400_000) {
      throw new OpError('invalid_input', 'The period is longer than ten years; ask for a shorter one.', [
        { path: 'start_date', message: 'At most ten years' },
      ]);
    }
    const localTime = localTimeExpression(tz, Date.parse(start), Date.parse(end));
    const period =
      input.group_by === 'day'
        ? sql<string>`date(${localTime})`
        : input.group_by === 'week'
          ? sql<string>`date(${localTime}, '-6 days', 'weekday 1')`
          : sql<string>`strftime('%Y-%m', ${localTime})`;
    const inRange = sql`o.currency = ${currency} AND o.created_at >= ${start} AND o.created_at < ${end}`;

    const periods = this.store.all(
      this.store.raw(sql<{ period: string; orders: number; gross: number; refunds: number }>`
        SELECT ${period} AS period, COUNT(*) AS orders, SUM(o.total_minor) AS gross, SUM(o.refunded_minor) AS refunds
        FROM orders o
        WHERE ${inRange} AND o.status <> 'cancelled'
        GROUP BY period ORDER BY period`),
    );
    const byStatus = this.store.all(
      this.store.raw(sql<{ status: string; orders: number; total: number }>`
        SELECT o.status, COUNT(*) AS orders, SUM(o.total_minor) AS total
        FROM orders o WHERE ${inRange}
        GROUP BY o.status ORDER BY orders DESC`),
    );
    // Revenue of a product nets out refunds in proportion: a half-refunded order counts half its lines.
    const topProducts = this.store.all(
      this.store.raw(sql<{ product_id: number; sku: string; name: string; quantity: number; revenue: number }>`
        SELECT i.product_id, i.sku, i.name, SUM(i.quantity) AS quantity,
               CAST(ROUND(SUM(i.line_total_minor * (1.0 - CAST(o.refunded_minor AS REAL) / MAX(o.total_minor, 1)))) AS INTEGER) AS revenue
        FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE ${inRange} AND o.status NOT IN ('cancelled', 'refunded')
        GROUP BY i.product_id ORDER BY revenue DESC, quantity DESC LIMIT ${input.top}`),
    );
    const m = (minor: number) => toMajorUnits(minor, currency);
    const totalOrders = periods.reduce((n, p) => n + p.orders, 0);
    const gross = periods.reduce((n, p) => n + p.gross, 0);
    const refunds = periods.reduce((n, p) => n + p.refunds, 0);
    return {
      currency,
      time_zone: tz,
      start,
      end,
      group_by: input.group_by,
      totals: {
        orders: totalOrders,
        gross: m(gross),
        refunds: m(refunds),
        net: m(gross - refunds),
        average_order: m(totalOrders ? Math.round(gross / totalOrders) : 0),
      },
      periods: periods.map((p) => ({
        period: p.period,
        orders: p.orders,
        gross: m(p.gross),
        refunds: m(p.refunds),
        net: m(p.gross - p.refunds),
      })),
      by_status: byStatus.map((s) => ({ status: s.status, orders: s.orders, total: m(s.total) })),
      top_products: topProducts.map((p) => ({ ...p, revenue: m(p.revenue) })),
    };
  }
}

/**
 * `created_at` in the person's time zone, as an SQLite expression. SQLite knows no zones, so the
 * zone's offsets over the range (one per DST period) become a CASE over the UTC timestamps.
 */
function localTimeExpression(timeZone: string, startMs: number, endMs: number) {
  const segments: { from: number; offset: number }[] = [];
  const step = 6 * 3_600_000;
  let offset = zoneOffsetMinutes(timeZone, startMs);
  segments.push({ from: startMs, offset });
  for (let t = startMs + step; t < endMs + step; t += step) {
    const next = zoneOffsetMinutes(timeZone, Math.min(t, endMs));
    if (next === offset) continue;
    // Narrow the change down to the minute.
    let lo = t - step;
    let hi = Math.min(t, endMs);
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (zoneOffsetMinutes(timeZone, mid) === offset) lo = mid;
      else hi = mid;
    }
    segments.push({ from: hi, offset: next });
    offset = next;
  }
  const modifier = (minutes: number) => `${minutes >= 0 ? '+' : ''}${minutes} minutes`;
  if (segments.length === 1) return sql`datetime(o.created_at, ${modifier(segments[0]!.offset)})`;
  const cases = segments
    .slice(1)
    .reverse()
    .map((s) => sql`WHEN o.created_at >= ${new Date(s.from).toISOString()} THEN ${modifier(s.offset)}`);
  return sql`datetime(o.created_at, CASE ${sql.join(cases, sql` `)} ELSE ${modifier(segments[0]!.offset)} END)`;
}
