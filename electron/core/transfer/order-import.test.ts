import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import writeXlsx, { type SheetData } from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

type Imported = {
  rows: number;
  imported: number;
  ready: number;
  committed: boolean;
  bad_rows: { line: number; field: string | null; message: string }[];
  warnings: { line: number; field: string | null; message: string }[];
  columns: { column: string; field: string | null }[];
};

/** The columns of Shopify's orders export that matter here, in its order, with some it has beside them. */
const SHOPIFY_HEADER =
  'Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Total,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Notes';

/** A workbook written by write-excel-file, the library Officina's own export uses. */
async function writeWorkbook(file: string, rows: SheetData): Promise<void> {
  writeFileSync(file, await writeXlsx(rows, { dateFormat: 'yyyy-mm-dd' }).toBuffer());
}

async function shop() {
  const app = testApp();
  ok(await app.call('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com' }));
  ok(await app.call('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' }));
  ok(await app.call('create_product', { sku: 'MUG-1', name: 'Mug', price: 12, initial_stock: 10 }));
  ok(await app.call('create_product', { sku: 'TEE-1', name: 'Tee', price: 20, initial_stock: 10 }));
  return app;
}

const count = (app: ReturnType<typeof testApp>, table: string) =>
  (app.store.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('importing orders', () => {
  it("reads Shopify's orders export: rows grouped by Name, customers by email, products by SKU", async () => {
    const app = await shop();
    const csv = [
      SHOPIFY_HEADER,
      '#1001,ada@example.com,paid,,USD,44,5,49,2,Mug,12.00,MUG-1,Gift wrap',
      '#1001,,,,,,,,1,Tee,20.00,TEE-1,',
      '#1002,grace@example.com,paid,,USD,20,0,20,1,Tee,18.00,TEE-1,',
    ].join('\n');
    const dry = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv, dry_run: true }));
    expect(dry).toMatchObject({ rows: 3, ready: 2, imported: 0, committed: false, bad_rows: [] });
    expect(count(app, 'orders')).toBe(0);
    expect(dry.columns.filter((c) => c.field !== null)).toEqual([
      { column: 'Name', field: 'order_ref' },
      { column: 'Email', field: 'email' },
      { column: 'Shipping', field: 'shipping' },
      { column: 'Lineitem quantity', field: 'quantity' },
      { column: 'Lineitem name', field: 'item_name' },
      { column: 'Lineitem price', field: 'price' },
      { column: 'Lineitem sku', field: 'sku' },
      { column: 'Notes', field: 'notes' },
    ]);
    // The catalog prices the order: a different price in the file is a warning on its line.
    expect(dry.warnings).toEqual([{ line: 4, field: 'price', message: expect.stringMatching(/catalog 20/) }]);

    const done = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv }));
    expect(done).toMatchObject({ imported: 2, committed: true });
    const orders = ok<{ items: { id: number; customer_name: string; total: number; item_count: number }[] }>(
      await app.call('list_orders', { sort: 'created_at', order: 'asc' }),
    ).items;
    expect(orders.map((o) => [o.customer_name, o.item_count])).toEqual([
      ['Ada Lovelace', 2],
      ['Grace Hopper', 1],
    ]);
    const first = ok<{ shipping: number; notes: string; items: { sku: string; quantity: number }[] }>(
      await app.call('get_order', { order_id: orders[0]!.id }),
    );
    expect(first).toMatchObject({ shipping: 5, notes: 'Gift wrap' });
    expect(first.items.map((i) => [i.sku, i.quantity])).toEqual([
      ['MUG-1', 2],
      ['TEE-1', 1],
    ]);
    // Stock is reserved as create_order reserves it.
    expect(
      ok<{ stock: { reserved: number } }>(await app.call('get_product_details', { product_id: 'TEE-1' })).stock,
    ).toMatchObject({ reserved: 2 });
  });

  it('refuses an order whole when one of its lines names an unknown SKU or customer, by line', async () => {
    const app = await shop();
    const csv = [
      'Name,Email,Lineitem quantity,Lineitem sku',
      '#1,ada@example.com,1,MUG-1',
      '#1,ada@example.com,1,NOPE-9',
      '#2,nobody@example.com,1,MUG-1',
      '#3,grace@example.com,two,MUG-1',
      '#3,grace@example.com,1,TEE-1',
      '#4,grace@example.com,3,TEE-1',
    ].join('\n');
    const all = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv }));
    expect(all).toMatchObject({ imported: 0, committed: false });
    expect(count(app, 'orders')).toBe(0);
    expect(all.bad_rows).toEqual([
      { line: 2, field: null, message: expect.stringMatching(/another line of order #1/) },
      { line: 3, field: 'sku', message: 'No product has the SKU NOPE-9; add it to the catalog first' },
      { line: 4, field: 'email', message: expect.stringMatching(/No customer has the email nobody@example.com/) },
      { line: 5, field: 'quantity', message: 'quantity must be a whole number, not "two"' },
      { line: 6, field: null, message: expect.stringMatching(/another line of order #3/) },
    ]);

    const some = ok<Imported>(
      await app.call('import_csv', { entity: 'orders', content: csv, on_error: 'skip_bad_rows' }),
    );
    expect(some).toMatchObject({ imported: 1, committed: true });
    expect(count(app, 'orders')).toBe(1);
    expect(count(app, 'order_items')).toBe(1);
  });

  it('refuses an order whose stock is short, and says which line', async () => {
    const app = await shop();
    const csv = ['order_ref,email,sku,quantity', 'A,ada@example.com,MUG-1,1', 'A,ada@example.com,TEE-1,99'].join('\n');
    const result = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv }));
    expect(result.bad_rows).toEqual([
      { line: 2, field: null, message: expect.stringMatching(/another line/) },
      { line: 3, field: 'sku', message: expect.stringMatching(/TEE-1/) },
    ]);
    expect(count(app, 'orders')).toBe(0);
    expect(count(app, 'stock_movements')).toBe(2);
  });

  it('skips the orders of a file imported before, by their order reference, in a dry run too', async () => {
    const app = await shop();
    const csv = [
      'Name,Email,Lineitem quantity,Lineitem sku',
      '#1001,ada@example.com,1,MUG-1',
      '#1001,ada@example.com,2,TEE-1',
      '#1002,grace@example.com,1,NOPE-9',
      '#1003,grace@example.com,1,MUG-1',
    ].join('\n');
    // First run: #1002 names an unknown SKU and is left out; the others are placed.
    const first = ok<Imported>(
      await app.call('import_csv', { entity: 'orders', content: csv, on_error: 'skip_bad_rows' }),
    );
    expect(first).toMatchObject({ imported: 2, committed: true });
    const placed = ok<{ items: { id: number }[] }>(await app.call('list_orders', { sort: 'id', order: 'asc' })).items;
    const [a, b] = placed.map((o) => o.id);
    expect(ok<{ import_ref: string | null }>(await app.call('get_order', { order_id: a })).import_ref).toBe('#1001');
    const reserved = async () =>
      ok<{ stock: { reserved: number } }>(await app.call('get_product_details', { product_id: 'MUG-1' })).stock
        .reserved;
    expect(await reserved()).toBe(2);

    // The SKU is added and the same file imported again: only #1002 is new.
    ok(await app.call('create_product', { sku: 'NOPE-9', name: 'Found', price: 3, initial_stock: 5 }));
    const dry = ok<Imported & { skipped: { line: number; message: string; order_id?: number }[] }>(
      await app.call('import_csv', { entity: 'orders', content: csv, dry_run: true }),
    );
    expect(dry).toMatchObject({ ready: 1, imported: 0, committed: false, bad_rows: [] });
    expect(dry.skipped).toEqual([
      { line: 2, message: `Already imported: order #1001 → order ${a} in Officina`, order_id: a },
      { line: 3, message: `Already imported: order #1001 → order ${a} in Officina`, order_id: a },
      { line: 5, message: `Already imported: order #1003 → order ${b} in Officina`, order_id: b },
    ]);
    const again = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv }));
    expect(again).toMatchObject({ imported: 1, committed: true, bad_rows: [] });
    expect(count(app, 'orders')).toBe(3);
    expect(await reserved()).toBe(2);
    // A third run places nothing at all.
    const third = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: csv }));
    expect(third).toMatchObject({ imported: 0, ready: 0, bad_rows: [] });
    expect(count(app, 'orders')).toBe(3);
    expect(count(app, 'order_items')).toBe(4);
  });

  it('asks for the columns it needs, and for one customer per order', async () => {
    const app = await shop();
    expect(await app.call('import_csv', { entity: 'orders', content: 'Name,Email\n#1,ada@example.com' })).toMatchObject(
      {
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/No column gives the SKU or the quantity/) },
      },
    );
    const two = [
      'Name,Email,Lineitem sku,Lineitem quantity',
      '#1,ada@example.com,MUG-1,1',
      '#1,grace@example.com,TEE-1,1',
    ];
    const result = ok<Imported>(await app.call('import_csv', { entity: 'orders', content: two.join('\n') }));
    expect(result.bad_rows[1]).toMatchObject({
      line: 3,
      field: 'email',
      message: expect.stringMatching(/two customers/),
    });
  });
});

