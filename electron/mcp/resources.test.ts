import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import {
  ErrorCode,
  McpError,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
  type Resource,
  type TextResourceContents,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityEntry } from '../../shared/activity.js';
import type { Customer } from '../../shared/customers.js';
import { createOfficina, type Officina } from '../core/app.js';
import { appSource, createMcpServer } from './server.js';
import { giveEveryToolset, giveEveryToolsetIn } from '../../test/helpers.js';

const RESOURCE_NOT_FOUND = -32002;
const BULK = 150;

type Page = { items: Customer[]; next_cursor: string | null };

/** The JSON text of a resource read's only content. */
function json<T>(contents: unknown[], uri: string): T {
  expect(contents).toHaveLength(1);
  const content = contents[0] as TextResourceContents;
  expect(content).toMatchObject({ uri, mimeType: 'application/json', text: expect.any(String) });
  return JSON.parse(content.text) as T;
}

/**
 * The protocol error a call fails with, its message as the server sent it: the SDK's client puts
 * "MCP error <code>: " in front, once (the server must not add its own as well).
 */
async function failure(call: Promise<unknown>): Promise<{ code: number; message: string; data: unknown }> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  const { code, message, data } = error as McpError;
  const prefix = `MCP error ${code}: `;
  expect(message.startsWith(prefix)).toBe(true);
  expect(message.slice(prefix.length)).not.toMatch(/^MCP error/);
  return { code, message: message.slice(prefix.length), data };
}

/** Resolves with the first notification `accept` returns true for, or rejects after `ms`. */
function waitFor<T>(ms: number, install: (accept: (value: T) => void) => void, what: string): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    install((value) => {
      clearTimeout(timer);
      resolvePromise(value);
    });
  });
}

