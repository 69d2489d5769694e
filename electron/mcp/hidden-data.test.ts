import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { DataKind } from '../../shared/data-kinds.js';
import { leaks, seedSentinels, type Seeded } from '../../test/hidden-data.js';
import { giveEveryToolset, ok, tempDir, testApp } from '../../test/helpers.js';
import type { Officina } from '../core/app.js';
import { appSource, createMcpServer } from './server.js';

async function connect(app: Officina): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(app)).connect(serverSide);
  const client = new Client({ name: 'claude', version: '1' });
  await client.connect(clientSide);
  return client;
}

/** What the client is told, or the error it gets, as text. */
async function answer(request: Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await request);
  } catch (error) {
    const { message, data } = error as { message: string; data?: unknown };
    return JSON.stringify({ error: message, data });
  }
}

/** Everything an MCP client can ask besides tools: resources, templates, prompts, completions. */
async function sweep(client: Client, s: Seeded): Promise<Record<string, string>> {
  const read = (uri: string) => answer(client.readResource({ uri }));
  const complete = (ref: Parameters<Client['complete']>[0]['ref'], name: string, value: string) =>
    answer(client.complete({ ref, argument: { name, value } }));
  return {
    'resources/list': await answer(client.listResources()),
    'resources/templates/list': await answer(client.listResourceTemplates()),
    'read customer': await read(`officina://customers/${s.customerId}`),
    'read customers': await read('officina://customers'),
    'read customers query': await read('officina://customers?query=zen'),
    'read order': await read(`officina://orders/${s.shippedOrderId}`),
    'read orders': await read('officina://orders'),
    'read product': await read(`officina://products/${s.productId}`),
    'read products': await read('officina://products'),
    'read document': await read('officina://documents/private/plan.md'),
    'read documents': await read('officina://documents?path=private'),
    'read top documents': await read('officina://documents'),
    'prompts/list': await answer(client.listPrompts()),
    customer_brief: await answer(
      client.getPrompt({ name: 'customer_brief', arguments: { customer_id: String(s.customerId) } }),
    ),
    sales_report: await answer(client.getPrompt({ name: 'sales_report', arguments: {} })),
    summarize_document: await answer(
      client.getPrompt({ name: 'summarize_document', arguments: { document_id: 'private/plan.md' } }),
    ),
    'complete customer id': await complete({ type: 'ref/resource', uri: 'officina://customers/{id}' }, 'id', 'z'),
    'complete brief customer': await complete({ type: 'ref/prompt', name: 'customer_brief' }, 'customer_id', ''),
    'complete order id': await complete({ type: 'ref/resource', uri: 'officina://orders/{id}' }, 'id', ''),
    'complete product': await complete({ type: 'ref/resource', uri: 'officina://products/{id}' }, 'id', 's'),
    'complete document path': await complete({ type: 'ref/resource', uri: 'officina://documents/{+path}' }, 'path', ''),
    'complete document in folder': await complete(
      { type: 'ref/resource', uri: 'officina://documents/{+path}' },
      'path',
      'private/',
    ),
    'complete summarized document': await complete(
      { type: 'ref/prompt', name: 'summarize_document' },
      'document_id',
      'private/',
    ),
    'complete document folder': await complete(
      { type: 'ref/resource', uri: 'officina://documents{?path,status,tag,cursor}' },
      'path',
      '',
    ),
    'complete document tag': await complete(
      { type: 'ref/resource', uri: 'officina://documents{?path,status,tag,cursor}' },
      'tag',
      '',
    ),
    'complete customer tag': await complete(
      { type: 'ref/resource', uri: 'officina://customers{?query,status,tag,cursor}' },
      'tag',
      '',
    ),
    'complete orders by customer': await complete(
      { type: 'ref/resource', uri: 'officina://orders{?customer_id,status,start_date,end_date,cursor}' },
      'customer_id',
      '',
    ),
    'complete category': await complete(
      { type: 'ref/resource', uri: 'officina://products{?query,category,cursor}' },
      'category',
      '',
    ),
  };
}

