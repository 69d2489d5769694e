import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { OutputOf } from '../../../shared/contracts.js';
import type { Order, OrderSummary } from '../../../shared/sales/orders.js';
import type { Payment } from '../../../shared/sales/payments.js';
import type { Product } from '../../../shared/sales/products.js';
import { ok, testApp } from '../../../test/helpers.js';

type App = ReturnType<typeof testApp>;

/** A paid order for 3 mugs (12.50) and 2 tees (20.00) at 10% tax: 77.50 + 7.75 = 85.25, paid 30 + 55.25. */
async function paidOrder(app: App) {
  ok(await app.call('update_settings', { tax_rate_bps: 1000, business_name: 'Bottega Rossi' }));
  const customer = ok<{ id: number }>(
    await app.call('create_customer', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      address: { line1: '1 Analytical Way', city: 'London', postal_code: 'N1 9GU', country: 'GB' },
    }),
  );
  const mug = ok<Product>(
    await app.call('create_product', {
      sku: 'MUG-RED',
      name: 'Red mug',
      price: 12.5,
      weight_kg: 0.4,
      initial_stock: 10,
    }),
  );
  const tee = ok<Product>(
    await app.call('create_product', {
      sku: 'TEE-L',
      name: 'T-shirt large',
      price: 20,
      weight_kg: 0.2,
      initial_stock: 5,
    }),
  );
  const other = ok<Product>(await app.call('create_product', { sku: 'CAP', name: 'Cap', price: 5, initial_stock: 5 }));
  const order = ok<Order>(
    await app.call('create_order', {
      customer_id: customer.id,
      items: [
        { product_id: mug.id, quantity: 3 },
        { product_id: tee.id, quantity: 2 },
      ],
    }),
  );
  expect(order).toMatchObject({ total: 85.25, fulfillment_status: 'unfulfilled', payment_status: 'unpaid' });
  ok(await app.call('process_payment', { order_id: order.id, amount: 30, currency: 'USD', payment_method: 'cash' }));
  expect(ok<Order>(await app.call('get_order', { order_id: order.id })).payment_status).toBe('partially_paid');
  const payment = ok<Payment>(
    await app.call('process_payment', { order_id: order.id, amount: 55.25, currency: 'USD', payment_method: 'cash' }),
  );
  return { order, mug, tee, other, payment };
}

const stock = async (app: App, sku: string) =>
  ok<Product>(await app.call('get_product_details', { product_id: sku })).stock;

const rowCounts = (app: App) =>
  app.store.sqlite
    .prepare(
      `SELECT (SELECT COUNT(*) FROM shipments) AS shipments, (SELECT COUNT(*) FROM refunds) AS refunds,
              (SELECT COUNT(*) FROM refund_items) AS refund_items, (SELECT COUNT(*) FROM stock_movements) AS movements,
              (SELECT SUM(on_hand) FROM products) AS on_hand, (SELECT SUM(reserved) FROM products) AS reserved`,
    )
    .get();

