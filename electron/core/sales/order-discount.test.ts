import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import type { Order } from '../../../shared/sales/orders.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

const claude: Caller = { kind: 'mcp', name: 'claude-ai' };

/** A shop with 10 % tax and one pending order: 2 × 25.00 + 1 × 12.00 = 62.00 of items, 5.00 shipping. */
async function shop() {
  const app = testApp();
  await giveEveryToolset(app);
  ok(await app.call('update_settings', { tax_rate_bps: 1000 }));
  const customer = ok<{ id: number }>(await app.call('create_customer', { name: 'Ada', email: 'ada@x.test' }));
  ok(await app.call('create_product', { sku: 'LAMP', name: 'Lamp', price: 25, initial_stock: 10 }));
  ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 12, initial_stock: 10 }));
  const order = ok<Order>(
    await app.call('create_order', {
      customer_id: customer.id,
      items: [
        { product_id: 'LAMP', quantity: 2 },
        { product_id: 'MUG', quantity: 1 },
      ],
      shipping_amount: 5,
    }),
  );
  const assistant = (name: string, input: unknown) => app.call(name, input, claude, 'mcp');
  const last = async (operation: string) => {
    await app.catalogue.drain();
    return ok<{ items: ActivityEntry[] }>(await app.call('list_activity', { operation, limit: 5 })).items[0]!;
  };
  return { app, customer, order, assistant, last };
}

const figures = (o: Pick<Order, 'subtotal' | 'discount' | 'discount_percent' | 'tax' | 'shipping' | 'total'>) => ({
  subtotal: o.subtotal,
  discount: o.discount,
  discount_percent: o.discount_percent,
  shipping: o.shipping,
  tax: o.tax,
  total: o.total,
});

