import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/customers.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

type Imported = {
  rows: number;
  imported: number;
  committed: boolean;
  bad_rows: { line: number; field: string | null; message: string }[];
  columns: { column: string; field: string | null }[];
  preview: { line: number; values: Record<string, string> }[];
  warnings: { line: number; field: string | null; message: string }[];
  skipped: { line: number; message: string }[];
};

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/imports', name), 'utf8');

async function customerByEmail(app: ReturnType<typeof testApp>, email: string): Promise<Customer> {
  return ok<Customer>(await app.call('get_customer', { email }));
}

describe('importing the exports shops bring from Shopify and HubSpot', () => {
  it("reads Shopify's customers export: names joined, codes, tags, a city without a street, a doubtful phone", async () => {
    const app = testApp();
    const dry = ok<Imported>(
      await app.call('import_csv', { entity: 'customers', content: fixture('shopify-customers.csv'), dry_run: true }),
    );
    expect(dry).toMatchObject({ rows: 5, imported: 0, committed: false });
    const fieldOf = Object.fromEntries(dry.columns.map((c) => [c.column, c.field]));
    expect(fieldOf).toMatchObject({
      'First Name': 'name',
      'Last Name': 'name',
      Email: 'email',
      Company: null,
      Address1: 'address_line1',
      'Province Code': 'region',
      'Country Code': 'country',
      Zip: 'postal_code',
      Phone: 'phone',
      Tags: 'tags',
      Note: 'notes',
      'Total Spent': null,
    });
    expect(dry.preview[0]).toMatchObject({
      line: 2,
      values: { name: 'Russell Winfield', email: 'russel.winfield@example.com', city: 'Toronto', country: 'CA' },
    });
    expect(dry.bad_rows).toEqual([{ line: 6, field: 'email', message: expect.any(String) }]);
    expect(dry.warnings).toEqual([{ line: 5, field: 'phone', message: expect.stringMatching(/"555-12".*check it/) }]);
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });

    const done = ok<Imported>(
      await app.call('import_csv', {
        entity: 'customers',
        content: fixture('shopify-customers.csv'),
        on_error: 'skip_bad_rows',
      }),
    );
    expect(done).toMatchObject({ rows: 5, imported: 4, committed: true });
    expect(await customerByEmail(app, 'russel.winfield@example.com')).toMatchObject({
      name: 'Russell Winfield',
      phone: '+16135550135',
      phone_e164: '+16135550135',
      tags: ['VIP', 'wholesale'],
      notes: 'This customer is created with most available fields',
      address: { line1: '105 Victoria St', city: 'Toronto', region: 'Ontario', postal_code: 'M5C1N7', country: 'CA' },
    });
    expect((await customerByEmail(app, 'karine.ruby@example.com')).address).toEqual({
      city: 'San Francisco',
      region: 'California',
      postal_code: '94103',
      country: 'US',
    });
    expect((await customerByEmail(app, 'ayumu.hirano@example.com')).address).toEqual({ country: 'JP' });
    expect(await customerByEmail(app, 'bad.phone@example.com')).toMatchObject({ phone: '555-12', phone_e164: null });
  });

  it("reads HubSpot's contacts export, country names included, and names a country it cannot place", async () => {
    const app = testApp();
    const result = ok<Imported>(
      await app.call('import_csv', {
        entity: 'customers',
        content: fixture('hubspot-contacts.csv'),
        on_error: 'skip_bad_rows',
      }),
    );
    expect(result).toMatchObject({ rows: 4, imported: 3, committed: true });
    expect(result.bad_rows).toEqual([
      { line: 5, field: 'country', message: 'Use a two-letter ISO 3166 country code, like US, DE or JP' },
    ]);
    expect(result.columns.filter((c) => c.field === null).map((c) => c.column)).toEqual([
      'Record ID',
      'Company Name',
      'Lifecycle Stage',
      'Contact owner',
      'Create Date',
    ]);
    expect(await customerByEmail(app, 'maria.johnson@example.com')).toMatchObject({
      name: 'Maria Johnson',
      phone_e164: '+16175550142',
      address: { line1: '2 Canal Park', city: 'Cambridge', region: 'MA', postal_code: '02141', country: 'US' },
    });
    expect((await customerByEmail(app, 'brian@example.org')).address).toEqual({ city: 'Dublin', country: 'IE' });
    expect((await customerByEmail(app, 'olga.schmidt@example.de')).address).toMatchObject({ country: 'DE' });
  });

  it("reads Shopify's products export: variants under a handle, HTML as text, grams, image rows skipped", async () => {
    const app = testApp();
    const result = ok<Imported>(
      await app.call('import_csv', {
        entity: 'products',
        content: fixture('shopify-products.csv'),
        on_error: 'skip_bad_rows',
      }),
    );
    expect(result).toMatchObject({ rows: 5, imported: 3, committed: true });
    expect(result.skipped).toEqual([{ line: 4, message: expect.stringMatching(/image row/) }]);
    expect(result.bad_rows).toEqual([{ line: 6, field: 'price', message: expect.any(String) }]);
    const small = ok<Record<string, unknown>>(await app.call('get_product_details', { product_id: 'SHIRT-BLUE-S' }));
    expect(small).toMatchObject({
      name: 'Ocean Blue Shirt – S',
      description: 'Ocean blue cotton shirt with a narrow collar & buttons down the front.\nLong sleeves.',
      category: 'Shirts',
      price: 50,
      weight_kg: 0.2,
      tags: ['men', 'summer'],
      stock: { on_hand: 12 },
    });
    expect(
      ok<Record<string, unknown>>(await app.call('get_product_details', { product_id: 'SHIRT-BLUE-M' })),
    ).toMatchObject({
      name: 'Ocean Blue Shirt – M',
      category: 'Shirts',
      tags: ['men', 'summer'],
      stock: { on_hand: 5 },
    });
    expect(
      ok<Record<string, unknown>>(await app.call('get_product_details', { product_id: 'MUG-CLASSIC' })),
    ).toMatchObject({ name: 'Classic Mug', price: 12.5, stock: { on_hand: 40 } });
  });

  it('takes a mapping for columns it does not know, and refuses one that names no column or no field', async () => {
    const app = testApp();
    const content = 'Kunde,E-Mail-Adresse,City,Land\nJonas Weber,jonas@example.de,München,Deutschland\n';
    const unmapped = await app.call('import_csv', { entity: 'customers', content });
    expect(unmapped).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'header' }] } });
    expect(JSON.stringify(unmapped)).toMatch(/No column gives the name or the email of each customer/);
    // A dry run shows the columns and rows all the same, for the mapping to be made.
    const checked = ok<Imported>(await app.call('import_csv', { entity: 'customers', content, dry_run: true }));
    expect(checked).toMatchObject({
      rows: 1,
      committed: false,
      bad_rows: [{ line: 1, field: 'header', message: expect.stringMatching(/No column gives the name or the email/) }],
      columns: [
        { column: 'Kunde', field: null },
        { column: 'E-Mail-Adresse', field: null },
        { column: 'City', field: 'city' },
        { column: 'Land', field: null },
      ],
      preview: [{ line: 2, values: { city: 'München' } }],
    });

    const mapping = { Kunde: 'name', 'E-Mail-Adresse': 'email', Land: null };
    const result = ok<Imported>(await app.call('import_csv', { entity: 'customers', content, mapping }));
    expect(result).toMatchObject({ imported: 1, committed: true });
    expect(result.columns).toEqual([
      { column: 'Kunde', field: 'name' },
      { column: 'E-Mail-Adresse', field: 'email' },
      { column: 'City', field: 'city' },
      { column: 'Land', field: null },
    ]);
    expect((await customerByEmail(app, 'jonas@example.de')).address).toEqual({ city: 'München' });

    const noColumn = await app.call('import_csv', { entity: 'customers', content, mapping: { Stadt: 'city' } });
    expect(noColumn).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'mapping.Stadt' }] },
    });
    const noField = await app.call('import_csv', { entity: 'customers', content, mapping: { Kunde: 'company' } });
    expect(noField).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'mapping.Kunde' }] } });
    expect(JSON.stringify(noField)).toMatch(/not a field of customers/);
    expect(app.store.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 1 });
  });
});

