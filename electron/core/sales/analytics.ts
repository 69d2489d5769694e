import { sql } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { toMajorUnits } from '../../../shared/money.js';
import type { GROUP_BY, getCustomerAnalytics, getOrderAnalytics } from '../../../shared/sales/analytics.js';
import type { Clock } from '../catalogue/context.js';
import type { CustomersService } from '../customers/service.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import { boundToIso, localDate, zoneOffsetMinutes } from './time.js';

type CustomerFiguresRow = {
  customer_id: number;
  name: string;
  orders: number;
  ordered: number;
  outstanding: number;
  revenue: number;
  first_order_at: string | null;
  last_order_at: string | null;
};

/**
 * Sales figures, computed by SQLite. Revenue is what was received and kept: paid − refunded, so a
 * refund lowers it. Gross (`ordered`) is the order totals of orders that were not cancelled. The
 * average order is gross ÷ orders: both over the same orders, as Shopify's average order value is (net
 * revenue ÷ every order made an unpaid order look like a small one: $11.51 for $1,000 of orders).
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
      ordered: toMajorUnits(row.ordered, currency),
      outstanding: toMajorUnits(row.outstanding, currency),
      revenue: toMajorUnits(row.revenue, currency),
      average_order: toMajorUnits(row.orders ? Math.round(row.ordered / row.orders) : 0, currency),
      lifetime_value: toMajorUnits(row.revenue, currency),
      first_order_at: row.first_order_at,
      last_order_at: row.last_order_at,
    });
    const perCustomer = (where: ReturnType<typeof sql>) => sql<CustomerFiguresRow>`
      SELECT o.customer_id, c.name,
             COUNT(*) AS orders,
             SUM(o.total_minor) AS ordered,
             SUM(CASE WHEN o.status = 'refunded' THEN 0 ELSE MAX(o.total_minor - o.paid_minor, 0) END) AS outstanding,
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
      const own = row ?? {
        customer_id: known.id,
        name: known.name,
        orders: 0,
        ordered: 0,
        outstanding: 0,
        revenue: 0,
        first_order_at: null,
        last_order_at: null,
      };
      customer = figures(own);
      // One customer's figures read only their orders (an index range); the whole-book totals and the
      // top list would read every order, seconds on millions, for figures the caller did not ask for.
      return {
        currency,
        customer,
        totals: {
          customers_with_orders: own.orders > 0 ? 1 : 0,
          orders: own.orders,
          ordered: customer.ordered,
          revenue: customer.revenue,
          average_order: customer.average_order,
        },
        top_customers: [],
      };
    }
    // From the per-customer figures migration 005's triggers keep: a pass over customers who
    // ordered, not over their orders; the top ones from the revenue index.
    const totals = this.store.first(
      this.store.raw(sql<{ customers: number; orders: number | null; revenue: number | null }>`
        SELECT COUNT(*) AS customers, SUM(orders) AS orders, SUM(revenue_minor) AS revenue
        FROM customer_sales WHERE currency = ${currency}`),
    ) ?? { customers: 0, orders: 0, revenue: 0 };
    const leaders = this.store.all(
      this.store.raw(sql<{ customer_id: number }>`
        SELECT customer_id FROM customer_sales WHERE currency = ${currency}
        ORDER BY revenue_minor DESC, customer_id LIMIT ${input.top}`),
    );
    const top = leaders.map((l) =>
      this.store.first(this.store.raw(perCustomer(sql`o.customer_id = ${l.customer_id}`)))!,
    );
    // The order totals from order_stats (migration 002's triggers), over the orders customer_sales counts.
    const gross =
      this.store.first(
        this.store.raw(sql<{ gross: number | null }>`
          SELECT SUM(gross_minor) AS gross FROM order_stats WHERE currency = ${currency} AND status <> 'cancelled'`),
      )?.gross ?? 0;
    const revenue = totals.revenue ?? 0;
    return {
      currency,
      customer,
      totals: {
        customers_with_orders: totals.customers,
        orders: totals.orders ?? 0,
        ordered: toMajorUnits(gross, currency),
        revenue: toMajorUnits(revenue, currency),
        average_order: toMajorUnits(totals.orders ? Math.round(gross / totals.orders) : 0, currency),
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
    // One read snapshot: the figures come from several queries that must see the same orders.
    const figures = this.store.sqlite
      .transaction(() => this.orderFigures(currency, tz, Date.parse(start), Date.parse(end), input.group_by, input.top))
      .deferred();
    const { periods, byStatus, topProducts, discounts } = figures;
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
        discounts: m(discounts),
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

  /**
   * The figures of [startMs, endMs) from the tables the triggers of migration 002 keep (order_stats,
   * product_sales_daily, product_sales_totals), with what is not on their buckets' boundaries read
   * from the orders themselves, so the result is the one a query over the orders would give.
   */
  private orderFigures(
    currency: string,
    tz: string,
    startMs: number,
    endMs: number,
    groupBy: (typeof GROUP_BY)[number],
    top: number,
  ) {
    const segments = zoneSegments(tz, startMs, endMs);
    const localTime = localTimeSql(segments);

    // Cut the range where the offset changes; within a piece, whole quarter hours come from
    // order_stats and the rest from the orders.
    const aligned: { from: number; to: number; offset: number }[] = [];
    const loose: [number, number][] = [];
    segments.forEach((segment, k) => {
      const from = segment.from;
      const to = segments[k + 1]?.from ?? endMs;
      const a = Math.ceil(from / QUARTER) * QUARTER;
      const b = Math.floor(to / QUARTER) * QUARTER;
      if (segment.offset % 15 !== 0 || a >= b) {
        loose.push([from, to]);
        return;
      }
      if (from < a) loose.push([from, a]);
      aligned.push({ from: a, to: b, offset: segment.offset });
      if (b < to) loose.push([b, to]);
    });

    const periods = new Map<string, { orders: number; gross: number; refunds: number }>();
    const statuses = new Map<string, { orders: number; total: number }>();
    const addPeriod = (period: string, orders: number, gross: number, refunds: number) => {
      const p = periods.get(period);
      if (p) {
        p.orders += orders;
        p.gross += gross;
        p.refunds += refunds;
      } else periods.set(period, { orders, gross, refunds });
    };
    const addStatus = (status: string, orders: number, total: number) => {
      const s = statuses.get(status);
      if (s) {
        s.orders += orders;
        s.total += total;
      } else statuses.set(status, { orders, total });
    };

    for (const piece of aligned) {
      // Local day number of each bucket: its offset is whole quarter hours, so a bucket never straddles
      // midnight. (The CAST: a JS number is bound as REAL, and the division must be an integer one.)
      const shift = piece.offset * 60 + DAY_SHIFT * 86_400;
      const rows = this.store.all(
        this.store.raw(sql<{ day: number; status: string; orders: number; gross: number; refunds: number }>`
          SELECT (bucket * 900 + CAST(${shift} AS INTEGER)) / 86400 - ${DAY_SHIFT} AS day, status,
                 SUM(orders) AS orders, SUM(gross_minor) AS gross, SUM(refunded_minor) AS refunds
          FROM order_stats
          WHERE currency = ${currency} AND bucket >= ${piece.from / QUARTER} AND bucket < ${piece.to / QUARTER}
          GROUP BY day, status`),
      );
      for (const r of rows) {
        addStatus(r.status, r.orders, r.gross);
        if (r.status !== 'cancelled') addPeriod(periodOfDay(r.day, groupBy), r.orders, r.gross, r.refunds);
      }
    }
    if (loose.length) {
      const inLoose = sql`o.currency = ${currency} AND (${sql.join(
        loose.map(([a, b]) => sql`(o.created_at >= ${iso(a)} AND o.created_at < ${iso(b)})`),
        sql` OR `,
      )})`;
      const period = periodSql(localTime, groupBy);
      const rows = this.store.all(
        this.store.raw(sql<{ period: string; status: string; orders: number; gross: number; refunds: number }>`
          SELECT ${period} AS period, o.status, COUNT(*) AS orders, SUM(o.total_minor) AS gross,
                 SUM(o.refunded_minor) AS refunds
          FROM orders o WHERE ${inLoose}
          GROUP BY period, o.status`),
      );
      for (const r of rows) {
        addStatus(r.status, r.orders, r.gross);
        if (r.status !== 'cancelled') addPeriod(r.period, r.orders, r.gross, r.refunds);
      }
    }

    const ordersInRange = [...statuses.values()].reduce((n, s) => n + s.orders, 0);
    return {
      periods: [...periods]
        .map(([period, p]) => ({ period, ...p }))
        .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)),
      byStatus: [...statuses]
        .map(([status, s]) => ({ status, ...s }))
        .sort((a, b) => b.orders - a.orders || (a.status < b.status ? -1 : 1)),
      topProducts: this.topProducts(currency, startMs, endMs, top, ordersInRange),
      // Of the orders gross counts (cancelled left out); few orders have a discount (a partial index).
      discounts:
        this.store.first(
          this.store.raw(sql<{ minor: number | null }>`
            SELECT SUM(discount_minor) AS minor FROM orders
            WHERE discount_minor > 0 AND currency = ${currency} AND created_at >= ${iso(startMs)}
              AND created_at < ${iso(endMs)} AND status != 'cancelled'`),
        )?.minor ?? 0,
    };
  }

  /**
   * The `top` products of [startMs, endMs) by revenue net of refunds in proportion (a half-refunded
   * order counts half its lines), then quantity, then product id. Products are taken in order of
   * their revenue over all time (an upper bound of any period's), and each one's figures for the
   * period are summed from its days; the search stops once no product left can reach the top. The
   * partial days at the ends come from the orders. Should the bound prune too little (a short
   * period), the period is read from the orders as a whole instead.
   */
  private topProducts(currency: string, startMs: number, endMs: number, top: number, ordersInRange: number) {
    const db = this.store.sqlite;
    const fromDay = Math.ceil(startMs / DAY);
    const toDay = Math.floor(endMs / DAY);
    const loose: [number, number][] = fromDay < toDay ? [] : [[startMs, endMs]];
    if (fromDay < toDay) {
      if (startMs < fromDay * DAY) loose.push([startMs, fromDay * DAY]);
      if (toDay * DAY < endMs) loose.push([toDay * DAY, endMs]);
    }
    const fromOrders = (ranges: [number, number][]) => {
      const rows = this.store.all(
        this.store.raw(sql<{ product_id: number; lines: number; quantity: number; revenue: number }>`
          SELECT i.product_id, COUNT(*) AS lines, SUM(i.quantity) AS quantity, SUM(${LINE_REVENUE}) AS revenue
          FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.currency = ${currency} AND o.status NOT IN ('cancelled', 'refunded') AND (${sql.join(
            ranges.map(([a, b]) => sql`(o.created_at >= ${iso(a)} AND o.created_at < ${iso(b)})`),
            sql` OR `,
          )})
          GROUP BY i.product_id`),
      );
      return new Map(rows.map((r) => [r.product_id, r]));
    };

    type Ranked = { product_id: number; quantity: number; revenue: number };
    const ranked: Ranked[] = [];
    const rank = (candidate: Ranked) => {
      if (ranked.length >= top && compareRanked(candidate, ranked[top - 1]!) >= 0) return;
      let at = ranked.length;
      while (at > 0 && compareRanked(candidate, ranked[at - 1]!) < 0) at--;
      ranked.splice(at, 0, candidate);
      if (ranked.length > top) ranked.pop();
    };

    const edges = loose.length
      ? fromOrders(loose)
      : new Map<number, { product_id: number; lines: number; quantity: number; revenue: number }>();
    if (fromDay < toDay) {
      const days = db.prepare<
        [string, number, number, number],
        { lines: number | null; quantity: number; revenue: number }
      >(
        `SELECT SUM(lines) AS lines, SUM(quantity) AS quantity, SUM(revenue) AS revenue FROM product_sales_daily
         WHERE currency = ? AND product_id = ? AND day >= ? AND day < ?`,
      );
      const budget = Math.max(TOP_PRODUCTS_BUDGET.least, Math.floor(ordersInRange * TOP_PRODUCTS_BUDGET.perOrder));
      // Sorted here, not by an index (migration 005 says why), in growing chunks: the walk nearly
      // always stops within the first (a top-N sort of 2,000: ~13 ms; of everything: ~45 ms on 200k
      // products sold), and never reads past the budget.
      const firstBounds = db
        .prepare<[string, number], [number, number]>(
          `SELECT product_id, revenue_bound FROM product_sales_totals WHERE currency = ?
           ORDER BY revenue_bound DESC, product_id LIMIT ?`,
        )
        .raw();
      const nextBounds = db
        .prepare<[string, number, number, number, number], [number, number]>(
          `SELECT product_id, revenue_bound FROM product_sales_totals
           WHERE currency = ? AND (revenue_bound < ? OR (revenue_bound = ? AND product_id > ?))
           ORDER BY revenue_bound DESC, product_id LIMIT ?`,
        )
        .raw();
      function* boundsInOrder(): Generator<[number, number]> {
        let chunk = Math.min(TOP_PRODUCTS_BUDGET.firstChunk, budget + 1);
        let rows = firstBounds.all(currency, chunk);
        for (;;) {
          yield* rows;
          const last = rows.at(-1);
          if (rows.length < chunk || !last) return;
          chunk = Math.min(chunk * 8, budget + 1);
          rows = nextBounds.all(currency, last[1], last[1], last[0], chunk);
        }
      }
      const bounds = boundsInOrder();
      let read = 0;
      let gaveUp = false;
      for (const [productId, bound] of bounds) {
        // The bound went through many additions: a little slack keeps rounding from cutting a product off.
        if (ranked.length >= top && sqliteRound(bound + Math.abs(bound) * 1e-9 + 1e-6) < ranked[top - 1]!.revenue)
          break;
        if (++read > budget) {
          gaveUp = true;
          break;
        }
        const d = days.get(currency, productId, fromDay, toDay)!;
        const e = edges.get(productId);
        if (!d.lines && !e) continue;
        rank({
          product_id: productId,
          quantity: (d.quantity ?? 0) + (e?.quantity ?? 0),
          revenue: sqliteRound((d.revenue ?? 0) + (e?.revenue ?? 0)),
        });
      }
      bounds.return(undefined);
      if (gaveUp) {
        ranked.length = 0;
        for (const r of fromOrders([[startMs, endMs]]).values())
          rank({ product_id: r.product_id, quantity: r.quantity, revenue: sqliteRound(r.revenue) });
      }
    } else {
      for (const r of edges.values())
        rank({ product_id: r.product_id, quantity: r.quantity, revenue: sqliteRound(r.revenue) });
    }

    // A line keeps the SKU and name the product had when ordered: the period's last line recorded names it.
    const label = db.prepare<[number, string, string, string], { sku: string; name: string }>(
      `SELECT i.sku, i.name FROM order_items i JOIN orders o ON o.id = i.order_id
       WHERE i.product_id = ? AND o.currency = ? AND o.status NOT IN ('cancelled', 'refunded')
         AND o.created_at >= ? AND o.created_at < ?
       ORDER BY i.id DESC LIMIT 1`,
    );
    return ranked.map((r) => {
      const { sku, name } = label.get(r.product_id, currency, iso(startMs), iso(endMs))!;
      return { product_id: r.product_id, sku, name, quantity: r.quantity, revenue: r.revenue };
    });
  }
}