describe('changing an order’s discount after it was placed', () => {
  it('works tax and total out as create_order does, for a percent, an amount and none', async () => {
    const { app, customer, order } = await shop();
    expect(figures(order)).toEqual({
      subtotal: 62,
      discount: 0,
      discount_percent: null,
      shipping: 5,
      tax: 6.2,
      total: 73.2,
    });

    const tenPercent = ok<Order>(await app.call('set_order_discount', { order_id: order.id, discount_percent: 10 }));
    // The same figures an order placed with that discount has: one piece of code prices both.
    const placed = ok<Order>(
      await app.call('create_order', {
        customer_id: customer.id,
        items: [
          { product_id: 'LAMP', quantity: 2 },
          { product_id: 'MUG', quantity: 1 },
        ],
        shipping_amount: 5,
        discount_percent: 10,
      }),
    );
    expect(figures(tenPercent)).toEqual(figures(placed));
    expect(figures(tenPercent)).toEqual({
      subtotal: 62,
      discount: 6.2,
      discount_percent: 10,
      shipping: 5,
      tax: 5.58,
      total: 66.38,
    });
    expect(tenPercent).toMatchObject({ version: order.version + 1, payment_status: 'unpaid', balance_due: 66.38 });

    // The quote for the form says the same, and changes nothing.
    const quote = ok(await app.call('quote_order_discount', { order_id: order.id, discount_amount: 12.5 }));
    expect(quote).toEqual({
      currency: 'USD',
      subtotal: 62,
      discount: 12.5,
      discount_percent: null,
      shipping: 5,
      tax: 4.95,
      total: 59.45,
    });
    expect(ok<Order>(await app.call('get_order', { order_id: order.id })).total).toBe(66.38);

    const amount = ok<Order>(await app.call('set_order_discount', { order_id: order.id, discount_amount: 12.5 }));
    expect(figures(amount)).toMatchObject({ discount: 12.5, discount_percent: null, tax: 4.95, total: 59.45 });
    const none = ok<Order>(await app.call('set_order_discount', { order_id: order.id, discount_amount: null }));
    expect(figures(none)).toEqual(figures(order));
    // Zero percent is no discount at all, not "0 % off".
    const zero = ok<Order>(await app.call('set_order_discount', { order_id: order.id, discount_percent: 0 }));
    expect(zero).toMatchObject({ discount: 0, discount_percent: null, version: none.version });

    // Paying the new total settles the order, as it would have at creation.
    ok(await app.call('set_order_discount', { order_id: order.id, discount_percent: 50 }));
    ok(
      await app.call('process_payment', { order_id: order.id, amount: 39.1, payment_method: 'cash', currency: 'USD' }),
    );
    expect(ok<Order>(await app.call('get_order', { order_id: order.id }))).toMatchObject({
      status: 'paid',
      payment_status: 'paid',
      balance_due: 0,
    });
  });

  it('refuses once a payment is recorded or the order moved on, and bad input, changing nothing', async () => {
    const { app, customer, order } = await shop();
    const unchanged = async () => figures(ok<Order>(await app.call('get_order', { order_id: order.id })));
    const start = await unchanged();

    for (const [input, path] of [
      [{ order_id: order.id }, 'discount_amount'],
      [{ order_id: order.id, discount_amount: 5, discount_percent: 10 }, 'discount_percent'],
      [{ order_id: order.id, discount_percent: 101 }, 'discount_percent'],
      [{ order_id: order.id, discount_amount: -1 }, 'discount_amount'],
      [{ order_id: order.id, discount_amount: 62.01 }, 'discount_amount'],
      [{ order_id: order.id, discount_amount: 1.005 }, 'discount_amount'],
    ] as const) {
      const refused = await app.call('set_order_discount', input);
      expect(refused, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path }] },
      });
    }
    expect(await app.call('set_order_discount', { order_id: 999, discount_amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await app.call('set_order_discount', { order_id: order.id, discount_amount: 1, expected_version: 99 }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'expected_version' }] } });
    expect(await unchanged()).toEqual(start);

    // A part payment: the figures the customer paid against stay as they are.
    ok(await app.call('process_payment', { order_id: order.id, amount: 10, payment_method: 'cash', currency: 'USD' }));
    const paid = await app.call('set_order_discount', { order_id: order.id, discount_percent: 10 });
    expect(paid).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/payment of 10\.00 USD recorded/) },
    });
    expect(await unchanged()).toEqual(start);

    const other = ok<Order>(
      await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG', quantity: 1 }] }),
    );
    ok(await app.call('update_order_status', { order_id: other.id, status: 'cancelled' }));
    expect(await app.call('set_order_discount', { order_id: other.id, discount_percent: 10 })).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: `Order ${other.id} is cancelled; its discount can be changed only while it is pending, before any payment.`,
      },
    });
  });

  it('logs the assistant’s change with before and after, and the person can undo it', async () => {
    const { app, order, assistant, last } = await shop();
    ok(await assistant('set_order_discount', { order_id: order.id, discount_percent: 10 }));
    const entry = await last('set_order_discount');
    expect(entry).toMatchObject({
      caller_kind: 'mcp',
      subject: { entity: 'order', id: String(order.id), name: `#${order.id}` },
      changes: {
        before: { discount: null, total: '73.20 USD' },
        after: { discount: '10% (6.20 USD)', total: '66.38 USD' },
      },
      undoable: true,
    });
    ok(await app.call('undo_activity', { activity_id: entry.id }));
    expect(figures(ok<Order>(await app.call('get_order', { order_id: order.id })))).toEqual(figures(order));

    // A change made after the assistant's stands in the way of undoing it.
    ok(await assistant('set_order_discount', { order_id: order.id, discount_amount: 5 }));
    const second = await last('set_order_discount');
    ok(await app.call('set_order_discount', { order_id: order.id, discount_amount: 7 }));
    expect(await app.call('undo_activity', { activity_id: second.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/order #\d+ was changed after this/) },
    });
    expect(ok<Order>(await app.call('get_order', { order_id: order.id })).discount).toBe(7);
    // Undoing the person's change first, then the assistant's, walks back to no discount.
    ok(await app.call('undo_activity', { activity_id: (await last('set_order_discount')).id }));
    ok(await app.call('undo_activity', { activity_id: second.id }));
    expect(figures(ok<Order>(await app.call('get_order', { order_id: order.id })))).toEqual(figures(order));
  });
});
