import { describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/sales/orders.js';
import { stockLevel, type Product } from '../../../shared/sales/products.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';

type App = ReturnType<typeof testApp>;

async function customer(app: App): Promise<number> {
  return ok<{ id: number }>(
    await app.call('create_customer', {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      address: { line1: '1 Harbor Rd', city: 'Arlington', region: 'VA', postal_code: '22201', country: 'US' },
    }),
  ).id;
}

const skus = (page: { items: Product[] }) => page.items.map((p) => p.sku);

describe('low and out of stock', () => {
  it('reads a level from available stock and the threshold', () => {
    expect(stockLevel(0, 5)).toBe('out');
    expect(stockLevel(-2, 5)).toBe('out');
    expect(stockLevel(1, 5)).toBe('low');
    expect(stockLevel(5, 5)).toBe('low');
    expect(stockLevel(6, 5)).toBe('in_stock');
    expect(stockLevel(1, 0)).toBe('in_stock');
  });

  it('keeps a threshold per product, shows the level and filters search by it, reservations counted', async () => {
    const app = testApp();
    const plenty = ok<Product>(
      await app.call('create_product', { sku: 'PLENTY', name: 'Plenty', price: 1, initial_stock: 50 }),
    );
    expect(plenty.low_stock_threshold).toBe(5);
    expect(plenty.stock.level).toBe('in_stock');
    const few = ok<Product>(
      await app.call('create_product', {
        sku: 'FEW',
        name: 'Few',
        price: 1,
        initial_stock: 8,
        low_stock_threshold: 10,
      }),
    );
    expect(few.stock).toMatchObject({ available: 8, level: 'low' });
    ok(await app.call('create_product', { sku: 'NONE', name: 'None', price: 1 }));
    const never = ok<Product>(
      await app.call('create_product', {
        sku: 'NEVER',
        name: 'Never warns',
        price: 1,
        initial_stock: 1,
        low_stock_threshold: 0,
      }),
    );
    expect(never.stock.level).toBe('in_stock');

    expect(skus(ok(await app.call('search_products', { stock: 'low' })))).toEqual(['FEW']);
    expect(skus(ok(await app.call('search_products', { stock: 'out' })))).toEqual(['NONE']);
    // With a query the filter still holds (the full-text path).
    expect(skus(ok(await app.call('search_products', { query: 'few', stock: 'low' })))).toEqual(['FEW']);
    expect(skus(ok(await app.call('search_products', { query: 'plenty', stock: 'low' })))).toEqual([]);

    // Reserving stock moves a product to low, then out: available is on hand − reserved.
    const id = await customer(app);
    ok(await app.call('create_order', { customer_id: id, items: [{ product_id: 'PLENTY', quantity: 46 }] }));
    expect(ok<Product>(await app.call('get_product_details', { product_id: 'PLENTY' })).stock).toMatchObject({
      on_hand: 50,
      reserved: 46,
      available: 4,
      level: 'low',
    });
    ok(await app.call('create_order', { customer_id: id, items: [{ product_id: 'PLENTY', quantity: 4 }] }));
    expect(skus(ok(await app.call('search_products', { stock: 'out' })))).toEqual(['NONE', 'PLENTY']);

    const updated = ok<Product>(await app.call('update_product', { product_id: 'FEW', low_stock_threshold: 3 }));
    expect(updated).toMatchObject({ low_stock_threshold: 3, stock: { level: 'in_stock' } });
    expect(skus(ok(await app.call('search_products', { stock: 'low' })))).toEqual([]);
  });

  it('refuses a bad threshold or filter and changes nothing', async () => {
    const app = testApp();
    ok(await app.call('create_product', { sku: 'A', name: 'A', price: 1, initial_stock: 2 }));
    for (const bad of [-1, 1.5, '3', 1e10]) {
      const answer = await app.call('update_product', { product_id: 'A', low_stock_threshold: bad });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: 'low_stock_threshold' }] },
      });
    }
    const created = await app.call('create_product', { sku: 'B', name: 'B', price: 1, low_stock_threshold: -3 });
    expect(created).toMatchObject({
      ok: false,
      error: { issues: [{ message: expect.stringContaining('cannot be negative') }] },
    });
    expect(await app.call('search_products', { stock: 'empty' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'stock', message: 'stock must be "low" or "out"' }] },
    });
    const a = ok<Product>(await app.call('get_product_details', { product_id: 'A' }));
    expect(a).toMatchObject({ low_stock_threshold: 5, version: 1 });
    expect(ok<{ items: Product[] }>(await app.call('search_products', {})).items).toHaveLength(1);
  });
});