/**
 * How many products the top-products search reads before it reads the period from the orders
 * instead: reading a product's days costs several times what reading an order does, so giving up
 * wastes at most a fraction of the read. The products' bounds are read `firstChunk` at first, then
 * 8× as many each time. (Tests lower them.)
 */
export const TOP_PRODUCTS_BUDGET = { least: 2_000, perOrder: 1 / 8, firstChunk: 2_000 };

const QUARTER = 900_000;
const DAY = 86_400_000;
/** Keeps the day arithmetic of buckets on non-negative numbers (SQLite's integer division truncates). */
const DAY_SHIFT = 1_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What a line brings in: its total less its share of the order's discount and of its refunds, each in
 * proportion (as the triggers of migration 016 count it).
 */
const LINE_REVENUE = sql`i.line_total_minor * (1.0 - CAST(o.discount_minor AS REAL) / MAX(o.subtotal_minor + o.discount_minor, 1))
  * (1.0 - CAST(o.refunded_minor AS REAL) / MAX(o.total_minor, 1))`;

/** Revenue down, then quantity down, then product id up. */
function compareRanked(
  a: { product_id: number; quantity: number; revenue: number },
  b: { product_id: number; quantity: number; revenue: number },
): number {
  return b.revenue - a.revenue || b.quantity - a.quantity || a.product_id - b.product_id;
}

