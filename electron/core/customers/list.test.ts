import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/customers.js';
import { ok, testApp } from '../../../test/helpers.js';

type Page = { items: Customer[]; next_cursor: string | null; total?: number };

async function seed(
  app: ReturnType<typeof testApp>,
  people: [name: string, status?: 'active' | 'inactive', tags?: string[]][],
) {
  for (const [i, [name, status, tags]] of people.entries()) {
    ok(await app.call('create_customer', { name, email: `person${i}@example.com`, status: status ?? 'active', tags }));
  }
}

async function allPages(app: ReturnType<typeof testApp>, input: Record<string, unknown>): Promise<Customer[]> {
  const seen: Customer[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = ok<Page>(await app.call('list_customers', { ...input, ...(cursor ? { cursor } : {}) }));
    seen.push(...page.items);
    if (!page.next_cursor) return seen;
    cursor = page.next_cursor;
  }
  throw new Error('cursor paging did not end');
}

describe('list_customers', () => {
  it('searches word prefixes in names and emails, folding case and accents', async () => {
    const app = testApp();
    await seed(app, [['Zoë Müller'], ['Joan Smith'], ['Jöns Jacob Berzelius'], ['Smithers Waylon']]);
    const names = async (query: string) =>
      ok<Page>(await app.call('list_customers', { query }))
        .items.map((c) => c.name)
        .sort();
    expect(await names('muller')).toEqual(['Zoë Müller']);
    expect(await names('MÜL')).toEqual(['Zoë Müller']);
    expect(await names('zoe')).toEqual(['Zoë Müller']);
    expect(await names('jo sm')).toEqual(['Joan Smith']);
    expect(await names('smith')).toEqual(['Joan Smith', 'Smithers Waylon']);
    expect(await names('jons')).toEqual(['Jöns Jacob Berzelius']);
    expect(await names('person2')).toEqual(['Jöns Jacob Berzelius']);
    expect(await names('PERSON1@EXAMPLE.COM')).toEqual(['Joan Smith']);
    expect(await names('"); DROP TABLE customers; --')).toEqual([]);
    expect(await names('***')).toHaveLength(4);
  });

  it('filters by status and tag, and counts when asked', async () => {
    const app = testApp();
    await seed(app, [
      ['A', 'active', ['vip']],
      ['B', 'inactive', ['vip']],
      ['C', 'active'],
      ['D', 'inactive'],
    ]);
    const page = ok<Page>(await app.call('list_customers', { status: 'inactive', include_total: true }));
    expect(page.items.map((c) => c.name)).toEqual(['D', 'B']);
    expect(page.total).toBe(2);
    const vip = ok<Page>(await app.call('list_customers', { tag: 'vip', status: 'active' }));
    expect(vip.items.map((c) => c.name)).toEqual(['A']);
  });

  it('sorts by name case-insensitively with a stable keyset cursor', async () => {
    const app = testApp();
    await seed(app, [['bob'], ['Alice'], ['carol'], ['alice'], ['Bob']]);
    const sorted = await allPages(app, { sort: 'name', limit: 2 });
    expect(sorted.map((c) => c.name)).toEqual(['Alice', 'alice', 'bob', 'Bob', 'carol']);
  });

  it('rejects a cursor from another sort instead of returning a wrong page', async () => {
    const app = testApp();
    await seed(app, [['A'], ['B'], ['C']]);
    const first = ok<Page>(await app.call('list_customers', { sort: 'name', limit: 1 }));
    const wrong = await app.call('list_customers', { sort: 'newest', cursor: first.next_cursor });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'cursor' }] } });
  });

  it('pages through every match exactly once, by cursor or offset, for any data and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('Ann Lee', 'Anna Smith', 'Bo Li', 'Zoë Ång', 'Åsa Berg'), fc.boolean()), {
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('newest', 'oldest', 'name'),
        fc.constantFrom(undefined, 'an', 'a', 'zoe'),
        async (people, limit, sort, query) => {
          const app = testApp();
          await seed(
            app,
            people.map(([name, active]) => [name, active ? 'active' : 'inactive']),
          );
          const byCursor = await allPages(app, { limit, sort, query });
          const ids = byCursor.map((c) => c.id);
          expect(new Set(ids).size).toBe(ids.length);
          const everything = ok<Page>(
            await app.call('list_customers', { limit: 500, sort, query, include_total: true }),
          );
          expect(ids).toEqual(everything.items.map((c) => c.id));
          expect(everything.total).toBe(ids.length);
          const byOffset: number[] = [];
          for (let offset = 0; offset < ids.length + limit; offset += limit) {
            byOffset.push(
              ...ok<Page>(await app.call('list_customers', { limit, offset, sort, query })).items.map((c) => c.id),
            );
          }
          expect(byOffset).toEqual(ids);
          await app.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('customers', () => {
  it('normalises phones with the default country from settings', async () => {
    const app = testApp();
    ok(await app.call('update_settings', { default_country: 'DE' }));
    const c = ok<Customer>(
      await app.call('create_customer', { name: 'Kurt', email: 'k@example.de', phone: '030 901820' }),
    );
    expect(c.phone_e164).toBe('+4930901820');
    const odd = ok<Customer>(await app.call('create_customer', { name: 'Odd', email: 'o@example.de', phone: '123' }));
    expect(odd).toMatchObject({ phone: '123', phone_e164: null });
  });

  it('refuses to delete a customer other records point at, pointing to status inactive', async () => {
    const app = testApp();
    const c = ok<Customer>(await app.call('create_customer', { name: 'Has orders', email: 'o@example.com' }));
    // Orders arrive with the sales domain; any table referencing customers must block the delete the same way.
    app.store.sqlite.exec(
      'CREATE TABLE referrer (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id))',
    );
    app.store.sqlite.prepare('INSERT INTO referrer (customer_id) VALUES (?)').run(c.id);
    const result = await app.call('delete_customer', { customer_id: c.id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('"inactive"') },
    });
    expect(ok<Customer>(await app.call('get_customer', { customer_id: c.id })).id).toBe(c.id);
  });

  it('keeps emails unique case-insensitively on update too', async () => {
    const app = testApp();
    ok(await app.call('create_customer', { name: 'A', email: 'a@example.com' }));
    const b = ok<Customer>(await app.call('create_customer', { name: 'B', email: 'b@example.com' }));
    const clash = await app.call('update_customer', { customer_id: b.id, email: 'A@Example.com' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'email' }] } });
    const same = ok<Customer>(await app.call('update_customer', { customer_id: b.id, email: 'B@example.com' }));
    expect(same.email).toBe('B@example.com');
  });

  it('clears optional fields with null and leaves the rest alone', async () => {
    const app = testApp();
    const c = ok<Customer>(
      await app.call('create_customer', {
        name: 'Full',
        email: 'full@example.com',
        phone: '+1 415 555 0100',
        address: { line1: '1 Main St', city: 'Springfield', country: 'us' },
        tags: ['a'],
        notes: 'n',
      }),
    );
    expect(c.address).toEqual({ line1: '1 Main St', city: 'Springfield', country: 'US' });
    const cleared = ok<Customer>(
      await app.call('update_customer', { customer_id: c.id, address: null, tags: null, notes: null }),
    );
    expect(cleared).toMatchObject({ address: null, tags: [], notes: null, phone: '+1 415 555 0100', name: 'Full' });
    const nothing = await app.call('update_customer', { customer_id: c.id });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('list_customers cursors', () => {
  it('pages by name past customers with the longest names', async () => {
    const app = testApp();
    await seed(app, [['ä'.repeat(200)], ['z'.repeat(200)], ['b'.repeat(200)]]);
    const all = await allPages(app, { sort: 'name', limit: 1 });
    expect(all).toHaveLength(3);
  });
});

describe('customer search by phone, city and tag', () => {
  it('finds customers by part of their phone number, their city and their tags; not those in the trash', async () => {
    const app = testApp();
    const ana = ok<Customer>(
      await app.call('create_customer', {
        name: 'Ana Ruiz',
        email: 'ana@example.com',
        phone: '+1 (415) 555-0132',
        address: { line1: '1 Calle Mayor', city: 'Valladolid', country: 'ES' },
        tags: ['wholesale'],
      }),
    );
    ok(await app.call('create_customer', { name: 'Bo Chen', email: 'bo@example.com', phone: '020 7946 0958' }));
    expect(await app.call('list_customer_tags', {}, { kind: 'mcp', name: 'claude' }, 'mcp')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const names = async (query: string, extra: Record<string, unknown> = {}) =>
      ok<{ items: Customer[] }>(await app.call('list_customers', { query, ...extra })).items.map((c) => c.name);
    expect(await names('555 0132')).toEqual(['Ana Ruiz']);
    expect(await names('415-555')).toEqual(['Ana Ruiz']);
    expect(await names('7946')).toEqual(['Bo Chen']);
    expect(await names('valla')).toEqual(['Ana Ruiz']);
    expect(await names('wholesale', { sort: 'name' })).toEqual(['Ana Ruiz']);
    // A city or tag that changes is found by its new value only.
    ok(
      await app.call('update_customer', {
        customer_id: ana.id,
        tags: ['retail'],
        address: { line1: 'x', city: 'León' },
      }),
    );
    expect(await names('wholesale')).toEqual([]);
    expect(await names('leon')).toEqual(['Ana Ruiz']);
    const tags = async () => ok<{ items: unknown[] }>(await app.call('list_customer_tags', {})).items;
    expect(await tags()).toEqual([{ tag: 'retail', customers: 1 }]);
    ok(await app.call('delete_customer', { customer_id: ana.id }));
    expect(await tags()).toEqual([]);
    expect(await names('leon')).toEqual([]);
    expect(await names('555 0132')).toEqual([]);
  });
});
