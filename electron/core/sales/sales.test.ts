import { describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/sales/orders.js';
import type { Payment } from '../../../shared/sales/payments.js';
import type { Product } from '../../../shared/sales/products.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';

type App = ReturnType<typeof testApp>;

async function seed(app: App, options: { tax?: number } = {}) {
  if (options.tax !== undefined) ok(await app.call('update_settings', { tax_rate_bps: options.tax }));
  const customer = ok<{ id: number }>(
    await app.call('create_customer', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      address: { line1: '1 Analytical Way', city: 'London', country: 'GB' },
    }),
  );
  const mug = ok<Product>(
    await app.call('create_product', {
      sku: 'MUG-RED',
      name: 'Red mug',
      category: 'Kitchen',
      price: 12.5,
      weight_kg: 0.4,
      initial_stock: 10,
    }),
  );
  const tee = ok<Product>(
    await app.call('create_product', {
      sku: 'TEE-L',
      name: 'T-shirt large',
      price: 19.99,
      weight_kg: 0.2,
      initial_stock: 3,
    }),
  );
  return { customer, mug, tee };
}

describe('sales: products', () => {
  it('keeps prices in minor units and shows them in major units; SKU unique; search ranked and filtered', async () => {
    const app = testApp();
    const { mug } = await seed(app);
    expect(mug).toMatchObject({
      price: 12.5,
      currency: 'USD',
      weight_kg: 0.4,
      stock: { on_hand: 10, reserved: 0, available: 10 },
    });
    const row = app.store.sqlite.prepare('SELECT price_minor, weight_grams FROM products WHERE id = ?').get(mug.id);
    expect(row).toEqual({ price_minor: 1250, weight_grams: 400 });

    const dup = await app.call('create_product', { sku: 'mug-red', name: 'Another', price: 1 });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'sku' }] } });

    expect(ok<Product>(await app.call('get_product_details', { product_id: 'mug-red' })).id).toBe(mug.id);
    expect(ok<Product>(await app.call('get_product_details', { product_id: String(mug.id) })).sku).toBe('MUG-RED');

    const found = ok<{ items: Product[] }>(await app.call('search_products', { query: 'mu' }));
    expect(found.items.map((p) => p.sku)).toEqual(['MUG-RED']);
    const cheap = ok<{ items: Product[] }>(await app.call('search_products', { max_price: 15 }));
    expect(cheap.items.map((p) => p.sku)).toEqual(['MUG-RED']);
    const tooPrecise = await app.call('search_products', { max_price: 15.001 });
    expect(tooPrecise).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'max_price' }] } });

    ok(await app.call('update_product', { product_id: 'MUG-RED', status: 'archived' }));
    expect(ok<{ items: Product[] }>(await app.call('search_products', { query: 'mug' })).items).toHaveLength(0);
    expect(
      ok<{ items: Product[] }>(await app.call('search_products', { query: 'mug', include_archived: true })).items,
    ).toHaveLength(1);
  });

  it('pages search results with a cursor', async () => {
    const app = testApp();
    for (let i = 0; i < 5; i++) ok(await app.call('create_product', { sku: `P-${i}`, name: `Pen ${i}`, price: 1 }));
    const first = ok<{ items: Product[]; next_cursor: string }>(
      await app.call('search_products', { query: 'pen', limit: 3 }),
    );
    expect(first.items).toHaveLength(3);
    const second = ok<{ items: Product[]; next_cursor: null }>(
      await app.call('search_products', { query: 'pen', limit: 3, cursor: first.next_cursor }),
    );
    expect(second.items).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((p) => p.sku)).size).toBe(5);
  });
});

