import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  ResourceListChangedNotificationSchema,
  type EmbeddedResource,
  type Resource,
  type TextResourceContents,
} from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createOfficina, type Officina } from '../core/app.js';
import { giveEveryToolset } from '../../test/helpers.js';
import { appSource, createMcpServer } from './server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CUSTOMERS = 60;
const PRODUCTS = 50;
const BULK_DOCUMENTS = 101;

/** Every kind of record as resources, and completion of every argument that has something to suggest. */
describe('MCP resources of every kind, and completions', () => {
  let dir: string;
  let app: Officina;
  const clients: Client[] = [];

  const person = async <T = { id: number }>(name: string, input: unknown): Promise<T> => {
    const envelope = await app.catalogue.call(name, input, { caller: { kind: 'ui', name: 'test' }, face: 'ui' });
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
    return envelope.data as T;
  };

  async function connect(): Promise<Client> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    const client = new Client({ name: 'kinds-test', version: '1' });
    await client.connect(clientSide);
    clients.push(client);
    return client;
  }

  async function listAll(client: Client): Promise<{ pages: Resource[][]; all: Resource[] }> {
    const pages: Resource[][] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listResources(cursor === undefined ? {} : { cursor });
      pages.push(page.resources);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { pages, all: pages.flat() };
  }

  const completion = async (ref: Parameters<Client['complete']>[0]['ref'], name: string, value: string) =>
    (await (clients[0] ?? (await connect())).complete({ ref, argument: { name, value } })).completion.values;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'officina-kinds-'));
    app = createOfficina({ dataDir: dir, vault: join(dir, 'vault'), logLevel: 'silent', watchOtherProcesses: false });
    await app.ready;
    await giveEveryToolset(app);
    const first = await person('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip'] });
    for (let i = 2; i <= CUSTOMERS; i++) {
      await person('create_customer', { name: `Person ${i}`, email: `person${i}@example.com`, tags: ['bulk'] });
    }
    const widget = await person('create_product', {
      sku: 'WID-1',
      name: 'Widget',
      price: 10,
      weight_kg: 1,
      category: 'tools',
      initial_stock: 100,
    });
    for (let i = 2; i <= PRODUCTS; i++) {
      await person('create_product', { sku: `BULK-${i}`, name: `Bulk ${i}`, price: 1, weight_kg: 1, category: 'bulk' });
    }
    for (let i = 0; i < 2; i++) {
      await person('create_order', { customer_id: first.id, items: [{ product_id: widget.id, quantity: 1 }] });
    }
    await person('upload_document', {
      content: '# Plan\n',
      destination: 'notes/plan.md',
      metadata: { title: 'The plan', tags: ['q3'] },
    });
    await person('upload_document', { content: 'Figures\n', destination: 'notes/Budget 2026.txt' });
    await person('upload_document', { content: 'More\n', destination: 'notes/deep/more.md' });
    await person('upload_document', { content: 'Read me\n', destination: 'readme.txt' });
    for (let i = 0; i < BULK_DOCUMENTS; i++) {
      await person('upload_document', { content: `n${i}\n`, destination: `bulk/${String(i).padStart(3, '0')}.txt` });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resources/list lists customers, orders, products and documents, 100 a page, each once', async () => {
    const client = await connect();
    const { pages, all } = await listAll(client);
    const documents = BULK_DOCUMENTS + 4;
    expect(pages.map((p) => p.length)).toEqual([100, 100, CUSTOMERS + 2 + PRODUCTS + documents - 200]);
    expect(new Set(all.map((r) => r.uri)).size).toBe(all.length);
    const kinds = all.map((r) => new URL(r.uri).host);
    // One collection after the other, in the templates' order.
    expect([...new Set(kinds)]).toEqual(['customers', 'orders', 'products', 'documents']);
    expect(kinds.filter((k) => k === 'customers')).toHaveLength(CUSTOMERS);
    expect(kinds.filter((k) => k === 'orders')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'products')).toHaveLength(PRODUCTS);
    expect(kinds.filter((k) => k === 'documents')).toHaveLength(documents);

    expect(all.find((r) => r.name === 'Widget')).toMatchObject({
      title: 'Widget (WID-1)',
      mimeType: 'application/json',
      description: expect.stringContaining('tools'),
    });
    expect(all.find((r) => r.uri.endsWith('plan.md'))).toMatchObject({
      uri: 'officina://documents/notes/plan.md',
      name: 'plan.md',
      title: 'The plan',
      mimeType: 'text/markdown',
      description: expect.stringContaining('tags: q3'),
    });
    // Every listed resource reads back, as the type it was listed with.
    for (const resource of all.filter((_, i) => i % 7 === 0 || i >= all.length - 110)) {
      const { contents } = await client.readResource({ uri: resource.uri });
      expect(contents[0]?.mimeType, resource.uri).toBe(resource.mimeType);
    }
  }, 60_000);

  it('says the list changed when records of any listed kind come or go, not when one is edited', async () => {
    const client = await connect();
    let changed = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void changed++);
    await client.listResources();
    const gadget = await person('create_product', { sku: 'GAD-1', name: 'Gadget', price: 5, weight_kg: 1 });
    await expect.poll(() => changed, { timeout: 3_000, interval: 20 }).toBe(1);
    await person('upload_document', { content: 'x\n', destination: 'notes/new.md' });
    await expect.poll(() => changed, { timeout: 3_000, interval: 20 }).toBe(2);
    await person('update_product', { product_id: gadget.id, price: 6 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changed).toBe(2);
    await person('delete_document', { document_id: 'notes/new.md' });
    await expect.poll(() => changed, { timeout: 3_000, interval: 20 }).toBe(3);
  });

  it('a page cursor of another kind is refused; after a hidden kind the list goes on with the next', async () => {
    const client = await connect();
    await expect(client.listResources({ cursor: 'eyJ4Ijp9' })).rejects.toThrow(/cursor is not valid here/);
    const first = await client.listResources();
    const envelope = await app.catalogue.call(
      'update_assistant_permissions',
      { hidden_data: ['sales'] },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
    );
    expect(envelope.ok).toBe(true);
    try {
      // The first page ended inside products, now hidden: the next page starts with the documents.
      const next = await client.listResources({ cursor: first.nextCursor });
      expect(new Set(next.resources.map((r) => new URL(r.uri).host))).toEqual(new Set(['documents']));
    } finally {
      await app.catalogue.call(
        'update_assistant_permissions',
        { hidden_data: [] },
        { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
      );
    }
  });

  it('a document reads as its file’s type; the template names none, and the prompt embeds what a read gives', async () => {
    const client = await connect();
    const template = (await client.listResourceTemplates()).resourceTemplates.find(
      (t) => t.uriTemplate === 'officina://documents/{+path}',
    );
    expect(template).toBeDefined();
    expect(template).not.toHaveProperty('mimeType');
    for (const [path, uri, mimeType] of [
      ['notes/plan.md', 'officina://documents/notes/plan.md', 'text/markdown'],
      ['notes/Budget 2026.txt', 'officina://documents/notes/Budget%202026.txt', 'text/plain'],
    ] as const) {
      const read = (await client.readResource({ uri })).contents[0] as TextResourceContents;
      expect(read).toMatchObject({ uri, mimeType });
      const prompt = await client.getPrompt({ name: 'summarize_document', arguments: { document_id: path } });
      const embedded = prompt.messages.find((m) => m.content.type === 'resource')?.content as EmbeddedResource;
      expect(embedded.resource).toEqual({ uri, mimeType, text: read.text });
    }
  });

  it('the documents list template pages with its cursor variable', async () => {
    const client = await connect();
    const template = (await client.listResourceTemplates()).resourceTemplates.find((t) =>
      t.uriTemplate.startsWith('officina://documents{'),
    );
    expect(template?.uriTemplate).toBe('officina://documents{?path,status,tag,cursor}');
    const page = (uri: string) =>
      client.readResource({ uri }).then(
        (r) =>
          JSON.parse((r.contents[0] as TextResourceContents).text) as {
            items: unknown[];
            next_cursor: string | null;
          },
      );
    const first = await page('officina://documents?path=bulk');
    expect(first.items).toHaveLength(100);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await page(`officina://documents?path=bulk&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    expect(second).toMatchObject({ items: [expect.anything()], next_cursor: null });
  });

  it('completes document paths a folder at a time, for the template and summarize_document', async () => {
    const documentRef = { type: 'ref/resource' as const, uri: 'officina://documents/{+path}' };
    const promptRef = { type: 'ref/prompt' as const, name: 'summarize_document' };
    for (const [ref, argument] of [
      [documentRef, 'path'],
      [promptRef, 'document_id'],
    ] as const) {
      expect(await completion(ref, argument, '')).toEqual(['bulk/', 'notes/', 'readme.txt']);
      expect(await completion(ref, argument, 'notes/')).toEqual([
        'notes/Budget 2026.txt',
        'notes/deep/',
        'notes/plan.md',
      ]);
      expect(await completion(ref, argument, 'notes/pl')).toEqual(['notes/plan.md']);
      expect(await completion(ref, argument, 'no-such-folder/x')).toEqual([]);
    }
    expect(await completion(promptRef, 'length', 'd')).toEqual(['detailed']);
  });

  it('completes every other variable and argument that has values to suggest', async () => {
    const documents = { type: 'ref/resource' as const, uri: 'officina://documents{?path,status,tag,cursor}' };
    expect(await completion(documents, 'path', '')).toEqual(['bulk/', 'notes/']);
    expect(await completion(documents, 'path', 'notes/')).toEqual(['notes/deep/']);
    expect(await completion(documents, 'status', 'a')).toEqual(['approved', 'archived']);
    expect(await completion(documents, 'tag', '')).toEqual(['q3']);
    expect(await completion(documents, 'cursor', '')).toEqual([]);

    const customers = { type: 'ref/resource' as const, uri: 'officina://customers{?query,status,tag,cursor}' };
    expect((await completion(customers, 'tag', '')).sort()).toEqual(['bulk', 'vip']);
    expect(await completion(customers, 'tag', 'V')).toEqual(['vip']);

    const orders = {
      type: 'ref/resource' as const,
      uri: 'officina://orders{?customer_id,status,start_date,end_date,cursor}',
    };
    const ada = await completion(orders, 'customer_id', 'ada');
    expect(ada).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    for (const argument of ['start_date', 'end_date']) {
      const dates = await completion(orders, argument, '');
      expect(dates).toContain(today);
      expect(dates).toContain(`${today.slice(0, 7)}-01`);
      for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await completion(orders, argument, today)).toEqual([today]);
    }

    const products = { type: 'ref/resource' as const, uri: 'officina://products{?query,category,cursor}' };
    expect(await completion(products, 'category', 't')).toEqual(['tools']);

    const report = { type: 'ref/prompt' as const, name: 'sales_report' };
    expect(await completion(report, 'start_date', today)).toEqual([today]);
    expect(await completion(report, 'group_by', 'w')).toEqual(['week']);
  });

  it('completions follow what the person shares: a hidden kind’s refs are refused, a filter drawing on one suggests nothing', async () => {
    const client = await connect();
    const share = async (hidden: string[]) => {
      const envelope = await app.catalogue.call(
        'update_assistant_permissions',
        { hidden_data: hidden },
        { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
      );
      expect(envelope.ok).toBe(true);
    };
    await share(['documents', 'customers']);
    try {
      for (const ref of [
        { type: 'ref/prompt' as const, name: 'summarize_document' },
        { type: 'ref/resource' as const, uri: 'officina://documents/{+path}' },
      ]) {
        const argument = ref.type === 'ref/prompt' ? 'document_id' : 'path';
        await expect(client.complete({ ref, argument: { name: argument, value: '' } })).rejects.toThrow(
          /has not shared documents with assistants/,
        );
      }
      // Orders stay shared (without their customers): their customer_id filter suggests no customers.
      const orders = {
        type: 'ref/resource' as const,
        uri: 'officina://orders{?customer_id,status,start_date,end_date,cursor}',
      };
      expect(
        (await client.complete({ ref: orders, argument: { name: 'customer_id', value: '' } })).completion.values,
      ).toEqual([]);
      expect(
        (await client.complete({ ref: orders, argument: { name: 'status', value: 'pa' } })).completion.values,
      ).toEqual(['paid']);
    } finally {
      await share([]);
    }
  });
});
