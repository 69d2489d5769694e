import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { toMajorUnits } from '../../../shared/money.js';
import { ok, testApp } from '../../../test/helpers.js';
import { assertSalesStats } from '../../../test/sales-stats.js';
import { localTimeSql, TOP_PRODUCTS_BUDGET, zoneSegments } from './analytics.js';
import { m005SalesCustomers } from '../store/migrations/005-sales-customers.js';
import { boundToIso } from './time.js';

type App = ReturnType<typeof testApp>;
type Analytics = {
  start: string;
  end: string;
  totals: Record<string, number>;
  periods: { period: string }[];
  by_status: { status: string; orders: number; total: number }[];
  top_products: { product_id: number; sku: string; name: string; quantity: number; revenue: number }[];
};

/**
 * The oracle: get_order_analytics as it was computed before the figures were kept ahead of time,
 * straight from orders and order_items. What that left to chance is now settled, and settled here
 * the same way: ties are ordered (status; product id), and a product renamed within the period
 * has the SKU and name of its last line recorded in the period.
 */
function reference(
  app: App,
  input: { start: string; end: string; group_by: 'day' | 'week' | 'month'; currency: string; top: number },
  timeZone: string,
) {
  const { store } = app;
  const localTime = localTimeSql(zoneSegments(timeZone, Date.parse(input.start), Date.parse(input.end)));
  const period =
    input.group_by === 'day'
      ? sql<string>`date(${localTime})`
      : input.group_by === 'week'
        ? sql<string>`date(${localTime}, '-6 days', 'weekday 1')`
        : sql<string>`strftime('%Y-%m', ${localTime})`;
  const inRange = sql`o.currency = ${input.currency} AND o.created_at >= ${input.start} AND o.created_at < ${input.end}`;
  const periods = store.all(
    store.raw(sql<{ period: string; orders: number; gross: number; refunds: number }>`
      SELECT ${period} AS period, COUNT(*) AS orders, SUM(o.total_minor) AS gross, SUM(o.refunded_minor) AS refunds
      FROM orders o
      WHERE ${inRange} AND o.status <> 'cancelled'
      GROUP BY period ORDER BY period`),
  );
  const byStatus = store.all(
    store.raw(sql<{ status: string; orders: number; total: number }>`
      SELECT o.status, COUNT(*) AS orders, SUM(o.total_minor) AS total
      FROM orders o WHERE ${inRange}
      GROUP BY o.status ORDER BY orders DESC, o.status`),
  );
  // The SKU and name of a line are the product's when it was ordered: the period's last line names it.
  const latest = (column: string) => sql`(
      SELECT ${sql.ref(`l.${column}`)} FROM order_items l JOIN orders lo ON lo.id = l.order_id
      WHERE l.product_id = i.product_id AND lo.currency = ${input.currency} AND lo.created_at >= ${input.start}
        AND lo.created_at < ${input.end} AND lo.status NOT IN ('cancelled', 'refunded')
      ORDER BY l.id DESC LIMIT 1)`;
  const topProducts = store.all(
    store.raw(sql<{ product_id: number; sku: string; name: string; quantity: number; revenue: number }>`
      SELECT i.product_id, ${latest('sku')} AS sku, ${latest('name')} AS name, SUM(i.quantity) AS quantity,
             CAST(ROUND(SUM(i.line_total_minor * (1.0 - CAST(o.discount_minor AS REAL) / MAX(o.subtotal_minor + o.discount_minor, 1)) * (1.0 - CAST(o.refunded_minor AS REAL) / MAX(o.total_minor, 1)))) AS INTEGER) AS revenue
      FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE ${inRange} AND o.status NOT IN ('cancelled', 'refunded')
      GROUP BY i.product_id ORDER BY revenue DESC, quantity DESC, i.product_id LIMIT ${input.top}`),
  );
  const discounts =
    store.first(
      store.raw(sql<{ minor: number | null }>`
        SELECT SUM(o.discount_minor) AS minor FROM orders o WHERE ${inRange} AND o.status <> 'cancelled'`),
    )?.minor ?? 0;
  const m = (minor: number) => toMajorUnits(minor, input.currency);
  const orders = periods.reduce((n, p) => n + p.orders, 0);
  const gross = periods.reduce((n, p) => n + p.gross, 0);
  const refunds = periods.reduce((n, p) => n + p.refunds, 0);
  return {
    totals: {
      orders,
      gross: m(gross),
      refunds: m(refunds),
      net: m(gross - refunds),
      average_order: m(orders ? Math.round(gross / orders) : 0),
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2024-03-01 00:00 UTC: the data spans the DST changes of March and October 2024. */
const T0 = Date.parse('2024-03-01T00:00:00.000Z');

/** A random generator that repeats (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('get_order_analytics over the figures kept ahead of time', () => {
  it('equals the figures read straight from the orders', { timeout: 120_000 }, async () => {
    let now = T0;
    const app = testApp({ clock: { now: () => new Date(now) } });
    const placed = await seed(app, (ms) => (now = ms));
    expect(placed).toBeGreaterThan(250);
    now = T0 + 300 * DAY;
    assertSalesStats(app);
    const statuses = app.store.sqlite.prepare('SELECT DISTINCT status FROM orders').pluck().all();
    expect(new Set(statuses)).toEqual(
      new Set(['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded']),
    );
    const partial = app.store.sqlite
      .prepare("SELECT COUNT(*) FROM orders WHERE refunded_minor > 0 AND status <> 'refunded'")
      .pluck()
      .get() as number;
    expect(partial).toBeGreaterThan(10);

    const bounds: [string, string][] = [
      ['2024-03-01', '2024-11-30'],
      ['2024-03-15', '2024-04-10'],
      ['2024-10-20', '2024-11-05'],
      ['2024-06-03', '2024-06-03'],
      ['2024-03-30T23:59:59.999Z', '2024-03-31T01:07:13.456Z'],
      ['2024-03-10T06:41:00.001Z', '2024-10-27T01:00:30.000Z'],
      ['2024-05-05T18:14:59.999Z', '2024-09-09T05:45:00.000Z'],
      ['2024-02-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z'],
      ['2024-07-01T12:00:00.000Z', '2024-07-01T12:14:00.000Z'],
    ];
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'];
    let compared = 0;
    const budget = { ...TOP_PRODUCTS_BUDGET };
    // Then Berlin again with a search that gives up at once and reads the orders, and New York
    // again reading the products' bounds a few at a time (1, 8, 64…).
    const rounds: [string, Partial<typeof TOP_PRODUCTS_BUDGET>][] = [
      ...zones.map((tz): [string, Partial<typeof TOP_PRODUCTS_BUDGET>] => [tz, {}]),
      ['Europe/Berlin', { least: 0, perOrder: 0 }],
      ['America/New_York', { firstChunk: 1 }],
    ];
    for (const [tz, search] of rounds) {
      Object.assign(TOP_PRODUCTS_BUDGET, budget, search);
      ok(await app.call('update_settings', { time_zone: tz }));
      for (const [start_date, end_date] of bounds)
        for (const group_by of ['day', 'week', 'month'] as const)
          for (const [currency, top] of [
            ['USD', 10],
            ['EUR', 2],
            ['JPY', 1],
          ] as const) {
            const got = ok<Analytics>(
              await app.call('get_order_analytics', { start_date, end_date, group_by, currency, top }),
            );
            expect(got.start).toBe(boundToIso(start_date, tz, 'start', 'start_date'));
            expect(got.end).toBe(boundToIso(end_date, tz, 'end', 'end_date'));
            const want = reference(app, { start: got.start, end: got.end, group_by, currency, top }, tz);
            expect({ tz, start_date, end_date, group_by, currency, ...pick(got) }).toEqual({
              tz,
              start_date,
              end_date,
              group_by,
              currency,
              ...want,
            });
            compared += want.periods.length;
          }
    }
    Object.assign(TOP_PRODUCTS_BUDGET, budget);
    expect(compared).toBeGreaterThan(1000);
  });

  it('keeps its figures through deletes and edits made with raw SQL', { timeout: 60_000 }, async () => {
    let now = T0;
    const app = testApp({ clock: { now: () => new Date(now) } });
    await seed(app, (ms) => (now = ms));
    const db = app.store.sqlite;
    db.pragma('foreign_keys = OFF');
    const ids = db.prepare('SELECT id FROM orders ORDER BY id').pluck().all() as number[];
    // An order before its lines, and lines before their order (the bench's clean-up does either).
    db.prepare('DELETE FROM orders WHERE id = ?').run(ids[3]);
    db.prepare('DELETE FROM order_items WHERE order_id = ?').run(ids[3]);
    db.prepare('DELETE FROM order_items WHERE order_id = ?').run(ids[7]);
    db.prepare('DELETE FROM orders WHERE id = ?').run(ids[7]);
    db.prepare(
      'UPDATE order_items SET quantity = quantity + 1, line_total_minor = unit_price_minor * (quantity + 1) WHERE order_id = ?',
    ).run(ids[11]);
    db.prepare("UPDATE orders SET created_at = '2024-05-05T05:05:05.005Z', currency = 'EUR' WHERE id = ?").run(ids[12]);
    db.prepare("UPDATE orders SET status = 'refunded' WHERE id = ?").run(ids[13]);
    db.prepare("UPDATE orders SET status = 'pending' WHERE status = 'refunded'").run();
    // Moved to another customer, paid and all; then one whose status changes with it.
    const other = ok<{ id: number }>(await app.call('create_customer', { name: 'Bo Other', email: 'bo@example.com' }));
    db.prepare('UPDATE orders SET customer_id = ? WHERE id = ?').run(other.id, ids[14]);
    db.prepare("UPDATE orders SET customer_id = ?, status = 'cancelled' WHERE id = ?").run(other.id, ids[15]);
    assertSalesStats(app);
    db.pragma('foreign_keys = ON');
    // With the cascade, an order's lines go after its row: they left with it.
    db.prepare('DELETE FROM order_status_history WHERE order_id = ?').run(ids[20]);
    db.prepare('DELETE FROM reservations WHERE order_id = ?').run(ids[20]);
    db.prepare('DELETE FROM stock_movements WHERE order_id = ?').run(ids[20]);
    db.prepare('DELETE FROM shipments WHERE order_id = ?').run(ids[20]);
    db.prepare('DELETE FROM refunds WHERE payment_id IN (SELECT id FROM payments WHERE order_id = ?)').run(ids[20]);
    db.prepare('DELETE FROM payments WHERE order_id = ?').run(ids[20]);
    expect(db.prepare('DELETE FROM orders WHERE id = ?').run(ids[20]).changes).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM order_items WHERE order_id = ?').pluck().get(ids[20])).toBe(0);
    assertSalesStats(app);
  });
});

function pick(a: Analytics) {
  return { totals: a.totals, periods: a.periods, by_status: a.by_status, top_products: a.top_products };
}

/**
 * Orders over ~9 months in three currencies, through the real operations: paid, processing,
 * shipped, delivered, partly (once or twice) and fully refunded, cancelled, left pending. Many are
 * placed close to local midnights and to the DST changes, and on quarter hours exactly.
 */
async function seed(app: App, setNow: (ms: number) => void): Promise<number> {
  const rand = random(42);
  const customer = ok<{ id: number }>(
    await app.call('create_customer', { name: 'Ada Buyer', email: 'ada@example.com', address: 'Main St 1, Town' }),
  );
  const products: { id: number; currency: string }[] = [];
  for (const [n, currency] of ['USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'EUR', 'JPY', 'JPY'].entries()) {
    const p = ok<{ id: number }>(
      await app.call('create_product', {
        sku: `P-${n}`,
        name: `Product ${n}`,
        price: currency === 'JPY' ? 100 + n * 37 : 1.99 + n * 3.17,
        currency,
        weight_kg: 0.3,
        initial_stock: 100_000,
      }),
    );
    products.push({ id: p.id, currency });
  }
  const instants: number[] = [];
  // Near the local midnights of the zones tested (UTC, Berlin, New York, Kolkata, Kathmandu), on quarter hours, or anywhere.
  const near = [0, -HOUR, -2 * HOUR, 4 * HOUR, 5 * HOUR, -5.5 * HOUR, -5.75 * HOUR, 18.25 * HOUR, 18.5 * HOUR];
  for (let k = 0; k < 270; k++) {
    const day = T0 + Math.floor(rand() * 270) * DAY;
    const r = rand();
    const jitter = r < 0.3 ? 0 : r < 0.6 ? Math.floor((rand() - 0.5) * 120_000) : Math.floor(rand() * DAY);
    instants.push(day + near[k % near.length]! + jitter);
  }
  // Around the DST changes of 2024 (Europe 31 March and 27 October at 01:00 UTC; US 10 March 07:00 and 3 November 06:00 UTC).
  for (const change of ['2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2024-03-10T07:00:00Z', '2024-11-03T06:00:00Z'])
    for (const d of [-60_000, -1, 0, 1, 20_000, 45_000, 59_999, 60_000, 15 * 60_000 - 1, 15 * 60_000])
      instants.push(Date.parse(change) + d);
  instants.sort((a, b) => a - b);

  for (const [k, instant] of instants.entries()) {
    setNow(instant);
    // Renamed mid-way: its later lines carry the new name.
    if (k === 120) ok(await app.call('update_product', { product_id: products[0]!.id, name: 'Product zero' }));
    const currency = ['USD', 'USD', 'EUR', 'JPY'][k % 4]!;
    const candidates = products.filter((p) => p.currency === currency);
    const count = 1 + Math.floor(rand() * candidates.length);
    const items = candidates.slice(0, count).map((p) => ({ product_id: p.id, quantity: 1 + Math.floor(rand() * 3) }));
    const order = ok<{ id: number; total: number }>(
      // Every fifth order has a discount, which product revenue shares out among its lines.
      await app.call('create_order', { customer_id: customer.id, items, ...(k % 5 === 0 && { discount_percent: 15 }) }),
    );
    const fate = rand();
    if (fate < 0.1) continue; // pending
    if (fate < 0.18) {
      ok(await app.call('update_order_status', { order_id: order.id, status: 'cancelled' }));
      continue;
    }
    const payment = ok<{ transaction_id: string }>(
      await app.call('process_payment', {
        amount: order.total,
        currency,
        payment_method: 'card_terminal',
        order_id: order.id,
      }),
    );
    if (fate < 0.3) continue; // paid
    if (fate < 0.38) {
      ok(await app.call('refund_payment', { transaction_id: payment.transaction_id })); // in full
      continue;
    }
    if (fate < 0.45) {
      ok(await app.call('update_order_status', { order_id: order.id, status: 'processing' }));
      continue;
    }
    ok(await app.call('create_shipment', { order_id: order.id, service: 'standard' }));
    if (fate < 0.6) continue; // shipped
    ok(await app.call('update_order_status', { order_id: order.id, status: 'delivered' }));
    if (fate < 0.9) {
      // Part refunded, once or twice.
      const unit = currency === 'JPY' ? 1 : 0.01;
      const part = Math.max(1, Math.floor((order.total / unit) * rand() * 0.4)) * unit;
      ok(await app.call('refund_payment', { transaction_id: payment.transaction_id, amount: +part.toFixed(2) }));
      if (fate < 0.7)
        ok(await app.call('refund_payment', { transaction_id: payment.transaction_id, amount: +part.toFixed(2) }));
    }
  }
  return instants.length;
}

describe('get_customer_analytics over the per-customer figures kept ahead of time', () => {
  /** The oracle: the figures grouped straight from the orders, as before migration 005. */
  function reference(app: App, currency: string, top: number) {
    const db = app.store.sqlite;
    const totals = db
      .prepare(
        `SELECT COUNT(DISTINCT customer_id) AS customers, COUNT(*) AS orders, SUM(paid_minor - refunded_minor) AS revenue,
                SUM(total_minor) AS ordered
         FROM orders WHERE status <> 'cancelled' AND currency = ?`,
      )
      .get(currency) as { customers: number; orders: number; revenue: number | null; ordered: number | null };
    const leaders = db
      .prepare(
        `SELECT customer_id, COUNT(*) AS orders, SUM(paid_minor - refunded_minor) AS revenue,
                SUM(total_minor) AS ordered,
                SUM(CASE WHEN status = 'refunded' THEN 0 ELSE MAX(total_minor - paid_minor, 0) END) AS outstanding,
                MIN(created_at) AS first_order_at, MAX(created_at) AS last_order_at
         FROM orders WHERE status <> 'cancelled' AND currency = ?
         GROUP BY customer_id ORDER BY revenue DESC, customer_id LIMIT ?`,
      )
      .all(currency, top) as {
      customer_id: number;
      orders: number;
      revenue: number;
      ordered: number;
      outstanding: number;
    }[];
    const m = (minor: number) => toMajorUnits(minor, currency);
    const revenue = totals.revenue ?? 0;
    const ordered = totals.ordered ?? 0;
    return {
      totals: {
        customers_with_orders: totals.customers,
        orders: totals.orders,
        ordered: m(ordered),
        revenue: m(revenue),
        average_order: m(totals.orders ? Math.round(ordered / totals.orders) : 0),
      },
      top_customers: leaders.map((l) => ({
        ...l,
        revenue: m(l.revenue),
        ordered: m(l.ordered),
        outstanding: m(l.outstanding),
        lifetime_value: m(l.revenue),
        average_order: m(Math.round(l.ordered / l.orders)),
      })),
    };
  }

  it('equals the figures grouped from the orders, through payments, refunds and cancellations', async () => {
    let now = T0;
    const app = testApp({ clock: { now: () => new Date(now) } });
    const rand = random(7);
    const customers: number[] = [];
    for (let c = 0; c < 12; c++)
      customers.push(
        ok<{ id: number }>(await app.call('create_customer', { name: `Buyer ${c}`, email: `buyer${c}@example.com` }))
          .id,
      );
    const products = new Map<string, number>();
    for (const currency of ['USD', 'EUR'])
      products.set(
        currency,
        ok<{ id: number }>(
          await app.call('create_product', {
            sku: `C-${currency}`,
            name: currency,
            price: 7.5,
            currency,
            initial_stock: 1e6,
          }),
        ).id,
      );
    for (let k = 0; k < 150; k++) {
      now += Math.floor(rand() * 3 * HOUR);
      const currency = rand() < 0.75 ? 'USD' : 'EUR';
      // A few customers buy most: the top list has a clear head and ties in its tail.
      const customer = customers[Math.floor(rand() ** 2 * customers.length)]!;
      const order = ok<{ id: number; total: number }>(
        await app.call('create_order', {
          customer_id: customer,
          items: [{ product_id: products.get(currency)!, quantity: 1 + Math.floor(rand() * 4) }],
        }),
      );
      const fate = rand();
      if (fate < 0.15) continue;
      if (fate < 0.3) {
        ok(await app.call('update_order_status', { order_id: order.id, status: 'cancelled' }));
        continue;
      }
      const paid = ok<{ transaction_id: string }>(
        await app.call('process_payment', {
          amount: order.total,
          currency,
          payment_method: 'cash',
          order_id: order.id,
        }),
      );
      if (fate < 0.45) ok(await app.call('refund_payment', { transaction_id: paid.transaction_id, amount: 2.5 }));
      else if (fate < 0.55) ok(await app.call('refund_payment', { transaction_id: paid.transaction_id }));
    }
    assertSalesStats(app);
    for (const currency of ['USD', 'EUR', 'JPY'])
      for (const top of [1, 5, 100]) {
        const got = ok<ReturnType<typeof reference> & { customer: null }>(
          await app.call('get_customer_analytics', { currency, top }),
        );
        const want = reference(app, currency, top);
        expect(got.customer).toBeNull();
        expect(got.totals).toEqual(want.totals);
        expect(got.top_customers).toEqual(want.top_customers.map((t) => expect.objectContaining(t)));
        expect(got.top_customers.length).toBe(want.top_customers.length);
      }
    const usd = reference(app, 'USD', 100);
    expect(usd.top_customers.length).toBeGreaterThan(5);
    expect(usd.totals.revenue).toBeGreaterThan(0);
  });

  it('are computed for the orders already there when the migration runs', async () => {
    const app = testApp();
    const customer = ok<{ id: number }>(
      await app.call('create_customer', { name: 'Early', email: 'early@example.com' }),
    );
    const product = ok<{ id: number }>(
      await app.call('create_product', { sku: 'EARLY', name: 'Early', price: 3, initial_stock: 100 }),
    );
    for (let k = 0; k < 3; k++) {
      const order = ok<{ id: number; total: number }>(
        await app.call('create_order', { customer_id: customer.id, items: [{ product_id: product.id, quantity: 1 }] }),
      );
      if (k > 0)
        ok(
          await app.call('process_payment', {
            amount: order.total,
            currency: 'USD',
            payment_method: 'cash',
            order_id: order.id,
          }),
        );
    }
    const db = app.store.sqlite;
    // Back to the schema before migration 005, its table gone, then the migration again.
    db.exec(`
      DROP TABLE customer_sales;
      DROP INDEX reservations_product_expiring;
      CREATE INDEX product_sales_totals_bound ON product_sales_totals (currency, revenue_bound DESC);
      CREATE INDEX reservations_product_active ON reservations (product_id, status, expires_at);`);
    for (const t of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'orders_customer_sales_*'")
      .pluck()
      .all())
      db.exec(`DROP TRIGGER ${t as string}`);
    m005SalesCustomers.up(db);
    expect(db.prepare('SELECT orders, revenue_minor FROM customer_sales').all()).toEqual([
      { orders: 3, revenue_minor: 600 },
    ]);
    assertSalesStats(app);
  });
});
