import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import type { Customer } from '../../../shared/customers.js';
import type { Product } from '../../../shared/sales/products.js';
import type { TrashItem } from '../../../shared/trash.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

const claude: Caller = { kind: 'mcp', name: 'claude-ai' };
type Entries = { items: ActivityEntry[] };

async function setUp() {
  const app = testApp();
  await giveEveryToolset(app);
  const assistant = (name: string, input: unknown) => app.call(name, input, claude, 'mcp');
  const entries = async (input: Record<string, unknown> = {}) => {
    await app.catalogue.drain();
    return ok<Entries>(await app.call('list_activity', { limit: 200, ...input })).items;
  };
  const last = async (operation: string) => (await entries({ operation }))[0] as ActivityEntry;
  return { app, assistant, entries, last };
}

describe('activity subjects, trash and undo', () => {
  it('names the record of a deletion as it was, and undoes it by restoring from the trash', async () => {
    const { app, assistant, last } = await setUp();
    const c = ok<Customer>(await app.call('create_customer', { name: 'Bad Phone Co', email: 'bad@phone.test' }));
    ok(await assistant('delete_customer', { customer_id: c.id }));
    // In the trash: gone from lists and lookups, with a message that says where it went.
    expect(ok<{ items: Customer[] }>(await app.call('list_customers', {})).items).toEqual([]);
    const lookup = await assistant('get_customer', { customer_id: c.id });
    expect(lookup).toMatchObject({ ok: false, error: { code: 'not_found', message: /in the trash/ } });
    const trash = ok<{ items: TrashItem[] }>(await app.call('list_trash', {})).items;
    expect(trash).toMatchObject([{ entity: 'customer', id: c.id, name: 'Bad Phone Co', detail: 'bad@phone.test' }]);

    const deleted = await last('delete_customer');
    expect(deleted).toMatchObject({
      caller_kind: 'mcp',
      subject: { entity: 'customer', id: String(c.id), name: 'Bad Phone Co' },
      undoable: true,
      is_read: false,
    });
    const undone = ok<ActivityEntry>(await app.call('undo_activity', { activity_id: deleted.id }));
    expect(undone).toMatchObject({ undoable: false, undone_at: expect.any(String) as string });
    expect(ok<Customer>(await app.call('get_customer', { customer_id: c.id })).name).toBe('Bad Phone Co');
    // Undone once: a second undo is refused, and nothing changes.
    expect(await app.call('undo_activity', { activity_id: deleted.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /already undone/ },
    });
  });

  it('keeps before and after of an update, undoes it, and refuses when the record changed since', async () => {
    const { app, assistant, last } = await setUp();
    const c = ok<Customer>(
      await app.call('create_customer', { name: 'Ada', email: 'ada@x.test', phone: '+1 415 555 0100', tags: ['a'] }),
    );
    ok(await assistant('update_customer', { customer_id: c.id, name: 'Ada L.', phone: null, tags: ['a', 'vip'] }));
    const update = await last('update_customer');
    expect(update.changes).toEqual({
      before: { name: 'Ada', phone: '+1 415 555 0100', tags: ['a'] },
      after: { name: 'Ada L.', phone: null, tags: ['a', 'vip'] },
    });
    expect(update.subject).toEqual({ entity: 'customer', id: String(c.id), name: 'Ada' });

    // The person renames the customer afterwards: undoing the assistant's change would overwrite theirs.
    ok(await app.call('update_customer', { customer_id: c.id, name: 'Ada Lovelace', notes: 'Called' }));
    const refused = await app.call('undo_activity', { activity_id: update.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: /changed after this/ } });
    expect(ok<Customer>(await app.call('get_customer', { customer_id: c.id }))).toMatchObject({
      name: 'Ada Lovelace',
      phone: null,
      notes: 'Called',
    });

    // Undoing the person's later change first, then the assistant's, walks back to the start; a change
    // to another field (notes) does not stand in the way.
    ok(await app.call('undo_activity', { activity_id: (await last('update_customer')).id }));
    ok(await app.call('update_customer', { customer_id: c.id, notes: 'Called again' }));
    ok(await app.call('undo_activity', { activity_id: update.id }));
    expect(ok<Customer>(await app.call('get_customer', { customer_id: c.id }))).toMatchObject({
      name: 'Ada',
      phone: '+1 415 555 0100',
      tags: ['a'],
      notes: 'Called again',
    });
  });

  it('moves products to the trash and back; only the person deletes for good', async () => {
    const { app, assistant, last } = await setUp();
    const p = ok<Product>(
      await app.call('create_product', { sku: 'MUG-1', name: 'Blue mug', price: 9.5, initial_stock: 4 }),
    );
    ok(await assistant('delete_product', { product_id: 'MUG-1' }));
    expect(await app.call('get_product_details', { product_id: 'MUG-1' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: /in the trash/ },
    });
    expect(ok<{ items: Product[] }>(await app.call('search_products', { query: 'mug' })).items).toEqual([]);
    expect(await app.call('create_product', { sku: 'mug-1', name: 'Other', price: 1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /in the trash/ },
    });
    expect((await last('delete_product')).subject).toMatchObject({ entity: 'product', name: 'Blue mug' });

    // The trash is the person's: the assistant cannot purge, list or restore.
    for (const [name, input] of [
      ['purge_from_trash', { entity: 'product', id: p.id }],
      ['list_trash', {}],
      ['restore_product', { product_id: p.id }],
    ] as const) {
      expect(await assistant(name, input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    ok(await app.call('restore_product', { product_id: p.id }));
    expect(ok<Product>(await app.call('get_product_details', { product_id: p.id })).stock.on_hand).toBe(4);

    ok(await app.call('delete_product', { product_id: p.id }));
    const purged = ok<{ name: string }>(await app.call('purge_from_trash', { entity: 'product', id: p.id }));
    expect(purged.name).toBe('Blue mug');
    expect(ok<{ items: TrashItem[] }>(await app.call('list_trash', {})).items).toEqual([]);
    // Gone for good: the deletion's undo now says so.
    const refused = await app.call('undo_activity', { activity_id: (await last('delete_product')).id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', message: /no longer exists/ } });
  });

  it('hides reads on request, and the person’s own reads when asked for others’ only', async () => {
    const { app, assistant, entries } = await setUp();
    const c = ok<Customer>(await app.call('create_customer', { name: 'Grace', email: 'grace@x.test' }));
    ok(await app.call('get_customer', { customer_id: c.id }));
    ok(await assistant('get_customer', { customer_id: c.id }));
    const none = await entries({ reads: 'none' });
    expect(none.map((e) => e.operation)).toEqual(['create_customer', 'update_assistant_permissions']);
    const others = await entries({ reads: 'others' });
    const read = others.find((e) => e.operation === 'get_customer');
    expect(read).toMatchObject({ caller_kind: 'mcp', is_read: true, subject: { name: 'Grace' }, undoable: false });
    expect(others.filter((e) => e.operation === 'get_customer')).toHaveLength(1);
    // The person's own reads are not looked up: only the assistant's read names its record.
    expect((await entries({ entity: 'customer' })).map((e) => e.operation)).toEqual([
      'get_customer',
      'create_customer',
    ]);
    const facets = ok<{ entities: string[] }>(await app.call('list_activity_facets', {}));
    expect(facets.entities).toContain('customer');
  });

  it('refuses undo of entries without an inverse, from the assistant, and of unknown entries', async () => {
    const { app, assistant, last } = await setUp();
    ok(await app.call('create_customer', { name: 'Linus', email: 'linus@x.test' }));
    await app.call('get_customer', { customer_id: 1 });
    const read = await last('update_assistant_permissions');
    expect(await app.call('undo_activity', { activity_id: read.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: /cannot be undone/ },
    });
    expect(await app.call('undo_activity', { activity_id: 99_999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const created = await last('create_customer');
    expect(await assistant('undo_activity', { activity_id: created.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.call('undo_activity', { activity_id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    // Still there, untouched.
    expect(ok<Customer>(await app.call('get_customer', { customer_id: 1 })).version).toBe(1);
  });
});