describe('exporting what a list shows, as CSV or Excel', () => {
  it('keeps the list filters, and writes an xlsx workbook inline (base64) or to a new file', async () => {
    const folder = tempDir();
    const app = testApp({ allowPaths: [folder] });
    ok(await app.call('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip'] }));
    ok(await app.call('create_customer', { name: 'Grace Hopper', email: 'grace@example.com', tags: ['vip'] }));
    ok(await app.call('create_customer', { name: 'Alan Turing', email: 'alan@example.com' }));
    ok(
      await app.call('create_product', { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', price: 3, initial_stock: 9 }),
    );
    ok(await app.call('create_product', { sku: 'TEE-1', name: 'Tee', category: 'Shirts', price: 9, initial_stock: 9 }));

    const vip = ok<{ rows: number; content: string }>(
      await app.call('export_csv', { entity: 'customers', tag: 'vip' }),
    );
    expect(vip.rows).toBe(2);
    expect(vip.content).toContain('Ada Lovelace');
    expect(vip.content).not.toContain('Alan Turing');
    const searched = ok<{ rows: number; content: string }>(
      await app.call('export_csv', { entity: 'customers', query: 'gra' }),
    );
    expect(searched.rows).toBe(1);
    const kitchen = ok<{ rows: number; content: string }>(
      await app.call('export_csv', { entity: 'products', category: 'kitchen' }),
    );
    expect(kitchen).toMatchObject({ rows: 1 });
    expect(kitchen.content).toContain('MUG-1');

    const ada = await customerByEmail(app, 'ada@example.com');
    ok(await app.call('create_order', { customer_id: ada.id, items: [{ product_id: 'MUG-1', quantity: 1 }] }));
    const hers = ok<{ rows: number }>(await app.call('export_csv', { entity: 'orders', customer_id: ada.id }));
    const others = ok<{ rows: number }>(
      await app.call('export_csv', {
        entity: 'orders',
        customer_id: (await customerByEmail(app, 'alan@example.com')).id,
      }),
    );
    expect([hers.rows, others.rows]).toEqual([1, 0]);
    // As the orders list filters them: by payment and by fulfilment.
    const paidOrder = ok<{ id: number; total: number }>(
      await app.call('create_order', { customer_id: ada.id, items: [{ product_id: 'TEE-1', quantity: 1 }] }),
    );
    ok(
      await app.call('process_payment', {
        order_id: paidOrder.id,
        amount: paidOrder.total,
        currency: 'USD',
        payment_method: 'cash',
      }),
    );
    const paid = ok<{ rows: number; content: string }>(
      await app.call('export_csv', { entity: 'orders', payment_status: 'paid' }),
    );
    expect(paid.rows).toBe(1);
    expect(paid.content).toContain('TEE-1');
    const unfulfilled = ok<{ rows: number }>(
      await app.call('export_csv', { entity: 'orders', fulfillment_status: 'unfulfilled', payment_status: 'unpaid' }),
    );
    expect(unfulfilled.rows).toBe(1);
    expect(await app.call('export_csv', { entity: 'customers', payment_status: 'paid' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        issues: [{ path: 'payment_status', message: 'payment_status filters orders only' }],
      },
    });

    const inline = ok<{ format: string; content: string; bytes: number }>(
      await app.call('export_csv', { entity: 'customers', format: 'xlsx', tag: 'vip' }),
    );
    expect(inline.format).toBe('xlsx');
    const workbook = Buffer.from(inline.content, 'base64');
    expect(workbook.length).toBe(inline.bytes);
    expect(workbook.subarray(0, 2).toString()).toBe('PK');

    const file = join(folder, 'customers.xlsx');
    const written = ok<{ destination_path: string; rows: number }>(
      await app.call('export_csv', { entity: 'customers', format: 'xlsx', destination_path: file }),
    );
    expect(written).toMatchObject({ destination_path: file, rows: 3 });
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    const wrong = await app.call('export_csv', { entity: 'orders', tag: 'vip' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'tag' }] } });
  });
});