describe('fulfilment: partial shipping, states, refunds by line, timeline', () => {
  it('ships chosen quantities, derives the states, refunds lines with restock and tells it in a timeline', async () => {
    const app = testApp();
    const { order, mug, tee, payment } = await paidOrder(app);
    expect(ok<Order>(await app.call('get_order', { order_id: order.id })).payment_status).toBe('paid');

    const first = ok<{ id: number; items: { product_id: number; quantity: number }[] }>(
      await app.call('create_shipment', {
        order_id: order.id,
        service: 'standard',
        items: [{ product_id: 'MUG-RED', quantity: 2 }],
        carrier: 'DHL',
      }),
    );
    expect(first.items).toEqual([expect.objectContaining({ product_id: mug.id, quantity: 2 })]);
    let current = ok<Order>(await app.call('get_order', { order_id: order.id }));
    expect(current.status).toBe('paid');
    expect(current.fulfillment_status).toBe('partially_fulfilled');
    expect(current.items.map((i) => [i.sku, i.shipped_quantity, i.unshipped_quantity])).toEqual([
      ['MUG-RED', 2, 1],
      ['TEE-L', 0, 2],
    ]);
    expect(await stock(app, 'MUG-RED')).toEqual({ on_hand: 8, reserved: 1, available: 7, level: 'in_stock' });

    // The list says the same, and filters on it.
    const partial = ok<{ items: OrderSummary[] }>(
      await app.call('list_orders', { fulfillment_status: 'partially_fulfilled' }),
    );
    expect(partial.items.map((o) => [o.id, o.fulfillment_status, o.payment_status])).toEqual([
      [order.id, 'partially_fulfilled', 'paid'],
    ]);
    expect(
      ok<{ items: OrderSummary[] }>(await app.call('list_orders', { fulfillment_status: 'fulfilled' })).items,
    ).toEqual([]);

    // Without items, the rest ships; then the order is shipped and fulfilled.
    ok(await app.call('create_shipment', { order_id: order.id, service: 'express', tracking: '1Z999' }));
    current = ok<Order>(await app.call('get_order', { order_id: order.id }));
    expect(current).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    ok(await app.call('update_shipment_status', { shipment_id: first.id, status: 'in_transit', tracking: 'JD014' }));

    // A refund of one tee with restock: 20.00 + 10% tax, and the tee back on hand.
    const before = await stock(app, 'TEE-L');
    const refund = ok<OutputOf<'refund_payment'>>(
      await app.call('refund_payment', {
        transaction_id: payment.transaction_id,
        items: [{ product_id: tee.id, quantity: 1 }],
        restock: true,
        reason: 'Wrong size',
      }),
    );
    expect(refund).toMatchObject({
      amount: 22,
      items: [{ sku: 'TEE-L', quantity: 1, restocked: 1 }],
      order_status: 'shipped',
    });
    expect(await stock(app, 'TEE-L')).toEqual({
      ...before,
      on_hand: before.on_hand + 1,
      available: before.available + 1,
    });
    current = ok<Order>(await app.call('get_order', { order_id: order.id }));
    expect(current.payment_status).toBe('partially_refunded');
    expect(current.items.find((i) => i.sku === 'TEE-L')).toMatchObject({ refunded_quantity: 1, unshipped_quantity: 0 });

    expect(current.timeline.map((e) => e.text)).toEqual([
      'Order placed.',
      'Payment of 30.00 USD received by cash.',
      'Payment of 55.25 USD received by cash.',
      'Order is now paid.',
      'Shipment #1 created with 2 × Red mug, standard by DHL.',
      'Shipment #2 created with 1 × Red mug, 2 × T-shirt large, express, tracking 1Z999.',
      'Order is now shipped.',
      'Shipment #1 is in transit, tracking JD014.',
      'Refunded 22.00 USD for 1 × T-shirt large (1 back in stock): Wrong size.',
    ]);

    // The seed's refund by amount still works. The rest of the lines would give back the rest of the
    // tax exactly, 3 mugs and 1 tee = 57.50 + 5.75 (the first refund took 2.00 of 7.75), but that is
    // more than is left of this payment: 55.25 - 22.00 - 1.00 = 32.25.
    ok(await app.call('refund_payment', { transaction_id: payment.transaction_id, amount: 1 }));
    const rest = await app.call('refund_payment', {
      transaction_id: payment.transaction_id,
      items: [
        { product_id: 'MUG-RED', quantity: 3 },
        { product_id: 'TEE-L', quantity: 1 },
      ],
    });
    expect(rest).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'items' }] } });
  });

  it('refunds units not shipped yet by cancelling them, and the order ships what is left', async () => {
    const app = testApp();
    const { order, payment } = await paidOrder(app);
    ok(
      await app.call('create_shipment', {
        order_id: order.id,
        service: 'standard',
        items: [{ product_id: 'MUG-RED', quantity: 3 }],
      }),
    );
    expect(await stock(app, 'TEE-L')).toEqual({ on_hand: 5, reserved: 2, available: 3, level: 'low' });
    const refund = ok<OutputOf<'refund_payment'>>(
      await app.call('refund_payment', {
        transaction_id: payment.transaction_id,
        items: [{ product_id: 'TEE-L', quantity: 2 }],
      }),
    );
    // Nothing left to ship: the order is shipped, the tees' hold has ended, nothing was restocked.
    expect(refund).toMatchObject({ amount: 44, order_status: 'shipped', items: [{ quantity: 2, restocked: 0 }] });
    expect(await stock(app, 'TEE-L')).toEqual({ on_hand: 5, reserved: 0, available: 5, level: 'low' });
    const current = ok<Order>(await app.call('get_order', { order_id: order.id }));
    expect(current.fulfillment_status).toBe('fulfilled');
    expect(await app.call('create_shipment', { order_id: order.id, service: 'standard' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('refuses over-shipping, over-refunding and lines not on the order, changing nothing', async () => {
    const app = testApp();
    const { order, payment } = await paidOrder(app);
    const before = rowCounts(app);
    const refused = [
      [
        await app.call('create_shipment', {
          order_id: order.id,
          service: 'standard',
          items: [{ product_id: 'MUG-RED', quantity: 4 }],
        }),
        'conflict',
        'items.0.quantity',
      ],
      [
        await app.call('create_shipment', {
          order_id: order.id,
          service: 'standard',
          items: [
            { product_id: 'MUG-RED', quantity: 2 },
            { product_id: 'MUG-RED', quantity: 2 },
          ],
        }),
        'conflict',
        'items.1.quantity',
      ],
      [
        await app.call('create_shipment', {
          order_id: order.id,
          service: 'standard',
          items: [{ product_id: 'CAP', quantity: 1 }],
        }),
        'invalid_input',
        'items.0.product_id',
      ],
      [
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [{ product_id: 'TEE-L', quantity: 3 }],
        }),
        'conflict',
        'items.0.quantity',
      ],
      [
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [{ product_id: 'CAP', quantity: 1 }],
        }),
        'invalid_input',
        'items.0.product_id',
      ],
      [
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [{ product_id: 'NOPE', quantity: 1 }],
        }),
        'not_found',
        'items.0.product_id',
      ],
      [
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [{ product_id: 'MUG-RED', quantity: 0 }],
        }),
        'invalid_input',
        'items.0.quantity',
      ],
      [
        await app.call('refund_payment', { transaction_id: payment.transaction_id, restock: true }),
        'invalid_input',
        'restock',
      ],
      // This payment is 55.25; three mugs and two tees come to 85.25.
      [
        await app.call('refund_payment', {
          transaction_id: payment.transaction_id,
          items: [
            { product_id: 'MUG-RED', quantity: 3 },
            { product_id: 'TEE-L', quantity: 2 },
          ],
        }),
        'conflict',
        'items',
      ],
      [await app.call('list_orders', { payment_status: 'owed' }), 'invalid_input', 'payment_status'],
      [await app.call('render_order_document', { order_id: order.id, kind: 'receipt' }), 'invalid_input', 'kind'],
    ] as const;
    for (const [result, code, path] of refused) {
      expect(result).toMatchObject({ ok: false, error: { code, issues: [expect.objectContaining({ path })] } });
    }
    expect(rowCounts(app)).toEqual(before);
  });

  it('renders an invoice and a packing slip as PDF with the business, lines and totals', async () => {
    const app = testApp();
    const { order } = await paidOrder(app);
    ok(
      await app.call('update_settings', {
        business_address: '12 Via Roma\n00184 Roma',
        business_tax_id: 'IT01234567890',
      }),
    );
    ok(
      await app.call('create_shipment', {
        order_id: order.id,
        service: 'standard',
        items: [{ product_id: 'MUG-RED', quantity: 1 }],
      }),
    );

    const text = async (kind: 'invoice' | 'packing_slip') => {
      const doc = ok<OutputOf<'render_order_document'>>(
        await app.call('render_order_document', { order_id: order.id, kind }),
      );
      const bytes = Buffer.from(doc.content, 'base64');
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const page = await pdf.getPage(1);
      const content = await page.getTextContent();
      return { filename: doc.filename, text: content.items.map((i) => ('str' in i ? i.str : '')).join(' ') };
    };
    const invoice = await text('invoice');
    expect(invoice.filename).toBe(`invoice-${order.id}.pdf`);
    for (const expected of [
      'Bottega Rossi',
      'IT01234567890',
      'Invoice',
      `Order #${order.id}`,
      'Ada Lovelace',
      'Red mug',
      'MUG-RED',
      'T-shirt large',
      '$77.50',
      '$7.75',
      '$85.25',
    ]) {
      expect(invoice.text).toContain(expected);
    }
    const slip = await text('packing_slip');
    expect(slip.filename).toBe(`packing-slip-${order.id}.pdf`);
    expect(slip.text).toContain('Packing slip');
    expect(slip.text).toContain('Bottega Rossi');
    expect(slip.text).toContain('T-shirt large');
    expect(slip.text).not.toContain('$85.25');
  });
});
