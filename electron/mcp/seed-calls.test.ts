import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveEveryToolset, ok } from '../../test/helpers.js';
import { createOfficina, type Officina } from '../core/app.js';
import { appSource, createMcpServer } from './server.js';

/*
 * The seed tutorial's calls, as its Python signatures let a client make them (../shared/seed/README.md):
 * every optional parameter the caller leaves out is sent as null, dicts are free-form, enums are the
 * seed's words. Each row is one call through the real SDK client, checked for what it means (the seed's
 * totals, the payment settling the order), not only for success.
 *
 * Left out: the scraper tools (scrape_website, scrape_multiple_pages, extract_emails,
 * extract_phone_numbers, extract_social_media_links, monitor_website_changes): they need a site.
 */
const SEED_TOOLS = [
  'create_customer',
  'get_customer',
  'update_customer',
  'list_customers',
  'create_order',
  'get_order',
  'update_order_status',
  'get_customer_analytics',
  'get_order_analytics',
  'search_products',
  'get_product_details',
  'process_payment',
  'refund_payment',
  'calculate_shipping',
  'create_shipment',
  'check_inventory',
  'reserve_inventory',
  'upload_document',
  'download_document',
  'delete_document',
  'list_documents',
  'search_documents',
  'update_document_metadata',
  'create_workflow',
  'get_workflow',
  'list_workflows',
  'execute_workflow',
  'get_execution_status',
  'get_workflow_metrics',
];

type Data = Record<string, unknown> & { items?: Record<string, unknown>[] };
interface State {
  allowed: string;
  ids: Record<string, number>;
  txn: Record<string, string>;
}
interface Row {
  tool: string;
  /** What the row shows, for its test name. */
  shows: string;
  args: (s: State) => Record<string, unknown>;
  check: (data: Data, s: State) => void | Promise<void>;
}

const US_DESTINATION = { country: 'US', postal_code: '94105' };