describe('sales: product search ranking', () => {
  it('ranks in the index and joins the page: the same pages as ranking every joined match, archived ones left out', async () => {
    const app = testApp();
    // Lamps that match "lamp" in the name, the category, the description or several; the best
    // ranked of them archived, so the first candidates fall short and a longer pass must run.
    const words = ['desk', 'floor', 'brass', 'oak', 'tall', 'small'];
    for (let i = 0; i < 120; i++) {
      const inName = i % 3 !== 0;
      ok(
        await app.call('create_product', {
          sku: `L-${i}`,
          name: inName ? `${words[i % words.length]} lamp ${i}` : `${words[i % words.length]} light ${i}`,
          category: i % 4 === 0 ? 'Lamps' : 'Lighting',
          description: i % 5 === 0 ? 'A lamp, a good lamp, the lamp of lamps.' : 'Warm light.',
          price: 10 + i,
        }),
      );
    }
    const db = app.store.sqlite;
    const best = db
      .prepare(
        `SELECT rowid FROM products_fts WHERE products_fts MATCH '"lamp"*'
         ORDER BY bm25(products_fts, 10.0, 8.0, 3.0, 1.0), rowid LIMIT 30`,
      )
      .pluck()
      .all() as number[];
    for (const id of best) ok(await app.call('update_product', { product_id: id, status: 'archived' }));
    const reference = (limit: number, offset: number, archived: boolean) =>
      db
        .prepare(
          `SELECT p.sku FROM products_fts f CROSS JOIN products p ON p.id = f.rowid
             WHERE products_fts MATCH '"lamp"*' ${archived ? '' : "AND p.status = 'active'"}
             ORDER BY bm25(products_fts, 10.0, 8.0, 3.0, 1.0), p.id LIMIT ? OFFSET ?`,
        )
        .pluck()
        .all(limit, offset) as string[];
    const matches = (reference(1000, 0, false) as string[]).length;
    expect(matches).toBeGreaterThan(50);
    for (const include_archived of [false, true])
      for (const limit of [1, 7, 20])
        for (let offset = 0; offset <= matches + 5; offset += 13) {
          const page = ok<{ items: Product[] }>(
            await app.call('search_products', { query: 'lamp', limit, offset, include_archived }),
          );
          expect(page.items.map((p) => p.sku)).toEqual(reference(limit, offset, include_archived));
        }
    // Paging by cursor walks the same order to the end.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Product[]; next_cursor: string | null } = ok(
        await app.call('search_products', { query: 'lamp', limit: 9, ...(cursor ? { cursor } : {}) }),
      );
      walked.push(...page.items.map((p) => p.sku));
      cursor = page.next_cursor;
    } while (cursor);
    expect(walked).toEqual(reference(1000, 0, false));
  });
});

describe('sales: inventory', () => {
  it('reserves, releases and expires holds; never below zero', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const app = testApp({ clock: { now: () => new Date(now) } });
    const { tee } = await seed(app);
    const hold = ok<{ id: number; expires_at: string; stock: { available: number } }>(
      await app.call('reserve_inventory', { product_id: 'TEE-L', quantity: 2 }),
    );
    expect(hold.stock.available).toBe(1);
    expect(hold.expires_at).toBe('2026-03-01T10:15:00.000Z');

    const short = await app.call('reserve_inventory', { product_id: 'TEE-L', quantity: 2 });
    expect(short).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((short as { error: { message: string } }).error.message).toMatch(/2 wanted, 1 available/);

    now += 16 * 60_000;
    expect(
      ok<{ available: number; enough: boolean }>(
        await app.call('check_inventory', { product_id: tee.id, quantity: 3 }),
      ),
    ).toMatchObject({
      available: 3,
      enough: true,
    });
    // The next write sweeps the lapsed hold into the ledger.
    ok(await app.call('reserve_inventory', { product_id: 'TEE-L', quantity: 3 }));
    const movements = ok<{ items: { kind: string }[] }>(
      await app.call('list_stock_movements', { product_id: 'TEE-L' }),
    );
    expect(movements.items.map((m) => m.kind)).toEqual(['reservation', 'expiry', 'reservation', 'receipt']);

    const below = await app.call('adjust_inventory', { product_id: 'TEE-L', change: -1, reason: 'damaged' });
    expect(below).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const received = ok<{ on_hand: number; available: number }>(
      await app.call('adjust_inventory', { product_id: 'TEE-L', change: 5, reason: 'received', note: 'PO 17' }),
    );
    expect(received).toMatchObject({ on_hand: 8, available: 5 });
  });
});