describe('MCP resources, completions and prompts (SDK client, in memory)', () => {
  let dir: string;
  let app: Officina;
  const clients: Client[] = [];
  const customers = {} as Record<'ada' | 'adam' | 'grace', Customer>;

  const ui = { caller: { kind: 'ui' as const, name: 'test' }, face: 'ui' as const };
  const create = async (input: Record<string, unknown>): Promise<Customer> => {
    const envelope = await app.catalogue.call('create_customer', input, ui);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.data as Customer;
  };
  const update = async (input: Record<string, unknown>): Promise<void> => {
    const envelope = await app.catalogue.call('update_customer', input, ui);
    if (!envelope.ok) throw new Error(envelope.error.message);
  };

  async function connect(name = 'resources-test'): Promise<Client> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(clientSide);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'officina-resources-'));
    app = createOfficina({ dataDir: dir, watchOtherProcesses: false });
    await giveEveryToolset(app);
    customers.ada = await create({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      tags: ['vip'],
      notes: 'Prefers email.',
    });
    customers.adam = await create({ name: 'Adam Smith', email: 'adam@example.com' });
    customers.grace = await create({ name: 'Grace Hopper', email: 'grace@navy.example', status: 'inactive' });
    for (let i = 1; i <= BULK; i++) {
      await create({ name: `Person ${String(i).padStart(3, '0')}`, email: `person${i}@bulk.example` });
    }
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares resources (subscribe, listChanged), prompts and completions', async () => {
    const client = await connect();
    expect(client.getServerCapabilities()).toMatchObject({
      resources: { subscribe: true, listChanged: true },
      prompts: {},
      completions: {},
      tools: {},
    });
  });

  it('lists every customer as a resource, 100 a page, following nextCursor', async () => {
    const client = await connect();
    const first = await client.listResources();
    expect(first.resources).toHaveLength(100);
    expect(first.nextCursor).toEqual(expect.any(String));

    const all: Resource[] = [...first.resources];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await client.listResources({ cursor });
      all.push(...page.resources);
      cursor = page.nextCursor;
    }
    expect(all).toHaveLength(BULK + 3);
    expect(new Set(all.map((r) => r.uri)).size).toBe(all.length);

    const grace = all.find((r) => r.uri === `officina://customers/${customers.grace.id}`);
    expect(grace).toEqual({
      uri: `officina://customers/${customers.grace.id}`,
      name: 'Grace Hopper',
      title: `Grace Hopper (customer ${customers.grace.id})`,
      description: 'grace@navy.example · inactive',
      mimeType: 'application/json',
      annotations: { lastModified: customers.grace.updated_at },
    });
    expect(all.find((r) => r.name === 'Ada Lovelace')?.description).toBe('ada@example.com · active · tags: vip');
  });

  it('refuses a cursor it did not hand out (invalid params)', async () => {
    const client = await connect();
    const error = await failure(client.listResources({ cursor: 'not-a-cursor' }));
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/cursor is not valid here/);
  });

  it('lists the templates, and URIs expanded from them by RFC 6570 read back', async () => {
    const client = await connect();
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'officina://customers/{id}',
      'officina://customers{?query,status,tag,cursor}',
      'officina://orders/{id}',
      'officina://orders{?customer_id,status,start_date,end_date,cursor}',
      'officina://products/{id}',
      'officina://products{?query,category,cursor}',
      'officina://documents/{+path}',
      'officina://documents{?path,status,tag,cursor}',
      'officina://monitors/{id}',
      'officina://monitors{?status,cursor}',
      'officina://runs/{id}',
      'officina://runs{?workflow_id,status,cursor}',
    ]);
    for (const template of resourceTemplates) {
      expect(template).toMatchObject({ name: expect.any(String), title: expect.any(String) });
      // A document is its file, of its own type (each read says which); every other template is JSON.
      if (template.uriTemplate === 'officina://documents/{+path}') expect(template).not.toHaveProperty('mimeType');
      else expect(template.mimeType).toBe('application/json');
      expect(template.description?.length).toBeGreaterThan(40);
    }

    const one = new UriTemplate(resourceTemplates[0]!.uriTemplate).expand({ id: String(customers.ada.id) });
    expect(json<Customer>((await client.readResource({ uri: one })).contents, one)).toMatchObject({
      name: 'Ada Lovelace',
    });

    const list = new UriTemplate(resourceTemplates[1]!.uriTemplate);
    const inactive = list.expand({ status: 'inactive' });
    expect(inactive).toBe('officina://customers?status=inactive');
    expect(json<Page>((await client.readResource({ uri: inactive })).contents, inactive)).toEqual({
      items: [customers.grace],
      next_cursor: null,
    });
    const search = list.expand({ query: 'ada', tag: 'vip' });
    expect(json<Page>((await client.readResource({ uri: search })).contents, search).items.map((c) => c.id)).toEqual([
      customers.ada.id,
    ]);
  });

  it('reads one customer as the record get_customer returns', async () => {
    const client = await connect();
    const uri = `officina://customers/${customers.ada.id}`;
    const envelope = await app.catalogue.call('get_customer', { customer_id: customers.ada.id }, ui);
    expect(envelope.ok).toBe(true);
    expect(json<Customer>((await client.readResource({ uri })).contents, uri)).toEqual(
      envelope.ok ? envelope.data : undefined,
    );
  });

  it('reads the list URI a page at a time, with blank template fields ignored', async () => {
    const client = await connect();
    const first = json<Page>(
      (await client.readResource({ uri: 'officina://customers' })).contents,
      'officina://customers',
    );
    expect(first.items).toHaveLength(100);
    expect(first.next_cursor).toEqual(expect.any(String));
    const nextUri = `officina://customers?cursor=${first.next_cursor}`;
    const second = json<Page>((await client.readResource({ uri: nextUri })).contents, nextUri);
    expect(second.items).toHaveLength(BULK + 3 - 100);
    expect(second.next_cursor).toBeNull();
    expect(second.items.at(-1)?.id).toBe(customers.ada.id);

    const blank = 'officina://customers?query=&status=active';
    expect(json<Page>((await client.readResource({ uri: blank })).contents, blank).items).toHaveLength(100);
  });

  it('answers resource-not-found (-32002) for unknown customers and URIs, naming what exists', async () => {
    const client = await connect();
    const missing = await failure(client.readResource({ uri: 'officina://customers/999999' }));
    expect(missing.code).toBe(RESOURCE_NOT_FOUND);
    expect(missing.message).toMatch(/There is no customer with id 999999/);
    expect(missing.data).toMatchObject({ uri: 'officina://customers/999999', code: 'not_found' });

    for (const uri of [
      'test://static-text',
      'officina://invoices/1',
      'officina://customers/',
      'officina://customers/1/notes',
      'officina://customers/1?x=1',
      'not a uri',
    ]) {
      const error = await failure(client.readResource({ uri }));
      expect(error.code, uri).toBe(RESOURCE_NOT_FOUND);
      expect(error.message, uri).toContain(`Officina has no resource at ${uri}`);
      expect(error.message, uri).toContain('officina://customers/{id}');
      expect(error.data).toEqual({ uri });
    }
  });

  it('answers invalid params for a non-numeric id or a bad filter, naming the value', async () => {
    const client = await connect();
    const word = await failure(client.readResource({ uri: 'officina://customers/abc' }));
    expect(word.code).toBe(ErrorCode.InvalidParams);
    expect(word.message).toMatch(/^Cannot read officina:\/\/customers\/abc: .*customer_id.*integer id/);

    const filter = await failure(client.readResource({ uri: 'officina://customers?shoe=44' }));
    expect(filter.code).toBe(ErrorCode.InvalidParams);
    expect(filter.message).toMatch(/"shoe" is not a filter.*query, status, tag, cursor/);

    const status = await failure(client.readResource({ uri: 'officina://customers?status=gone' }));
    expect(status.code).toBe(ErrorCode.InvalidParams);
    expect(status.message).toMatch(/status must be "active" or "inactive"/);
  });

  it('completes customer ids from names and emails, with an honest total', async () => {
    const client = await connect();
    const ref = { type: 'ref/resource' as const, uri: 'officina://customers/{id}' };
    const ada = await client.complete({ ref, argument: { name: 'id', value: 'ada' } });
    expect(ada.completion).toEqual({
      values: [String(customers.adam.id), String(customers.ada.id)],
      total: 2,
      hasMore: false,
    });

    const navy = await client.complete({ ref, argument: { name: 'id', value: 'navy' } });
    expect(navy.completion.values).toEqual([String(customers.grace.id)]);

    const many = await client.complete({ ref, argument: { name: 'id', value: 'person' } });
    expect(many.completion.values).toHaveLength(20);
    expect(many.completion).toMatchObject({ total: BULK, hasMore: true });

    const none = await client.complete({ ref, argument: { name: 'id', value: 'zzzz' } });
    expect(none.completion).toEqual({ values: [], total: 0, hasMore: false });

    const status = await client.complete({
      ref: { type: 'ref/resource', uri: 'officina://customers{?query,status,tag,cursor}' },
      argument: { name: 'status', value: 'in' },
    });
    expect(status.completion.values).toEqual(['inactive']);

    const unknown = await failure(
      client.complete({
        ref: { type: 'ref/resource', uri: 'test://template/{id}' },
        argument: { name: 'id', value: '' },
      }),
    );
    expect(unknown.code).toBe(ErrorCode.InvalidParams);
    expect(unknown.message).toMatch(/^Officina has no resource template test:\/\/template\/\{id\} .*customers/);
  });

  it('lists the customer_brief prompt with its required argument', async () => {
    const client = await connect();
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      expect.objectContaining({
        name: 'customer_brief',
        title: 'Customer brief',
        description: expect.stringMatching(/brief/),
        arguments: [expect.objectContaining({ name: 'customer_id', required: true })],
      }),
      expect.objectContaining({
        name: 'sales_report',
        title: 'Sales report',
        arguments: [
          expect.objectContaining({ name: 'start_date', required: false }),
          expect.objectContaining({ name: 'end_date', required: false }),
          expect.objectContaining({ name: 'group_by', required: false }),
        ],
      }),
      expect.objectContaining({
        name: 'summarize_document',
        arguments: [
          expect.objectContaining({ name: 'document_id', required: true }),
          expect.objectContaining({ name: 'length', required: false }),
        ],
      }),
    ]);
  });

  it('gets sales_report with the period’s figures attached, and refuses a bad group_by', async () => {
    const client = await connect();
    const result = await client.getPrompt({ name: 'sales_report', arguments: { group_by: 'month' } });
    const [ask, figures] = result.messages;
    expect(ask?.content.type === 'text' ? ask.content.text : '').toMatch(/grouped by month.*top products/s);
    const embedded =
      figures?.content.type === 'resource' ? (figures.content.resource as TextResourceContents) : undefined;
    expect(JSON.parse(embedded?.text ?? 'null')).toMatchObject({
      group_by: 'month',
      currency: 'USD',
      totals: expect.any(Object),
    });
    const bad = await failure(client.getPrompt({ name: 'sales_report', arguments: { group_by: 'year' } }));
    expect(bad.code).toBe(ErrorCode.InvalidParams);
    expect(bad.message).toMatch(/^Cannot build the sales report: .*group_by/);
  });

  it('gets customer_brief: the ask, and the record embedded as a resource', async () => {
    const client = await connect();
    const result = await client.getPrompt({
      name: 'customer_brief',
      arguments: { customer_id: String(customers.ada.id) },
    });
    const uri = `officina://customers/${customers.ada.id}`;
    expect(result.messages).toHaveLength(3);
    const [ask, record, sales] = result.messages;
    expect(sales?.content.type === 'text' ? sales.content.text : '').toMatch(/Sales figures and recent orders/);
    expect(ask).toMatchObject({ role: 'user', content: { type: 'text' } });
    const text = ask?.content.type === 'text' ? ask.content.text : '';
    expect(text).toContain('Ada Lovelace');
    expect(text).toMatch(/status.*contact details.*tags and notes.*watch out for/s);
    expect(record).toEqual({
      role: 'user',
      content: { type: 'resource', resource: { uri, mimeType: 'application/json', text: expect.any(String) } },
    });
    const embedded =
      record?.content.type === 'resource' ? (record.content.resource as TextResourceContents) : undefined;
    expect(JSON.parse(embedded?.text ?? 'null')).toMatchObject({ id: customers.ada.id, notes: 'Prefers email.' });

    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'customer_brief' },
      argument: { name: 'customer_id', value: 'grace' },
    });
    expect(completion.completion.values).toEqual([String(customers.grace.id)]);
  });

  it('refuses customer_brief for an unknown, non-numeric or missing id, and an unknown prompt', async () => {
    const client = await connect();
    const missing = await failure(client.getPrompt({ name: 'customer_brief', arguments: { customer_id: '999999' } }));
    expect(missing.code).toBe(ErrorCode.InvalidParams);
    expect(missing.message).toMatch(/^Cannot brief customer "999999": There is no customer with id 999999/);

    const word = await failure(client.getPrompt({ name: 'customer_brief', arguments: { customer_id: 'ada' } }));
    expect(word.code).toBe(ErrorCode.InvalidParams);
    expect(word.message).toMatch(/^Cannot brief customer "ada": .*integer id/);

    const absent = await failure(client.getPrompt({ name: 'customer_brief', arguments: {} }));
    expect(absent.code).toBe(ErrorCode.InvalidParams);
    expect(absent.message).toMatch(/needs the argument customer_id/);

    const unknown = await failure(client.getPrompt({ name: 'test_simple_prompt' }));
    expect(unknown.code).toBe(ErrorCode.InvalidParams);
    expect(unknown.message).toMatch(/no prompt named "test_simple_prompt".*customer_brief/);

    const completion = await failure(
      client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt' }, argument: { name: 'arg1', value: '' } }),
    );
    expect(completion.code).toBe(ErrorCode.InvalidParams);
  });

  it('notifies subscribers of changes, stops after unsubscribe, and says when the list changes', async () => {
    const client = await connect();
    const updated: string[] = [];
    let listChanges = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanges++);
    const until = (done: () => boolean) => expect.poll(done, { timeout: 2_000, interval: 10 }).toBe(true);

    const adaUri = `officina://customers/${customers.ada.id}`;
    const graceUri = `officina://customers/${customers.grace.id}`;
    const inactiveUri = 'officina://customers?status=inactive';
    await client.subscribeResource({ uri: adaUri });
    await client.subscribeResource({ uri: inactiveUri });
    await update({ customer_id: customers.ada.id, notes: 'Prefers email; call after 10.' });
    await until(() => updated.includes(adaUri) && updated.includes(inactiveUri));
    expect(listChanges).toBe(0);

    await client.unsubscribeResource({ uri: adaUri });
    await client.unsubscribeResource({ uri: inactiveUri });
    await client.subscribeResource({ uri: graceUri });
    updated.length = 0;
    await update({ customer_id: customers.ada.id, notes: 'Unsubscribed: no notification.' });
    // Grace's update is the marker: once it arrives, Ada's earlier one would have too.
    await update({ customer_id: customers.grace.id, notes: 'Subscribed.' });
    await until(() => updated.includes(graceUri));
    expect(updated).toEqual([graceUri]);

    const added = await create({ name: 'Katherine Johnson', email: 'kj@example.com' });
    await until(() => listChanges === 1);
    const envelope = await app.catalogue.call('delete_customer', { customer_id: added.id }, ui);
    expect(envelope.ok).toBe(true);
    await until(() => listChanges === 2);
  });

  it('serves orders and products: read by id or SKU, pages with filters, subscriptions follow their changes', async () => {
    const client = await connect();
    const call = async <T>(name: string, input: Record<string, unknown>): Promise<T> => {
      const envelope = await app.catalogue.call(name, input, ui);
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.data as T;
    };
    const product = await call<{ id: number }>('create_product', {
      sku: 'RES-MUG',
      name: 'Resource mug',
      price: 9.5,
      initial_stock: 5,
    });
    const order = await call<{ id: number; total: number }>('create_order', {
      customer_id: customers.adam.id,
      items: [{ product_id: 'RES-MUG', quantity: 2 }],
    });

    const bySku = json<{ id: number; stock: { reserved: number } }>(
      (await client.readResource({ uri: 'officina://products/RES-MUG' })).contents,
      'officina://products/RES-MUG',
    );
    expect(bySku).toMatchObject({ id: product.id, stock: { reserved: 2 } });
    const orderUri = `officina://orders/${order.id}`;
    expect(
      json<{ status: string; total: number }>((await client.readResource({ uri: orderUri })).contents, orderUri),
    ).toMatchObject({
      status: 'pending',
      total: order.total,
    });
    const pendingUri = `officina://orders?customer_id=${customers.adam.id}&status=pending`;
    expect(
      json<{ items: { id: number }[] }>((await client.readResource({ uri: pendingUri })).contents, pendingUri).items,
    ).toEqual([expect.objectContaining({ id: order.id })]);
    const missing = await failure(client.readResource({ uri: 'officina://orders/999999' }));
    expect(missing.code).toBe(RESOURCE_NOT_FOUND);
    expect(missing.message).toMatch(/There is no order with id 999999/);

    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client.subscribeResource({ uri: orderUri });
    await client.subscribeResource({ uri: 'officina://products/RES-MUG' });
    await call('process_payment', { amount: order.total, currency: 'USD', payment_method: 'cash', order_id: order.id });
    await expect.poll(() => updated.includes(orderUri), { timeout: 2_000, interval: 10 }).toBe(true);
    await call('adjust_inventory', { product_id: product.id, change: 3, reason: 'received' });
    await expect
      .poll(() => updated.includes('officina://products/RES-MUG'), { timeout: 2_000, interval: 10 })
      .toBe(true);

    const ids = await client.complete({
      ref: { type: 'ref/resource', uri: 'officina://products/{id}' },
      argument: { name: 'id', value: 'resource' },
    });
    expect(ids.completion.values).toEqual(['RES-MUG']);
  });

  it('refuses to subscribe to what it does not serve or to a customer that does not exist', async () => {
    const client = await connect();
    const foreign = await failure(client.subscribeResource({ uri: 'test://watched-resource' }));
    expect(foreign.code).toBe(RESOURCE_NOT_FOUND);
    const missing = await failure(client.subscribeResource({ uri: 'officina://customers/999999' }));
    expect(missing.code).toBe(RESOURCE_NOT_FOUND);
    expect(missing.message).toMatch(/^Cannot subscribe to officina:\/\/customers\/999999: There is no customer/);
    // Unsubscribing from something never subscribed is not an error: the end state is the one asked for.
    await expect(client.unsubscribeResource({ uri: 'officina://customers/999999' })).resolves.toEqual({});
  });

  it('listens to the bus once per session, from the first resources request until the session closes', async () => {
    let listening = 0;
    const subscribe = app.bus.subscribe.bind(app.bus);
    const spy = vi.spyOn(app.bus, 'subscribe').mockImplementation((listener) => {
      listening++;
      const stop = subscribe(listener);
      return () => {
        listening--;
        stop();
      };
    });
    try {
      const client = await connect();
      expect(listening).toBe(0);
      await client.listResources();
      await client.subscribeResource({ uri: `officina://customers/${customers.ada.id}` });
      await client.readResource({ uri: `officina://customers/${customers.ada.id}` });
      expect(listening).toBe(1);
      await client.close();
      expect(listening).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads as the client, through the catalogue: reads are in the activity log and obey the person’s permissions', async () => {
    const client = await connect('activity-reader');
    await client.readResource({ uri: `officina://customers/${customers.grace.id}` });
    await expect
      .poll(
        async () => {
          const envelope = await app.catalogue.call('list_activity', { caller: 'activity-reader' }, ui);
          return envelope.ok
            ? (envelope.data as { items: ActivityEntry[] }).items.map((e) => [e.caller_kind, e.operation])
            : [];
        },
        { timeout: 5_000, interval: 100 },
      )
      .toEqual([['mcp', 'get_customer']]);

    const off = await app.catalogue.call('update_assistant_permissions', { disabled_tools: ['get_customer'] }, ui);
    expect(off.ok).toBe(true);
    try {
      const refused = await failure(client.readResource({ uri: `officina://customers/${customers.grace.id}` }));
      expect(refused.code).toBe(ErrorCode.InvalidRequest);
      expect(refused.message).toMatch(/turned "get_customer" off for assistants/);
    } finally {
      await app.catalogue.call('update_assistant_permissions', { disabled_tools: [] }, ui);
    }
  });
});