describe('discounts on an order', () => {
  async function shop(tax: number) {
    const app = testApp();
    await giveEveryToolset(app);
    ok(await app.call('update_settings', { tax_rate_bps: tax }));
    ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 12.5, weight_kg: 0.4, initial_stock: 20 }));
    ok(
      await app.call('create_product', { sku: 'JPY-CUP', name: 'Cup', price: 1000, currency: 'JPY', initial_stock: 5 }),
    );
    return { app, customerId: await customer(app) };
  }

  it('takes a percent off the items before tax; shipping is not discounted or taxed', async () => {
    const { app, customerId } = await shop(1000);
    const order = ok<Order>(
      await app.call('create_order', {
        customer_id: customerId,
        items: [{ product_id: 'MUG', quantity: 3 }],
        discount_percent: 10,
        shipping_amount: 5,
      }),
    );
    // 37.50 − 3.75 = 33.75; tax 10 % of 33.75 = 3.375 → 3.38 (half up); total 33.75 + 5 + 3.38.
    expect(order).toMatchObject({
      subtotal: 37.5,
      discount: 3.75,
      discount_percent: 10,
      shipping: 5,
      tax: 3.38,
      total: 42.13,
      balance_due: 42.13,
    });
    expect(ok<Order>(await app.call('get_order', { order_id: order.id }))).toMatchObject({
      discount: 3.75,
      discount_percent: 10,
      total: 42.13,
    });
    // Paying the discounted total settles it.
    ok(
      await app.call('process_payment', { order_id: order.id, amount: 42.13, currency: 'USD', payment_method: 'cash' }),
    );
    expect(ok<Order>(await app.call('get_order', { order_id: order.id })).status).toBe('paid');
  });

  it('refunds a discounted order’s lines at what was charged for them, never more', async () => {
    const { app, customerId } = await shop(1000);
    const order = ok<Order>(
      await app.call('create_order', {
        customer_id: customerId,
        items: [{ product_id: 'MUG', quantity: 3 }],
        discount_percent: 10,
        shipping_amount: 5,
      }),
    );
    const payment = ok<{ transaction_id: string }>(
      await app.call('process_payment', { order_id: order.id, amount: 42.13, currency: 'USD', payment_method: 'cash' }),
    );
    const refund = async (quantity: number) =>
      ok<{ amount: number }>(
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [{ product_id: 'MUG', quantity }],
        }),
      ).amount;
    // One mug: 12.50 less its 10 % share of the discount (1.25) = 11.25, plus 10 % tax 1.125 → 1.13.
    expect(await refund(1)).toBe(12.38);
    // The other two take what is left of the goods and tax: 33.75 + 3.38 − 12.38.
    expect(await refund(2)).toBe(24.75);
    expect(ok<Order>(await app.call('get_order', { order_id: order.id }))).toMatchObject({ refunded: 37.13 });
  });

  it('takes an amount off, in the order’s currency, and quotes the same figures without placing anything', async () => {
    const { app, customerId } = await shop(800);
    const input = {
      customer_id: customerId,
      items: [{ product_id: 'MUG', quantity: 2 }],
      discount_amount: 5,
      shipping_service: 'standard',
    };
    const quote = ok<Record<string, unknown>>(await app.call('quote_order', input));
    const stockBefore = ok<Product>(await app.call('get_product_details', { product_id: 'MUG' })).stock;
    expect(stockBefore.reserved).toBe(0);
    const order = ok<Order>(await app.call('create_order', input));
    expect(order).toMatchObject({ subtotal: 25, discount: 5, discount_percent: null, tax: 1.6 });
    expect(quote).toEqual({
      currency: 'USD',
      subtotal: order.subtotal,
      discount: order.discount,
      discount_percent: null,
      shipping: order.shipping,
      shipping_service: 'standard',
      tax: order.tax,
      tax_rate_bps: 800,
      total: order.total,
      warnings: [],
    });
    expect(order.shipping).toBeGreaterThan(0);

    // JPY has no minor unit: a fractional amount is refused, a percent rounds to whole yen.
    const yen = await app.call('create_order', {
      customer_id: customerId,
      items: [{ product_id: 'JPY-CUP', quantity: 1 }],
      discount_amount: 10.5,
    });
    expect(yen).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'discount_amount' }] } });
    const percent = ok<Order>(
      await app.call('create_order', {
        customer_id: customerId,
        items: [{ product_id: 'JPY-CUP', quantity: 1 }],
        discount_percent: 12.25,
      }),
    );
    expect(percent).toMatchObject({ currency: 'JPY', subtotal: 1000, discount: 123, discount_percent: 12.25 });
  });

  it('refuses a discount out of range, or both kinds at once, and places nothing', async () => {
    const { app, customerId } = await shop(0);
    const items = [{ product_id: 'MUG', quantity: 1 }];
    const cases: [Record<string, unknown>, string][] = [
      [{ discount_percent: 101 }, 'discount_percent'],
      [{ discount_percent: -1 }, 'discount_percent'],
      [{ discount_percent: 10.125 }, 'discount_percent'],
      [{ discount_amount: 12.51 }, 'discount_amount'],
      [{ discount_amount: -1 }, 'discount_amount'],
      [{ discount_amount: 1, discount_percent: 5 }, 'discount_percent'],
    ];
    for (const [discount, path] of cases) {
      const answer = await app.call('create_order', { customer_id: customerId, items, ...discount });
      expect(answer, JSON.stringify(discount)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path }] },
      });
      expect(await app.call('quote_order', { customer_id: customerId, items, ...discount })).toMatchObject({
        ok: false,
      });
    }
    expect(ok<{ items: Order[] }>(await app.call('list_orders', {})).items).toHaveLength(0);
    expect(ok<Product>(await app.call('get_product_details', { product_id: 'MUG' })).stock.reserved).toBe(0);

    // The whole subtotal off is allowed: a free order.
    const free = ok<Order>(await app.call('create_order', { customer_id: customerId, items, discount_amount: 12.5 }));
    expect(free).toMatchObject({ discount: 12.5, total: 0 });
  });

  it('counts discounted orders at what they brought in, in the sales report and product revenue', async () => {
    const { app, customerId } = await shop(0);
    ok(
      await app.call('create_order', {
        customer_id: customerId,
        items: [{ product_id: 'MUG', quantity: 4 }],
        discount_percent: 25,
      }),
    );
    ok(await app.call('create_order', { customer_id: customerId, items: [{ product_id: 'MUG', quantity: 2 }] }));
    const report = ok<{
      totals: { gross: number; discounts: number; orders: number };
      top_products: { sku: string; revenue: number }[];
    }>(await app.call('get_order_analytics', {}));
    // 50 − 12.50 + 25.
    expect(report.totals).toMatchObject({ orders: 2, gross: 62.5, discounts: 12.5 });
    expect(report.top_products).toEqual([expect.objectContaining({ sku: 'MUG', revenue: 62.5 })]);
    // The figures the triggers keep agree with the orders themselves.
    const daily = app.store.sqlite.prepare('SELECT SUM(revenue) AS revenue FROM product_sales_daily').get() as {
      revenue: number;
    };
    expect(daily.revenue).toBeCloseTo(6250, 6);
  });
});
