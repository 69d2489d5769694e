import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import { describeActivity } from '../../../shared/activity-sentences.js';
import type { Customer } from '../../../shared/customers.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

const claude: Caller = { kind: 'mcp', name: 'claude-ai' };

describe('activity entries name records found by something other than their id', () => {
  it('names the customer an assistant looked up by email, and names none when there is no such customer', async () => {
    const app = testApp();
    await giveEveryToolset(app);
    const c = ok<Customer>(await app.call('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com' }));
    ok(await app.call('get_customer', { email: 'ADA@example.com' }, claude, 'mcp'));
    await app.call('get_customer', { email: 'nobody@example.com' }, claude, 'mcp');
    await app.catalogue.drain();
    const entries = ok<{ items: ActivityEntry[] }>(
      await app.call('list_activity', { operation: 'get_customer', limit: 10 }),
    ).items;
    const [missing, found] = entries;
    expect(found).toMatchObject({ subject: { entity: 'customer', id: String(c.id), name: 'Ada Lovelace' } });
    expect(describeActivity(found!)).toBe('Claude looked at customer Ada Lovelace');
    expect(missing).toMatchObject({ outcome: 'not_found', subject: null });
    expect(describeActivity(missing!)).toBe('Claude tried to look at customer');
  });

  it('names the order that an order’s placing and shipping were about, not the product whose stock moved', async () => {
    const app = testApp();
    await giveEveryToolset(app);
    const ada = ok<Customer>(
      await app.call('create_customer', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        address: { line1: '1 Main St', city: 'Boston', region: 'MA', postal_code: '02110', country: 'US' },
      }),
    );
    ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 10, initial_stock: 5, weight_kg: 0.4 }));
    const order = ok<{ id: number; total: number }>(
      await app.call(
        'create_order',
        { customer_id: ada.id, items: [{ product_id: 'MUG', quantity: 2 }] },
        claude,
        'mcp',
      ),
    );
    ok(
      await app.call('process_payment', {
        order_id: order.id,
        amount: order.total,
        currency: 'USD',
        payment_method: 'cash',
      }),
    );
    ok(await app.call('create_shipment', { order_id: order.id, service: 'standard' }, claude, 'mcp'));
    const other = ok<{ id: number }>(
      await app.call('create_order', { customer_id: ada.id, items: [{ product_id: 'MUG', quantity: 1 }] }),
    );
    ok(await app.call('update_order_status', { order_id: other.id, status: 'cancelled' }, claude, 'mcp'));
    await app.catalogue.drain();
    const sentences = ok<{ items: ActivityEntry[] }>(
      await app.call('list_activity', { caller: 'claude-ai', limit: 10 }),
    ).items.map((e) => describeActivity(e));
    expect(sentences).toEqual([
      `Claude changed the status of order #${other.id}`,
      `Claude created a shipment (order #${order.id})`,
      `Claude created order #${order.id}`,
    ]);
  });
});