const ROWS: Row[] = [
  {
    tool: 'create_customer',
    shows: 'phone and address left out as null',
    args: () => ({ name: 'Ada Lovelace', email: 'ada@example.com', phone: null, address: null }),
    check: (d, s) => {
      expect(d).toMatchObject({ name: 'Ada Lovelace', phone: null, address: null, status: 'active' });
      s.ids['ada'] = d['id'] as number;
    },
  },
  {
    tool: 'create_customer',
    shows: 'the address as the seed’s string',
    args: () => ({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phone: '+1 415 555 0100',
      address: '1 Market St',
    }),
    check: (d, s) => {
      expect(d).toMatchObject({ phone_e164: '+14155550100', address: { line1: '1 Market St' } });
      s.ids['grace'] = d['id'] as number;
    },
  },
  {
    tool: 'get_customer',
    shows: 'by email, customer_id null',
    args: () => ({ customer_id: null, email: 'ADA@example.com' }),
    check: (d, s) => expect(d['id']).toBe(s.ids['ada']),
  },
  {
    tool: 'get_customer',
    shows: 'by id, email null',
    args: (s) => ({ customer_id: s.ids['grace'], email: null }),
    check: (d) => expect(d['name']).toBe('Grace Hopper'),
  },
  {
    tool: 'update_customer',
    shows: 'the seed’s **updates',
    args: (s) => ({
      customer_id: s.ids['ada'],
      phone: '+44 20 7946 0000',
      address: '12 St James Sq',
      status: 'active',
    }),
    check: (d) => expect(d).toMatchObject({ phone: '+44 20 7946 0000', address: { line1: '12 St James Sq' } }),
  },
  {
    tool: 'list_customers',
    shows: 'status null, limit and offset',
    args: () => ({ status: null, limit: 100, offset: 0 }),
    check: (d) => expect(d.items?.map((c) => c['name']).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']),
  },
  {
    tool: 'list_customers',
    shows: 'a status and a page',
    args: () => ({ status: 'active', limit: 1, offset: 1 }),
    check: (d) => expect(d.items).toHaveLength(1),
  },
  {
    tool: 'search_products',
    shows: 'query with every filter null',
    args: () => ({ query: 'mug', category: null, min_price: null, max_price: null, limit: 20 }),
    check: (d) => expect(d.items?.map((p) => [p['sku'], p['price']])).toEqual([['MUG-RED', 12.5]]),
  },
  {
    tool: 'search_products',
    shows: 'prices as decimals, category in any case',
    args: () => ({ query: 'lamp', category: 'LIGHTING', min_price: 20, max_price: 40.5, limit: 20 }),
    check: (d) => expect(d.items?.map((p) => p['sku'])).toEqual(['LAMP']),
  },
  {
    tool: 'get_product_details',
    shows: 'the id as a string',
    args: (s) => ({ product_id: String(s.ids['mug']) }),
    check: (d) => expect(d).toMatchObject({ sku: 'MUG-RED', stock: { available: 20 } }),
  },
  {
    tool: 'check_inventory',
    shows: 'the default quantity as the seed sends it',
    args: (s) => ({ product_id: String(s.ids['mug']), quantity: 1 }),
    check: (d) => expect(d).toMatchObject({ enough: true, available: 20 }),
  },
  {
    tool: 'reserve_inventory',
    shows: 'a SKU',
    args: () => ({ product_id: 'LAMP', quantity: 1 }),
    check: (d) => expect(d).toMatchObject({ status: 'active', quantity: 1, stock: { available: 4 } }),
  },
  {
    tool: 'create_order',
    shows: 'the seed’s items with prices: the total is the seed’s, no shipping added',
    // Ada has an address now: shipping is only on an order that asks for it.
    args: (s) => ({
      customer_id: s.ids['ada'],
      items: [
        { product_id: 'MUG-RED', quantity: 2, price: 12.5 },
        { product_id: String(s.ids['lamp']), quantity: 1, price: 30 },
      ],
    }),
    check: (d, s) => {
      // The seed: sum(price × quantity) = 2 × 12.5 + 30.
      expect(d).toMatchObject({ subtotal: 55, shipping: 0, tax: 0, total: 55, status: 'pending', warnings: [] });
      expect(d['shipping_service']).toBeNull();
      s.ids['order'] = d['id'] as number;
    },
  },
  {
    tool: 'get_order',
    shows: 'what is due',
    args: (s) => ({ order_id: s.ids['order'] }),
    check: (d) => expect(d).toMatchObject({ total: 55, balance_due: 55, status: 'pending' }),
  },
  {
    tool: 'process_payment',
    shows: 'credit_card and the seed’s customer_info; the seed’s total settles the order',
    // order_id is Officina's own optional parameter: how a payment is tied to an order.
    args: (s) => ({
      amount: 55,
      currency: 'USD',
      payment_method: 'credit_card',
      customer_info: { id: 'cust-7', name: 'Ada Lovelace', email: 'ada@example.com', address: '12 St James Sq' },
      order_id: s.ids['order'],
    }),
    check: async (d, s) => {
      expect(d).toMatchObject({
        amount: 55,
        payment_method: 'credit_card',
        provider: 'manual',
        customer_info: { id: 'cust-7', name: 'Ada Lovelace', address: '12 St James Sq' },
      });
      expect((d['warnings'] as string[]).join(' ')).toMatch(/records a payment received.*does not charge/i);
      s.txn['order'] = d['transaction_id'] as string;
      const order = await call('get_order', { order_id: s.ids['order'] });
      expect(order).toMatchObject({ status: 'paid', balance_due: 0, paid: 55 });
    },
  },
  {
    tool: 'process_payment',
    shows: '"card" is a card terminal',
    args: () => ({ amount: 10.5, currency: 'usd', payment_method: 'card', customer_info: { name: 'Walk-in' } }),
    check: (d, s) => {
      expect(d).toMatchObject({ amount: 10.5, currency: 'USD', payment_method: 'card_terminal' });
      s.txn['card'] = d['transaction_id'] as string;
    },
  },
  {
    tool: 'process_payment',
    shows: 'paypal, recorded as given',
    args: () => ({
      amount: 20,
      currency: 'EUR',
      payment_method: 'paypal',
      customer_info: { email: 'g@example.com', id: 42 },
    }),
    check: (d) => {
      expect(d).toMatchObject({ payment_method: 'paypal', customer_info: { id: 42 } });
      expect((d['warnings'] as string[]).join(' ')).toMatch(/does not charge/);
    },
  },
  {
    tool: 'update_order_status',
    shows: 'a seed status',
    args: (s) => ({ order_id: s.ids['order'], status: 'processing' }),
    check: (d) => expect(d['status']).toBe('processing'),
  },
  {
    tool: 'calculate_shipping',
    shows: 'country and postal code only; an item with only quantity weighs 1 kg; unknown keys ignored',
    args: () => ({
      items: [
        { weight: 2, price: 50, quantity: 2 },
        { quantity: 1, name: 'Gift card' },
      ],
      destination: US_DESTINATION,
    }),
    check: (d) => {
      // The seed: 10 + 0.5 × (2×2 + 1) kg + 2% × 100 = 14.5; Express ×1.5, Overnight ×2.
      expect(d.items?.map((q) => [q['label'], q['cost']])).toEqual([
        ['Standard', 14.5],
        ['Express', 21.75],
        ['Overnight', 29],
      ]);
      expect(d['destination']).toEqual(US_DESTINATION);
      const warnings = (d['warnings'] as string[]).join('\n');
      expect(warnings).toMatch(/items\.1.*1 kg/);
      expect(warnings).toMatch(/items\.1.*name/);
    },
  },
  {
    tool: 'calculate_shipping',
    shows: 'the common address spellings, normalised in the answer',
    args: () => ({
      items: [{ product_id: 'MUG-RED', quantity: 3 }],
      destination: { street: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105', country: 'us' },
    }),
    check: (d) => {
      // 10 + 0.5 × 1.2 kg + 2% × 37.50 = 11.35.
      expect(d.items?.[0]).toMatchObject({ service: 'standard', cost: 11.35 });
      expect(d['destination']).toEqual({
        line1: '1 Market St',
        city: 'San Francisco',
        region: 'CA',
        postal_code: '94105',
        country: 'US',
      });
      expect(d['warnings']).toEqual([]);
    },
  },
  {
    tool: 'create_shipment',
    shows: 'the quote’s label as the service',
    args: () => ({ items: [{ weight: 2, price: 50, quantity: 2 }], destination: US_DESTINATION, service: 'Standard' }),
    check: (d) => expect(d).toMatchObject({ service: 'standard', cost: 14, destination: US_DESTINATION }),
  },
  {
    tool: 'create_shipment',
    shows: 'a service in capitals, the address as `address`',
    args: () => ({
      items: [{ weight: 2, price: 50, quantity: 2 }],
      destination: { address: '1 Market St', zip: '94105', country: 'US' },
      service: 'EXPRESS',
    }),
    check: (d) =>
      expect(d).toMatchObject({
        service: 'express',
        cost: 21,
        destination: { line1: '1 Market St', postal_code: '94105', country: 'US' },
      }),
  },
  {
    tool: 'refund_payment',
    shows: 'amount null refunds the rest, and the order with it',
    args: (s) => ({ transaction_id: s.txn['order'], amount: null }),
    check: (d) => expect(d).toMatchObject({ amount: 55, order_status: 'refunded', payment: { refundable: 0 } }),
  },
  {
    tool: 'refund_payment',
    shows: 'a decimal amount',
    args: (s) => ({ transaction_id: s.txn['card'], amount: 5.25 }),
    check: (d) => expect(d).toMatchObject({ amount: 5.25, payment: { refunded: 5.25, refundable: 5.25 } }),
  },
  {
    tool: 'get_customer_analytics',
    shows: 'no parameters',
    args: () => ({}),
    check: (d) => expect(d).toMatchObject({ currency: 'USD', totals: { customers_with_orders: 1, orders: 1 } }),
  },
  {
    tool: 'get_order_analytics',
    shows: 'no parameters',
    args: () => ({}),
    check: (d) => expect(d).toMatchObject({ totals: { orders: 1, gross: 55, refunds: 55, net: 0 } }),
  },
  {
    tool: 'upload_document',
    shows: 'the seed’s free-form metadata, destination null',
    args: (s) => ({
      file_path: join(s.allowed, 'report.txt'),
      destination: null,
      metadata: { author: 'Ada', category: 'finance' },
    }),
    check: (d) =>
      expect(d).toMatchObject({ document_id: 'report.txt', custom: { author: 'Ada', category: 'finance' } }),
  },
  {
    tool: 'upload_document',
    shows: 'into a folder, metadata null',
    args: (s) => ({ file_path: join(s.allowed, 'plan.md'), destination: 'reports/2026/plan.md', metadata: null }),
    check: (d) => expect(d).toMatchObject({ document_id: 'reports/2026/plan.md', custom: {} }),
  },
  {
    tool: 'update_document_metadata',
    shows: 'free-form keys merged as custom fields; title and tags keep their meaning',
    args: () => ({
      document_id: 'report.txt',
      metadata: {
        author: 'Ada L.',
        keywords: ['revenue', 'q1'],
        reviewed: true,
        title: 'Q1 report',
        tags: ['finance'],
      },
    }),
    check: (d) =>
      expect(d).toMatchObject({
        title: 'Q1 report',
        tags: ['finance'],
        custom: { author: 'Ada L.', category: 'finance', keywords: ['revenue', 'q1'], reviewed: true },
      }),
  },
  {
    tool: 'list_documents',
    shows: 'path "" lists every document below, as the seed did',
    args: () => ({ path: '', include_metadata: false }),
    check: (d) => {
      expect(d.items?.map((doc) => doc['document_id'])).toEqual(['report.txt', 'reports/2026/plan.md']);
      expect(d.items?.[0]?.['custom']).toEqual({});
    },
  },
  {
    tool: 'list_documents',
    shows: 'a folder, with metadata',
    args: () => ({ path: 'reports', include_metadata: true }),
    check: (d) => expect(d.items?.map((doc) => doc['document_id'])).toEqual(['reports/2026/plan.md']),
  },
  {
    tool: 'search_documents',
    shows: 'filters null',
    args: () => ({ query: 'revenue', file_types: null, metadata_filters: null }),
    check: (d) => expect(d.items?.map((doc) => doc['document_id'])).toEqual(['report.txt']),
  },
  {
    tool: 'search_documents',
    shows: 'the seed’s extensions with a dot and a custom field filter',
    args: () => ({ query: 'revenue', file_types: ['.txt'], metadata_filters: { author: 'Ada L.' } }),
    check: (d) => expect(d.items?.map((doc) => doc['document_id'])).toEqual(['report.txt']),
  },
  {
    tool: 'download_document',
    shows: 'inline, destination_path null',
    args: () => ({ document_id: 'report.txt', destination_path: null }),
    check: (d) => expect(d).toMatchObject({ encoding: 'utf8', content: 'Quarterly revenue grew in Q1.\n' }),
  },
  {
    tool: 'download_document',
    shows: 'to a file in an allowed folder',
    args: (s) => ({ document_id: 'report.txt', destination_path: join(s.allowed, 'copy.txt') }),
    check: (_d, s) => expect(readFileSync(join(s.allowed, 'copy.txt'), 'utf8')).toContain('revenue'),
  },
  {
    tool: 'delete_document',
    shows: 'by its path',
    args: () => ({ document_id: 'reports/2026/plan.md' }),
    check: async (d) => {
      expect(d['deleted_at']).toEqual(expect.any(String));
      const left = await call('list_documents', { path: '', include_metadata: false });
      expect(left.items?.map((doc) => doc['document_id'])).toEqual(['report.txt']);
    },
  },
  {
    tool: 'create_workflow',
    shows: 'the seed’s steps as they are: null condition, retry_count and timeout',
    args: (s) => ({
      workflow_id: 'onboarding',
      name: 'Onboarding',
      steps: [
        {
          id: 'find',
          name: 'Find Ada',
          tool_name: 'get_customer',
          parameters: { customer_id: s.ids['ada'] },
          condition: null,
          retry_count: 1,
          timeout: 30,
        },
        {
          id: 'vip',
          name: 'Only for VIPs',
          tool_name: 'list_customers',
          parameters: { status: 'active' },
          condition: 'context.vip',
        },
        {
          id: 'after',
          name: 'After find',
          tool_name: 'get_customer',
          parameters: { email: 'ada@example.com' },
          condition: 'step_find',
        },
      ],
    }),
    check: (d) => expect(d).toMatchObject({ workflow_id: 'onboarding', version: 1, steps: [{ id: 'find' }, {}, {}] }),
  },
  {
    tool: 'get_workflow',
    shows: 'the definition back, step for step',
    args: () => ({ workflow_id: 'onboarding' }),
    check: (d) =>
      expect((d['steps'] as { tool_name: string }[]).map((x) => x.tool_name)).toEqual([
        'get_customer',
        'list_customers',
        'get_customer',
      ]),
  },
  {
    tool: 'list_workflows',
    shows: 'no parameters',
    args: () => ({}),
    check: (d) => expect(d.items?.map((w) => w['workflow_id'])).toContain('onboarding'),
  },
  {
    tool: 'execute_workflow',
    shows: 'with a context and no wait: the finished run, context.<key> and step_<id> as the seed meant them',
    args: () => ({ workflow_id: 'onboarding', context: { vip: false } }),
    check: (d, s) => {
      expect(d).toMatchObject({ status: 'completed', execution_status: 'completed', steps_executed: 2 });
      expect((d['steps'] as { step_id: string; status: string }[]).map((x) => x.status)).toEqual([
        'completed',
        'skipped',
        'completed',
      ]);
      s.ids['run'] = d['execution_id'] as number;
    },
  },
  {
    tool: 'get_execution_status',
    shows: 'the run by its id, each step with its output',
    args: (s) => ({ execution_id: String(s.ids['run']) }),
    check: (d) => expect((d['steps'] as { output: { email?: string } }[])[0]?.output.email).toBe('ada@example.com'),
  },
  {
    tool: 'get_workflow_metrics',
    shows: 'workflow_id left out as null',
    args: () => ({ workflow_id: null }),
    check: (d) => expect(d).toMatchObject({ total_executions: 1, successful_executions: 1, success_rate: 1 }),
  },
];

let client: Client;
let app: Officina;
let root: string;
const state: State = { allowed: '', ids: {}, txn: {} };

async function call(tool: string, args: Record<string, unknown>): Promise<Data> {
  const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  if (result.isError) {
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    throw new Error(`${tool} refused ${JSON.stringify(args)}:\n${text}`);
  }
  return result.structuredContent as Data;
}

describe('the seed’s calls, as its signatures make them, through the MCP SDK client', () => {
  // One Officina for the whole table: the rows build on each other, as a conversation would.
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'officina-seed-'));
    state.allowed = join(root, 'allowed');
    mkdirSync(state.allowed);
    writeFileSync(join(state.allowed, 'report.txt'), 'Quarterly revenue grew in Q1.\n');
    writeFileSync(join(state.allowed, 'plan.md'), '# Plan\n\nShip the mugs in May.\n');
    app = createOfficina({
      dataDir: join(root, 'data'),
      vault: join(root, 'vault'),
      allowPaths: [state.allowed],
      logLevel: 'silent',
      watchOtherProcesses: false,
      watchVault: false,
    });
    await app.ready;
    // The seed's tools span every toolset; a new installation gives assistants customers and documents.
    await giveEveryToolset(app);
    const person = (name: string, input: unknown) =>
      app.catalogue.call(name, input, { caller: { kind: 'ui', name: 'test' }, face: 'ui' });
    // The person's catalog: the seed has no tool to add products.
    const mug = ok(
      await person('create_product', {
        sku: 'MUG-RED',
        name: 'Red mug',
        category: 'Kitchen',
        price: 12.5,
        weight_kg: 0.4,
        initial_stock: 20,
      }),
    );
    const lamp = ok(
      await person('create_product', {
        sku: 'LAMP',
        name: 'Desk lamp',
        category: 'Lighting',
        price: 30,
        weight_kg: 1.2,
        initial_stock: 5,
      }),
    );
    state.ids['mug'] = mug['id'] as number;
    state.ids['lamp'] = lamp['id'] as number;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    client = new Client({ name: 'seed-client', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client.close();
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('covers every seed tool but the scraper’s, and each is on tools/list', async () => {
    expect([...new Set(ROWS.map((r) => r.tool))].sort()).toEqual([...SEED_TOOLS].sort());
    const listed = (await client.listTools()).tools.map((t) => t.name);
    expect(listed).toEqual(expect.arrayContaining(SEED_TOOLS));
  });

  for (const row of ROWS) {
    it(`${row.tool}: ${row.shows}`, async () => {
      await row.check(await call(row.tool, row.args(state)), state);
    });
  }

  it('every optional parameter takes null as not given, as the instructions say; tools/list lists null only where it clears', async () => {
    // Said once, to every client, instead of in every schema.
    expect(client.getInstructions()).toContain(
      'For an optional parameter, null is the same as leaving it out, except in updates, where null clears the field.',
    );

    // The seed's callers send null for every parameter they leave out: the server takes it as left out.
    // All of a tool's optional parameters as null get the answer the call without them gets (the same
    // refusal, word for word, or success); a null refused anywhere would add its own issue.
    const { tools } = await client.listTools();
    const answer = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      return result.isError ? `refused: ${text}` : 'done';
    };
    let compared = 0;
    for (const tool of tools) {
      const required = new Set(tool.inputSchema.required ?? []);
      const optional = Object.keys(tool.inputSchema.properties ?? {}).filter((name) => !required.has(name));
      if (optional.length === 0) continue;
      const withNulls = await answer(tool.name, Object.fromEntries(optional.map((name) => [name, null])));
      expect(withNulls, `${tool.name} with ${optional.join(', ')} as null`).toBe(await answer(tool.name, {}));
      compared++;
    }
    expect(compared).toBeGreaterThan(50);

    // Where null is a value of its own (an update clears the field), the tool lists it and says what it does;
    // where it only means "not given", it is not listed (the instructions say it once).
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const property = (tool: string, name: string) => byName.get(tool)?.inputSchema.properties?.[name];
    expect(property('update_customer', 'phone')).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(property('update_product', 'category')).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(property('create_customer', 'phone')).toEqual({ type: 'string' });
    expect(property('list_customers', 'include_total')).toEqual({ type: 'boolean', default: false });
    const listsNull = (schema: unknown) => JSON.stringify(schema).includes('{"type":"null"}');
    for (const tool of tools) {
      for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        if (!listsNull(schema)) continue;
        const said = `${tool.description ?? ''} ${
          JSON.stringify(schema)
            .match(/"description":"[^"]*"/g)
            ?.join(' ') ?? ''
        }`;
        expect(said, `${tool.name}.${name} lists null: its description says what null does`).toMatch(/\bnull\b/);
      }
    }
    // And it does what it says: the update's null clears the phone.
    const ada = state.ids['ada'];
    expect((await call('update_customer', { customer_id: ada, phone: '+44 20 7946 0001' }))['phone']).not.toBeNull();
    expect((await call('update_customer', { customer_id: ada, phone: null }))['phone']).toBeNull();
  });
});
