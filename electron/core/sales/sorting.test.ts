import { describe, expect, it } from 'vitest';
import { ok, testApp } from '../../../test/helpers.js';

type Page<T> = { items: T[]; next_cursor: string | null };

async function catalog() {
  const app = testApp();
  const products: [string, string, number, number][] = [
    ['B-2', 'banana', 3, 5],
    ['A-1', 'Apple', 9.5, 0],
    ['C-3', 'cherry', 1.25, 40],
    ['D-4', 'Date', 7, 12],
  ];
  for (const [sku, name, price, stock] of products) {
    ok(await app.call('create_product', { sku, name, price, initial_stock: stock, category: 'fruit' }));
  }
  return app;
}

describe('sorted lists', () => {
  it('sorts products by a column over every page, not only the page shown', async () => {
    const app = await catalog();
    const skus = async (input: Record<string, unknown>) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<{ sku: string }> = ok(
          await app.call('search_products', { ...input, limit: 1, ...(cursor && { cursor }) }),
        );
        seen.push(...page.items.map((p) => p.sku));
        cursor = page.next_cursor;
      } while (cursor);
      return seen;
    };
    expect(await skus({ sort: 'price' })).toEqual(['C-3', 'B-2', 'D-4', 'A-1']);
    expect(await skus({ sort: 'price', order: 'desc' })).toEqual(['A-1', 'D-4', 'B-2', 'C-3']);
    expect(await skus({ sort: 'available', order: 'desc' })).toEqual(['C-3', 'D-4', 'B-2', 'A-1']);
    expect(await skus({ sort: 'name' })).toEqual(['A-1', 'B-2', 'C-3', 'D-4']);
    // A search keeps its matches, in the order asked for.
    expect(await skus({ query: 'fruit', sort: 'price', order: 'desc' })).toEqual(['A-1', 'D-4', 'B-2', 'C-3']);
  });

  it('refuses a column it does not sort by, and a cursor of another sort', async () => {
    const app = await catalog();
    expect(await app.call('search_products', { sort: 'price_minor; DROP TABLE products' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        issues: [{ path: 'sort', message: expect.stringMatching(/sort is one of name/) }],
      },
    });
    expect(await app.call('list_orders', { sort: 'secret' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'sort' }] },
    });
    expect(await app.call('list_orders', { order: 'sideways' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'order', message: 'order is asc or desc' }] },
    });
    const page: Page<unknown> = ok(await app.call('search_products', { sort: 'price', limit: 1 }));
    expect(await app.call('search_products', { sort: 'name', limit: 1, cursor: page.next_cursor })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'cursor' }] },
    });
  });

  it('sorts orders by total and by customer, paging through them', async () => {
    const app = await catalog();
    const ada = ok<{ id: number }>(await app.call('create_customer', { name: 'ada', email: 'ada@example.com' }));
    const bob = ok<{ id: number }>(await app.call('create_customer', { name: 'Bob', email: 'bob@example.com' }));
    for (const [customer, sku, quantity] of [
      [bob.id, 'C-3', 1],
      [ada.id, 'D-4', 2],
      [bob.id, 'B-2', 1],
    ] as const) {
      ok(await app.call('create_order', { customer_id: customer, items: [{ product_id: sku, quantity }] }));
    }
    const totals = async (input: Record<string, unknown>) => {
      const seen: [string, number][] = [];
      let cursor: string | null = null;
      do {
        const page: Page<{ customer_name: string; total: number }> = ok(
          await app.call('list_orders', { ...input, limit: 2, ...(cursor && { cursor }) }),
        );
        seen.push(...page.items.map((o): [string, number] => [o.customer_name, o.total]));
        cursor = page.next_cursor;
      } while (cursor);
      return seen;
    };
    const byTotal = await totals({ sort: 'total', order: 'asc' });
    expect(byTotal.map(([, total]) => total)).toEqual([...byTotal.map(([, t]) => t)].sort((a, b) => a - b));
    expect(byTotal.map(([name]) => name)).toEqual(['Bob', 'Bob', 'ada']);
    expect((await totals({ sort: 'customer', order: 'asc' })).map(([name]) => name)).toEqual(['ada', 'Bob', 'Bob']);
  });
});