async function seededClient(hidden: DataKind[], options: { watchVault?: boolean } = {}) {
  const vault = tempDir();
  const app = testApp({ vault, watchVault: options.watchVault ?? false });
  await app.ready;
  const seeded = await seedSentinels(app, vault);
  await giveEveryToolset(app);
  ok(await app.call('update_assistant_permissions', { hidden_data: hidden }));
  const client = await connect(app);
  return { app, seeded, client };
}

describe('hidden data over MCP: resources, prompts, completions, notifications', () => {
  it('with nothing hidden, the sweep sees customers, sales and documents (so it can see a leak)', async () => {
    const { seeded, client } = await seededClient([]);
    try {
      const all = Object.values(await sweep(client, seeded)).join('\n');
      for (const kind of ['customers', 'sales', 'documents'] as const) expect(leaks(all, kind), kind).not.toEqual([]);
    } finally {
      await client.close();
    }
  });

  it.each([['customers'], ['sales'], ['documents'], ['activity']] as [DataKind][])(
    'with %s hidden, no resource, prompt or completion shows any of it',
    async (kind) => {
      const { seeded, client } = await seededClient([kind]);
      try {
        const answers = await sweep(client, seeded);
        const leaked = Object.entries(answers).flatMap(([what, text]) => leaks(text, kind).map((s) => `${what}: ${s}`));
        expect(leaked).toEqual([]);
      } finally {
        await client.close();
      }
    },
    60_000,
  );

  it('lists only the templates, prompts and resources whose data is shared', async () => {
    const { app, client } = await seededClient(['customers']);
    try {
      const hosts = async () => new Set((await client.listResources()).resources.map((r) => new URL(r.uri).host));
      expect(await hosts()).toEqual(new Set(['orders', 'products', 'documents']));
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates.some((t) => t.startsWith('officina://customers'))).toBe(false);
      expect(templates).toContain('officina://orders/{id}');
      const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
      expect(prompts).toEqual(['sales_report', 'summarize_document']);
      await expect(client.readResource({ uri: 'officina://customers/1' })).rejects.toThrow(
        /has not shared customers with assistants/,
      );

      ok(await app.call('update_assistant_permissions', { hidden_data: ['documents'] }));
      const now = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(now.some((t) => t.startsWith('officina://documents'))).toBe(false);
      expect(now).toContain('officina://customers/{id}');
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['customer_brief', 'sales_report']);
      expect(await hosts()).toEqual(new Set(['customers', 'orders', 'products']));
    } finally {
      await client.close();
    }
  });

  it('stops notifying changes of a hidden document, and says the resource list changed', async () => {
    const { app, seeded, client } = await seededClient([], { watchVault: true });
    try {
      const updated: string[] = [];
      let listChanged = 0;
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
      const doc = 'officina://documents/private/plan.md';
      await client.subscribeResource({ uri: doc });
      await client.subscribeResource({ uri: 'officina://orders' });
      const edit = (text: string) =>
        app.call('upload_document', { content: text, destination: 'private/plan.md', overwrite: true });
      ok(await edit('SENTINEL-DOC-BODY three\n'));
      await expect.poll(() => updated.includes(doc), { timeout: 3_000, interval: 20 }).toBe(true);

      ok(await app.call('update_assistant_permissions', { hidden_data: ['documents'] }));
      await expect.poll(() => listChanged, { timeout: 3_000, interval: 20 }).toBeGreaterThan(0);
      updated.length = 0;
      ok(await edit('SENTINEL-DOC-BODY four\n'));
      ok(await app.call('update_order_status', { order_id: seeded.cancellableOrderId, status: 'cancelled' }));
      // The order's notification shows notifications still flow; the document's never came.
      await expect.poll(() => updated.includes('officina://orders'), { timeout: 3_000, interval: 20 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(updated).not.toContain(doc);
    } finally {
      await client.close();
    }
  });

  it('an MCP client cannot change what is hidden', async () => {
    const { app, client } = await seededClient(['customers']);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('update_assistant_permissions');
      const result = (await client.callTool({
        name: 'update_assistant_permissions',
        arguments: { hidden_data: [] },
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/forbidden/);
      expect(app.services.permissions.get().hidden_data).toEqual(['customers']);
    } finally {
      await client.close();
    }
  });
});