describe('sales: orders, payments, shipping', () => {
  it('prices from the catalog, reserves atomically, and walks the lifecycle', async () => {
    const app = testApp();
    // The order is placed by an assistant, which the person gave the sales tools.
    await giveEveryToolset(app);
    const { customer, mug, tee } = await seed(app, { tax: 825 });
    const created = ok<Order & { warnings: string[] }>(
      await app.call(
        'create_order',
        {
          customer_id: customer.id,
          items: [
            { product_id: 'MUG-RED', quantity: 2, price: 1 },
            { product_id: tee.id, quantity: 1 },
          ],
          shipping_service: 'standard',
        },
        { kind: 'mcp', name: 'claude-desktop' },
        'mcp',
      ),
    );
    // Subtotal 2 × 12.50 + 19.99 = 44.99; tax 8.25% = 3.711675 → 3.71; shipping standard to the customer's
    // address: 10 + 0.5 × 1.0 kg + 2% × 44.99 = 11.3998 → 11.40.
    expect(created).toMatchObject({
      status: 'pending',
      subtotal: 44.99,
      tax: 3.71,
      shipping: 11.4,
      total: 60.1,
      balance_due: 60.1,
      shipping_service: 'standard',
      allowed_statuses: ['cancelled'],
    });
    expect(created.warnings[0]).toMatch(/price 1 was ignored: MUG-RED costs 12.50 USD/);
    expect(created.history).toEqual([expect.objectContaining({ from: null, to: 'pending', by: 'claude-desktop' })]);
    expect(ok<Product>(await app.call('get_product_details', { product_id: mug.id })).stock).toEqual({
      on_hand: 10,
      reserved: 2,
      available: 8,
      level: 'in_stock',
    });

    const jump = await app.call('update_order_status', { order_id: created.id, status: 'shipped' });
    expect(jump).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((jump as { error: { message: string } }).error.message).toMatch(
      /paid \(through process_payment\), cancelled/,
    );

    const over = await app.call('process_payment', {
      amount: 70,
      currency: 'USD',
      payment_method: 'cash',
      order_id: created.id,
    });
    expect(over).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'amount' }] } });
    const wrongCurrency = await app.call('process_payment', {
      amount: 10,
      currency: 'EUR',
      payment_method: 'cash',
      order_id: created.id,
    });
    expect(wrongCurrency).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'currency' }] },
    });

    const part = ok<Payment>(
      await app.call('process_payment', {
        amount: 50,
        currency: 'USD',
        payment_method: 'bank_transfer',
        order_id: created.id,
        idempotency_key: 'order-1-part-1',
      }),
    );
    const again = ok<Payment>(
      await app.call('process_payment', {
        amount: 50,
        currency: 'USD',
        payment_method: 'bank_transfer',
        order_id: created.id,
        idempotency_key: 'order-1-part-1',
      }),
    );
    expect(again.transaction_id).toBe(part.transaction_id);
    expect(ok<Order>(await app.call('get_order', { order_id: created.id }))).toMatchObject({
      status: 'pending',
      paid: 50,
      balance_due: 10.1,
    });
    const rest = ok<Payment>(
      await app.call('process_payment', {
        amount: 10.1,
        currency: 'USD',
        payment_method: 'card_terminal',
        order_id: created.id,
      }),
    );
    expect(rest.customer_info).toMatchObject({ customer_id: customer.id, name: 'Ada Lovelace' });
    const paid = ok<Order>(await app.call('get_order', { order_id: created.id }));
    expect(paid).toMatchObject({ status: 'paid', balance_due: 0, allowed_statuses: ['processing'] });
    expect(
      await app.call('process_payment', { amount: 1, currency: 'USD', payment_method: 'cash', order_id: created.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await app.call('update_order_status', { order_id: created.id, status: 'cancelled' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    ok(await app.call('update_order_status', { order_id: created.id, status: 'processing', note: 'packing' }));
    const shipment = ok<{ id: number; cost: number; status: string }>(
      await app.call('create_shipment', {
        order_id: created.id,
        service: 'express',
        carrier: 'DHL',
        tracking: 'JD0001',
      }),
    );
    expect(shipment.status).toBe('created');
    const shipped = ok<Order>(await app.call('get_order', { order_id: created.id }));
    expect(shipped.status).toBe('shipped');
    expect(ok<Product>(await app.call('get_product_details', { product_id: mug.id })).stock).toEqual({
      on_hand: 8,
      reserved: 0,
      available: 8,
      level: 'in_stock',
    });
    ok(await app.call('update_shipment_status', { shipment_id: shipment.id, status: 'in_transit' }));
    ok(await app.call('update_shipment_status', { shipment_id: shipment.id, status: 'delivered' }));
    const delivered = ok<Order>(await app.call('get_order', { order_id: created.id }));
    expect(delivered.status).toBe('delivered');
    expect(delivered.shipments).toEqual([
      expect.objectContaining({
        id: shipment.id,
        status: 'delivered',
        carrier: 'DHL',
        tracking: 'JD0001',
        service: 'express',
      }),
    ]);
    expect(delivered.history.map((h) => h.to)).toEqual(['pending', 'paid', 'processing', 'shipped', 'delivered']);

    const refund = ok<{ amount: number; order_status: string }>(
      await app.call('refund_payment', { transaction_id: rest.transaction_id, reason: 'damaged' }),
    );
    expect(refund).toMatchObject({ amount: 10.1, order_status: 'delivered' });
    const tooMuch = await app.call('refund_payment', { transaction_id: part.transaction_id, amount: 50.01 });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'amount' }] } });
    const full = ok<{ order_status: string }>(
      await app.call('refund_payment', { transaction_id: part.transaction_id }),
    );
    expect(full.order_status).toBe('refunded');
    expect(await app.call('refund_payment', { transaction_id: part.transaction_id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('charges shipping only when asked: a service priced from the rates, or an amount', async () => {
    const app = testApp();
    const { customer } = await seed(app);
    ok(await app.call('adjust_inventory', { product_id: 'MUG-RED', change: 50, reason: 'received' }));
    const order = async (extra: Record<string, unknown>) =>
      ok<Order>(
        await app.call('create_order', {
          customer_id: customer.id,
          items: [{ product_id: 'MUG-RED', quantity: 2 }],
          ...extra,
        }),
      );
    // The customer has an address, and still no shipping is added unasked.
    expect(await order({})).toMatchObject({ subtotal: 25, shipping: 0, total: 25, shipping_service: null });
    expect((await order({})).shipping_address).toMatchObject({ line1: '1 Analytical Way' });
    // 10 + 0.5 × 0.8 kg + 2% × 25 = 10.90.
    expect(await order({ shipping_service: 'Standard' })).toMatchObject({ shipping: 10.9, total: 35.9 });
    expect(await order({ shipping_amount: 4.5 })).toMatchObject({ shipping: 4.5, total: 29.5, shipping_service: null });
    expect(await order({ shipping_service: 'express', shipping_amount: 0 })).toMatchObject({
      shipping: 0,
      total: 25,
      shipping_service: 'express',
    });
    const cents = await app.call('create_order', {
      customer_id: customer.id,
      items: [{ product_id: 'MUG-RED', quantity: 1 }],
      shipping_amount: 4.555,
    });
    expect(cents).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'shipping_amount' }] } });

    // The seed's total (the items) settles the order.
    const unshipped = await order({});
    const paid = ok<{ order_id: number }>(
      await app.call('process_payment', {
        amount: 25,
        currency: 'USD',
        payment_method: 'cash',
        order_id: unshipped.id,
      }),
    );
    expect(ok<Order>(await app.call('get_order', { order_id: paid.order_id })).status).toBe('paid');
  });

  it('orders all or nothing: a short item leaves no order and no holds', async () => {
    const app = testApp();
    const { customer } = await seed(app);
    const short = await app.call('create_order', {
      customer_id: customer.id,
      items: [
        { product_id: 'MUG-RED', quantity: 1 },
        { product_id: 'TEE-L', quantity: 4 },
      ],
    });
    expect(short).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'items.1.quantity' }] } });
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    expect(app.store.sqlite.prepare('SELECT SUM(reserved) AS r FROM products').get()).toEqual({ r: 0 });
  });

  it('cancelling a pending order releases its stock; a refunded paid order releases it too', async () => {
    const app = testApp();
    const { customer } = await seed(app);
    const a = ok<Order>(
      await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'TEE-L', quantity: 2 }] }),
    );
    ok(await app.call('update_order_status', { order_id: a.id, status: 'cancelled', note: 'changed mind' }));
    expect(ok<Product>(await app.call('get_product_details', { product_id: 'TEE-L' })).stock.available).toBe(3);
    const b = ok<Order>(
      await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'TEE-L', quantity: 3 }] }),
    );
    const payment = ok<Payment>(
      await app.call('process_payment', { amount: b.total, currency: 'USD', payment_method: 'cash', order_id: b.id }),
    );
    ok(await app.call('refund_payment', { transaction_id: payment.transaction_id }));
    expect(ok<Order>(await app.call('get_order', { order_id: b.id })).status).toBe('refunded');
    expect(ok<Product>(await app.call('get_product_details', { product_id: 'TEE-L' })).stock.available).toBe(3);
  });

  it('quotes shipping with the seed formula and the person’s rate table', async () => {
    const app = testApp();
    await seed(app);
    const quotes = ok<{ items: { service: string; cost: number }[] }>(
      await app.call('calculate_shipping', {
        items: [{ weight: 2, price: 50, quantity: 2 }],
        destination: 'Somewhere 1',
      }),
    );
    // 10 + 0.5 × 4 kg + 2% × 100 = 14; express × 1.5 = 21; overnight × 2 = 28.
    expect(quotes.items.map((q) => [q.service, q.cost])).toEqual([
      ['standard', 14],
      ['express', 21],
      ['overnight', 28],
    ]);
    ok(
      await app.call('update_shipping_rates', {
        rates: [
          { service: 'standard', base: 5, per_kg: 1, value_percent: 0, multiplier: 1 },
          { service: 'express', base: 5, per_kg: 1, value_percent: 0, multiplier: 2 },
          { service: 'overnight', base: 5, per_kg: 1, value_percent: 0, multiplier: 3 },
        ],
      }),
    );
    const edited = ok<{ items: { cost: number }[] }>(
      await app.call('calculate_shipping', {
        items: [{ product_id: 'MUG-RED', quantity: 5 }],
        destination: 'X',
        service: 'express',
      }),
    );
    expect(edited.items[0]?.cost).toBe(14); // (5 + 1 × 2 kg) × 2
  });

  it('names services in any case or by the person’s labels, and withholds the quoted address without customers', async () => {
    const app = testApp();
    await seed(app);
    await giveEveryToolset(app);
    ok(
      await app.call('update_shipping_rates', {
        rates: [
          { service: 'standard', label: 'Parcel post', base: 5, per_kg: 1, value_percent: 0, multiplier: 1 },
          { service: 'express', label: 'Next day', base: 5, per_kg: 1, value_percent: 0, multiplier: 2 },
          { service: 'overnight', base: 5, per_kg: 1, value_percent: 0, multiplier: 3 },
        ],
      }),
    );
    const quote = (service: string) =>
      app.call('calculate_shipping', { items: [{ weight: 1 }], destination: { zip: '10115', country: 'de' }, service });
    for (const [name, service] of [
      ['NEXT DAY', 'express'],
      ['Express', 'express'],
      ['parcel post', 'standard'],
      ['Overnight', 'overnight'],
    ] as const) {
      expect(ok<{ items: { service: string }[] }>(await quote(name)).items[0]?.service, name).toBe(service);
    }
    const unknown = await quote('Pigeon');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'service' }] } });
    if (!unknown.ok)
      expect(unknown.error.message).toMatch(
        /standard, express or overnight \(or their labels "Parcel post", "Next day"\)/,
      );
    const shipped = ok<{ service: string; destination: unknown }>(
      await app.call('create_shipment', { items: [{ weight: 1 }], destination: { zip: '10115' }, service: 'next day' }),
    );
    expect(shipped).toMatchObject({ service: 'express', destination: { postal_code: '10115' } });

    const assistant = (name: string, input: unknown) => app.call(name, input, { kind: 'mcp', name: 'claude' }, 'mcp');
    const shown = ok<{ destination: unknown }>(
      await assistant('calculate_shipping', { items: [{ weight: 1 }], destination: { zip: '10115', country: 'DE' } }),
    );
    expect(shown.destination).toEqual({ postal_code: '10115', country: 'DE' });
    ok(await app.call('update_assistant_permissions', { hidden_data: ['customers'] }));
    const withheld = ok<{ destination: unknown; items: unknown[] }>(
      await assistant('calculate_shipping', { items: [{ weight: 1 }], destination: { zip: '10115', country: 'DE' } }),
    );
    expect(withheld.destination).toBeNull();
    expect(withheld.items).toHaveLength(3);
  });

  it('records the payer’s own word for a method, says it charges nothing, and keeps customer_info as given', async () => {
    const app = testApp();
    const pay = (payment_method: string, extra: Record<string, unknown> = {}) =>
      app.call('process_payment', {
        amount: 12,
        currency: 'USD',
        payment_method,
        customer_info: { name: 'Ada', id: 'crm-7', address: { city: 'London' } },
        ...extra,
      });
    const methods: [string, string, boolean][] = [
      ['Credit Card', 'credit_card', true],
      ['card', 'card_terminal', true],
      ['paypal', 'paypal', true],
      ['cash', 'cash', false],
      ['card_terminal', 'card_terminal', false],
    ];
    for (const [given, recorded, warned] of methods) {
      const payment = ok<Payment & { warnings: string[] }>(await pay(given));
      expect(payment, given).toMatchObject({ payment_method: recorded, provider: 'manual' });
      expect(
        payment.warnings.some((w) => /does not charge a card/.test(w)),
        given,
      ).toBe(warned);
      expect(payment.customer_info).toEqual({ name: 'Ada', id: 'crm-7', address: { city: 'London' } });
      expect(
        ok<Payment>(await app.call('get_payment', { transaction_id: payment.transaction_id })).payment_method,
      ).toBe(recorded);
    }
    const first = ok<Payment & { warnings: string[] }>(await pay('paypal', { idempotency_key: 'paypal-0001' }));
    const again = ok<Payment & { warnings: string[] }>(await pay('PayPal', { idempotency_key: 'paypal-0001' }));
    expect(again).toEqual(first);
  });

  it('reports analytics net of refunds', async () => {
    const app = testApp();
    const { customer } = await seed(app);
    const order = ok<Order>(
      await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG-RED', quantity: 4 }] }),
    );
    const payment = ok<Payment>(
      await app.call('process_payment', {
        amount: order.total,
        currency: 'USD',
        payment_method: 'cash',
        order_id: order.id,
      }),
    );
    ok(await app.call('refund_payment', { transaction_id: payment.transaction_id, amount: 10 }));
    const figures = ok<{ customer: { orders: number; revenue: number; lifetime_value: number } }>(
      await app.call('get_customer_analytics', { customer_id: customer.id }),
    );
    expect(figures.customer).toMatchObject({ orders: 1, revenue: order.total - 10 });

    const report = ok<{
      totals: { orders: number; gross: number; refunds: number; net: number };
      top_products: { sku: string; quantity: number }[];
    }>(await app.call('get_order_analytics', { group_by: 'month' }));
    expect(report.totals).toMatchObject({ orders: 1, gross: order.total, refunds: 10, net: order.total - 10 });
    expect(report.top_products[0]).toMatchObject({ sku: 'MUG-RED', quantity: 4 });

    // An unpaid order counts in the orders and in what was ordered, so the average is an order's size
    // (not the revenue spread over every order, paid or not), and it is awaited.
    const unpaid = ok<Order>(
      await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG-RED', quantity: 1 }] }),
    );
    const both = ok<{ customer: Record<string, number>; totals: Record<string, number> }>(
      await app.call('get_customer_analytics', { customer_id: customer.id }),
    );
    const ordered = +(order.total + unpaid.total).toFixed(2);
    expect(both.customer).toMatchObject({
      orders: 2,
      ordered,
      outstanding: unpaid.total,
      revenue: order.total - 10,
      average_order: Math.round((ordered * 100) / 2) / 100,
    });
    const book = ok<{ totals: Record<string, number> }>(await app.call('get_customer_analytics', {}));
    expect(book.totals).toMatchObject({ orders: 2, ordered, average_order: Math.round((ordered * 100) / 2) / 100 });
  });
});