/** SQLite's round(x): half away from zero, computed as SQLite does (x + 0.5, truncated). */
export function sqliteRound(x: number): number {
  return x >= 0 ? Math.trunc(x + 0.5) : -Math.trunc(-x + 0.5);
}

/** The period (day, Monday of the week, or month) of a local day number (days since 1970-01-01). */
function periodOfDay(day: number, groupBy: (typeof GROUP_BY)[number]): string {
  if (groupBy === 'week') day -= (((day + 3) % 7) + 7) % 7; // day 0 was a Thursday
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  return groupBy === 'month' ? date.slice(0, 7) : date;
}

function periodSql(localTime: ReturnType<typeof localTimeSql>, groupBy: (typeof GROUP_BY)[number]) {
  return groupBy === 'day'
    ? sql<string>`date(${localTime})`
    : groupBy === 'week'
      ? sql<string>`date(${localTime}, '-6 days', 'weekday 1')`
      : sql<string>`strftime('%Y-%m', ${localTime})`;
}

/**
 * The zone's offsets over [startMs, endMs): one segment per offset, from the instant it starts
 * (the first from startMs). A change is narrowed down to within a minute.
 */
export function zoneSegments(timeZone: string, startMs: number, endMs: number): { from: number; offset: number }[] {
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
  return segments;
}

/**
 * `created_at` in the person's time zone, as an SQLite expression. SQLite knows no zones, so the
 * zone's offsets over the range (one per DST period) become a CASE over the UTC timestamps.
 */
export function localTimeSql(segments: { from: number; offset: number }[]) {
  const modifier = (minutes: number) => `${minutes >= 0 ? '+' : ''}${minutes} minutes`;
  if (segments.length === 1) return sql`datetime(o.created_at, ${modifier(segments[0]!.offset)})`;
  const cases = segments
    .slice(1)
    .reverse()
    .map((s) => sql`WHEN o.created_at >= ${new Date(s.from).toISOString()} THEN ${modifier(s.offset)}`);
  return sql`datetime(o.created_at, CASE ${sql.join(cases, sql` `)} ELSE ${modifier(segments[0]!.offset)} END)`;
}
