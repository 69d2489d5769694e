import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/customers.js';
import { ok, testApp } from '../../../test/helpers.js';

describe('customers', () => {
  it('creates, reads, updates, lists and deletes a customer', async () => {
    const app = testApp();
    const created = ok<Customer>(
      await app.call('create_customer', {
        name: 'Zoë Müller',
        email: 'Zoe@Example.com',
        phone: '(415) 555-0132',
        address: '1 Market St',
        tags: ['vip', 'vip', 'berlin'],
      }),
    );
    expect(created).toMatchObject({
      id: 1,
      version: 1,
      status: 'active',
      tags: ['vip', 'berlin'],
      address: { line1: '1 Market St' },
    });
    expect(created.phone).toBe('(415) 555-0132');
    expect(created.phone_e164).toBe('+14155550132');

    expect(ok<Customer>(await app.call('get_customer', { email: 'zoe@EXAMPLE.com' })).id).toBe(1);
    expect(ok<Customer>(await app.call('get_customer', { customer_id: '1' })).name).toBe('Zoë Müller');

    const updated = ok<Customer>(
      await app.call('update_customer', { customer_id: 1, phone: null, notes: 'Prefers email', expected_version: 1 }),
    );
    expect(updated).toMatchObject({ phone: null, phone_e164: null, notes: 'Prefers email', version: 2 });

    const stale = await app.call('update_customer', { customer_id: 1, name: 'X', expected_version: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const found = ok<{ items: Customer[] }>(await app.call('list_customers', { query: 'zoe mull' }));
    expect(found.items.map((c) => c.id)).toEqual([1]);
    const byEmail = ok<{ items: Customer[] }>(await app.call('list_customers', { query: 'ZOE@example.com' }));
    expect(byEmail.items).toHaveLength(1);

    expect(ok(await app.call('delete_customer', { customer_id: 1 }))).toEqual({ id: 1, deleted: true });
    expect(await app.call('get_customer', { customer_id: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('customer ids', () => {
  it('never reuses the id of a deleted customer', async () => {
    const app = testApp();
    const first = ok<Customer>(await app.call('create_customer', { name: 'A', email: 'a@example.com' }));
    ok(await app.call('delete_customer', { customer_id: first.id }));
    const second = ok<Customer>(await app.call('create_customer', { name: 'B', email: 'b@example.com' }));
    expect(second.id).toBeGreaterThan(first.id);
  });
});

describe('addresses without a street', () => {
  it('keeps a city and country as the address, on customers and on their orders', async () => {
    const app = testApp();
    const customer = ok<Customer>(
      await app.call('create_customer', {
        name: 'Market Stall',
        email: 'stall@example.com',
        address: { line1: '', city: 'Lyon', country: 'fr' },
      }),
    );
    expect(customer.address).toEqual({ city: 'Lyon', country: 'FR' });
    expect(ok<Customer>(await app.call('get_customer', { customer_id: customer.id })).address).toEqual({
      city: 'Lyon',
      country: 'FR',
    });
    ok(await app.call('create_product', { sku: 'JAM-1', name: 'Jam', price: 4, initial_stock: 5 }));
    const order = ok<{ shipping_address: unknown }>(
      await app.call('create_order', {
        customer_id: customer.id,
        items: [{ product_id: 'JAM-1', quantity: 1 }],
        shipping_service: 'standard',
      }),
    );
    expect(order.shipping_address).toEqual({ city: 'Lyon', country: 'FR' });

    const cleared = await app.call('update_customer', { customer_id: customer.id, address: { line1: ' ' } });
    expect(cleared).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(cleared)).toMatch(/at least one part/);
  });
});

describe('phone numbers in the customer’s own country', () => {
  it('reads a number without a country code in the address’s country, else in Settings’ country', async () => {
    const app = testApp();
    const berlin = ok<Customer>(
      await app.call('create_customer', {
        name: 'Olga Schmidt',
        email: 'olga@example.de',
        phone: '030 1234567',
        address: { city: 'Berlin', country: 'DE' },
      }),
    );
    expect(berlin.phone_e164).toBe('+49301234567');
    // Settings' country (the US) reads it as no valid number.
    const nowhere = ok<Customer>(
      await app.call('create_customer', { name: 'No Address', email: 'no@example.com', phone: '030 1234567' }),
    );
    expect(nowhere.phone_e164).toBeNull();
    // The number moves with the country: read again when only the address changes.
    const moved = ok<Customer>(
      await app.call('update_customer', { customer_id: nowhere.id, address: { city: 'Berlin', country: 'DE' } }),
    );
    expect(moved).toMatchObject({ phone: '030 1234567', phone_e164: '+49301234567' });
    const cleared = ok<Customer>(await app.call('update_customer', { customer_id: moved.id, address: null }));
    expect(cleared.phone_e164).toBeNull();
  });
});