describe('importing Excel workbooks', () => {
  it('imports customers from an .xlsx file through the same columns and checks as CSV', async () => {
    const folder = tempDir();
    const file = join(folder, 'contacts.xlsx');
    await writeWorkbook(file, [
      ['First Name', 'Last Name', 'Email', 'Zip', 'Joined'],
      ['Ada', 'Lovelace', 'ada@example.com', '01234', new Date(Date.UTC(2020, 0, 2))],
      ['No', 'Email', null, 99, null],
    ]);
    const app = testApp({ allowPaths: [folder] });
    const result = ok<Imported>(
      await app.call('import_csv', { entity: 'customers', file_path: file, on_error: 'skip_bad_rows' }),
    );
    expect(result).toMatchObject({ rows: 2, imported: 1, committed: true });
    expect(result.bad_rows).toEqual([{ line: 3, field: 'email', message: expect.any(String) }]);
    const ada = ok<{ items: { name: string; address: { postal_code: string } }[] }>(
      await app.call('list_customers', { query: 'ada' }),
    ).items[0];
    expect(ada).toMatchObject({ name: 'Ada Lovelace', address: { postal_code: '01234' } });
  });

  it('takes a workbook inline in base64, and refuses one that is not a workbook', async () => {
    const app = await shop();
    const folder = tempDir();
    const file = join(folder, 'products.xlsx');
    await writeWorkbook(file, [
      ['SKU', 'Title', 'Price'],
      ['CAP-1', 'Cap', 19.9],
    ]);
    const { readFileSync } = await import('node:fs');
    const content = readFileSync(file).toString('base64');
    ok(await app.call('import_csv', { entity: 'products', content, format: 'xlsx' }));
    expect(ok<{ price: number }>(await app.call('get_product_details', { product_id: 'CAP-1' })).price).toBe(19.9);

    const before = count(app, 'products');
    const notZip = Buffer.from('name,email\nA,a@example.com').toString('base64');
    expect(await app.call('import_csv', { entity: 'products', content: notZip, format: 'xlsx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/not an Excel workbook/) },
    });
    expect(await app.call('import_csv', { entity: 'products', content: 'not base64!', format: 'xlsx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'content' }] },
    });
    expect(await app.call('import_csv', { entity: 'products', content: '', format: 'xlsx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/empty/) },
    });
    const broken = join(folder, 'broken.xlsx');
    writeFileSync(broken, Buffer.from('PK\u0003\u0004 truncated'));
    const allowed = testApp({ allowPaths: [folder] });
    expect(await allowed.call('import_csv', { entity: 'customers', file_path: broken })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'file_path' }] },
    });
    expect(count(app, 'products')).toBe(before);
  });
});