// The real `officina mcp`, as Claude Desktop starts it (out/node is built by test/global-setup.ts).
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/officina.mjs');

async function startCli(dataDir: string, name: string): Promise<{ client: Client; stderr: () => string }> {
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'warn'],
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

function toolData<T>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

describe('resource subscriptions across processes (two real `officina mcp` on one data directory)', () => {
  let dataDir: string;
  let a: Awaited<ReturnType<typeof startCli>>;
  let b: Awaited<ReturnType<typeof startCli>>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'officina-resources-2p-'));
    await giveEveryToolsetIn(dataDir);
    [a, b] = await Promise.all([startCli(dataDir, 'watcher'), startCli(dataDir, 'writer')]);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.client.close(), b?.client.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a write by the second process notifies the first one’s subscriber within 2 s', async () => {
    const created = toolData<Customer>(
      (await b.client.callTool({
        name: 'create_customer',
        arguments: { name: 'Hedy Lamarr', email: 'hedy@example.com' },
      })) as CallToolResult,
    );
    const uri = `officina://customers/${created.id}`;
    await a.client.subscribeResource({ uri });

    const updated = waitFor<string>(
      2_000,
      (accept) =>
        a.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
          if (n.params.uri === uri) accept(n.params.uri);
        }),
      `notifications/resources/updated for ${uri} (stderr A: ${a.stderr()} B: ${b.stderr()})`,
    );
    const result = (await b.client.callTool({
      name: 'update_customer',
      arguments: { customer_id: created.id, notes: 'Frequency hopping' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    await expect(updated).resolves.toBe(uri);

    const listChanged = waitFor<true>(
      2_000,
      (accept) => a.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => accept(true)),
      'notifications/resources/list_changed',
    );
    toolData<Customer>(
      (await b.client.callTool({
        name: 'create_customer',
        arguments: { name: 'Barbara Liskov', email: 'barbara@example.com' },
      })) as CallToolResult,
    );
    await expect(listChanged).resolves.toBe(true);

    const read = await a.client.readResource({ uri });
    expect(json<Customer>(read.contents, uri)).toMatchObject({ notes: 'Frequency hopping', version: 2 });
  });
});
