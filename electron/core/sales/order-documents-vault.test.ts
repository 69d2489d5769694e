import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputOf } from '../../../shared/contracts.js';
import type { Order } from '../../../shared/sales/orders.js';
import type { Document } from '../../../shared/vault.js';
import { giveEveryToolset, ok, tempDir, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

type Made = OutputOf<'render_order_document'>;
const claude: Caller = { kind: 'mcp', name: 'claude-ai' };

async function shop() {
  const vault = tempDir();
  const app = testApp({ vault });
  await giveEveryToolset(app);
  const customer = ok<{ id: number }>(await app.call('create_customer', { name: 'Ada Lovelace', email: 'ada@x.test' }));
  ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 12, initial_stock: 10 }));
  const order = ok<Order>(
    await app.call('create_order', { customer_id: customer.id, items: [{ product_id: 'MUG', quantity: 2 }] }),
  );
  return { app, vault, customer, order };
}

describe('invoices and packing slips saved to the vault', () => {
  it('keeps the PDF as a new, indexed document, tagged with its order, never over another file', async () => {
    const { app, vault, customer, order } = await shop();
    const first = ok<Made>(
      await app.call('render_order_document', { order_id: order.id, kind: 'invoice', save_to_vault: true }),
    );
    expect(first.document_id).toBe(`invoices/invoice-${order.id}.pdf`);
    const onDisk = readFileSync(join(vault, 'invoices', `invoice-${order.id}.pdf`));
    expect(onDisk.equals(Buffer.from(first.content, 'base64'))).toBe(true);
    expect(onDisk.subarray(0, 5).toString()).toBe('%PDF-');

    const doc = ok<{ document: Document }>(
      await app.call('download_document', { document_id: first.document_id }),
    ).document;
    expect(doc).toMatchObject({
      title: `Invoice for order #${order.id}`,
      tags: ['invoice', `order-${order.id}`],
      custom: { order_id: order.id, customer_id: customer.id, customer: 'Ada Lovelace' },
      file_type: 'pdf',
    });
    // Indexed: found by its tag, and its text searched like any PDF's.
    const tagged = ok<{ items: Document[] }>(
      await app.call('list_documents', { tag: `order-${order.id}`, recursive: true }),
    ).items;
    expect(tagged.map((d) => d.document_id)).toEqual([first.document_id]);
    const found = ok<{ items: { document_id: string }[] }>(
      await app.call('search_documents', { query: 'Lovelace' }),
    ).items;
    expect(found.map((d) => d.document_id)).toContain(first.document_id);

    // Saved again: a new name beside it. A file put there by hand (not yet picked up) is not replaced either.
    const second = ok<Made>(
      await app.call('render_order_document', { order_id: order.id, kind: 'invoice', save_to_vault: true }),
    );
    expect(second.document_id).toBe(`invoices/invoice-${order.id}-2.pdf`);
    writeFileSync(join(vault, 'invoices', `invoice-${order.id}-3.pdf`), 'mine');
    const third = ok<Made>(
      await app.call('render_order_document', { order_id: order.id, kind: 'invoice', save_to_vault: true }),
    );
    expect(third.document_id).toBe(`invoices/invoice-${order.id}-4.pdf`);
    expect(readFileSync(join(vault, 'invoices', `invoice-${order.id}-3.pdf`), 'utf8')).toBe('mine');
    expect(readFileSync(join(vault, 'invoices', `invoice-${order.id}.pdf`)).equals(onDisk)).toBe(true);

    // A packing slip, in a folder of the caller's choosing.
    mkdirSync(join(vault, 'clients'));
    const slip = ok<Made>(
      await app.call('render_order_document', {
        order_id: order.id,
        kind: 'packing_slip',
        save_to_vault: true,
        folder: 'clients/ada/',
      }),
    );
    expect(slip.document_id).toBe(`clients/ada/packing-slip-${order.id}.pdf`);
    expect(existsSync(join(vault, 'clients', 'ada', `packing-slip-${order.id}.pdf`))).toBe(true);

    // Without save_to_vault, nothing is written.
    const plain = ok<Made>(await app.call('render_order_document', { order_id: order.id, kind: 'invoice' }));
    expect(plain.document_id).toBeNull();
    expect(existsSync(join(vault, 'invoices', `invoice-${order.id}-5.pdf`))).toBe(false);
  });

  it('refuses a folder outside the vault, a folder without saving, and saving when documents are hidden', async () => {
    const { app, vault, order } = await shop();
    for (const folder of ['../outside', '/etc', '.hidden']) {
      expect(
        await app.call('render_order_document', { order_id: order.id, kind: 'invoice', save_to_vault: true, folder }),
        folder,
      ).toMatchObject({ ok: false, error: { issues: [{ path: 'folder' }] } });
    }
    expect(await app.call('render_order_document', { order_id: order.id, kind: 'invoice', folder: 'x' })).toMatchObject(
      { ok: false, error: { code: 'invalid_input', issues: [{ path: 'folder' }] } },
    );
    expect(existsSync(join(vault, 'invoices'))).toBe(false);
    expect(ok<{ items: unknown[] }>(await app.call('list_documents', {})).items).toEqual([]);

    // An assistant that may not see documents still gets the PDF, but may not put it in the vault.
    ok(await app.call('update_assistant_permissions', { hidden_data: ['documents'] }));
    const assistant = (input: unknown) => app.call('render_order_document', input, claude, 'mcp');
    expect(ok<Made>(await assistant({ order_id: order.id, kind: 'invoice' })).document_id).toBeNull();
    expect(await assistant({ order_id: order.id, kind: 'invoice', save_to_vault: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(existsSync(join(vault, 'invoices'))).toBe(false);
  });
});
