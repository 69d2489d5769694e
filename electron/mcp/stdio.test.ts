import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/customers.js';
import { BareClient } from '../../test/mcp-process.js';
import { giveEveryToolsetIn } from '../../test/helpers.js';

// The real `officina mcp`, as Claude Desktop starts it (out/node is built by test/global-setup.ts).
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/officina.mjs');
const mcpArgs = (dataDir: string) => [
  CLI,
  'mcp',
  '--data-dir',
  dataDir,
  '--vault',
  join(dataDir, 'vault'),
  '--log-level',
  'warn',
];

const PERSON_ONLY_TOOLS = ['get_app_info', 'reveal_mcp_token'];

/** The spec's defaults for a hint a tool leaves out (MCP 2025-06-18 ToolAnnotations). */
const HINT_DEFAULTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
type Hint = keyof typeof HINT_DEFAULTS;
const hint = (tool: Tool, key: Hint): boolean => tool.annotations?.[key] ?? HINT_DEFAULTS[key];

function text(result: CallToolResult): string {
  const first = result.content[0];
  if (first?.type !== 'text') throw new Error(`expected a text content first, got ${JSON.stringify(result.content)}`);
  return first.text;
}

/** A successful call: structuredContent is the data, and the text content renders the same data. */
function data<T>(result: CallToolResult): T {
  if (result.isError) throw new Error(`expected success, got: ${text(result)}`);
  expect(result.structuredContent).toBeDefined();
  expect(JSON.parse(text(result))).toEqual(result.structuredContent);
  return result.structuredContent as T;
}

describe('officina mcp over stdio (SDK client, real CLI)', () => {
  let dataDir: string;
  let client: Client;
  let stderr = '';
  const transportErrors: Error[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-'));
    await giveEveryToolsetIn(dataDir);
    const transport = new StdioClientTransport({ command: process.execPath, args: mcpArgs(dataDir), stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'stdio-test', version: '1.0.0' });
    // A line on stdout that is not JSON-RPC surfaces here: stdout must carry protocol only.
    client.onerror = (error) => transportErrors.push(error);
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('introduces itself with instructions and the tools and logging capabilities', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'officina', title: 'Officina' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, logging: {} });
    const instructions = client.getInstructions() ?? '';
    expect(instructions).toMatch(/activity log/);
    // What exists now, and that the person chooses which of it an assistant gets.
    expect(instructions).not.toMatch(/to come/);
    for (const words of [
      'Customers:',
      'Sales: Products',
      'Documents:',
      'Settings → Assistant permissions',
      'next_cursor',
    ]) {
      expect(instructions).toContain(words);
    }
  });

  it('lists tools with titles, descriptions, object schemas and honest annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map<string, Tool>(tools.map((t) => [t.name, t]));
    for (const name of [
      'create_customer',
      'get_customer',
      'update_customer',
      'list_customers',
      'delete_customer',
      'list_activity',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(tool.title, tool.name).toEqual(expect.any(String));
      expect(tool.description?.length, tool.name).toBeGreaterThan(30);
      expect(tool.inputSchema, tool.name).toMatchObject({ type: 'object' });
      // Output schemas only with --output-schemas (tool-list.test.ts): they would double the list.
      expect(tool, tool.name).not.toHaveProperty('outputSchema');
      expect(tool.inputSchema).not.toHaveProperty('$schema');
      // Each hint only where it differs from the spec's default, which a client reads for a missing one;
      // destructive and idempotent only for a tool that writes (the spec's words).
      for (const [key, value] of Object.entries(tool.annotations ?? {})) {
        if (key in HINT_DEFAULTS) expect(value, `${tool.name}.${key}`).not.toBe(HINT_DEFAULTS[key as Hint]);
      }
      if (hint(tool, 'readOnlyHint')) {
        expect(tool.annotations, tool.name).not.toHaveProperty('destructiveHint');
        expect(tool.annotations, tool.name).not.toHaveProperty('idempotentHint');
      }
      if (/^(get|list|search)_/.test(tool.name)) expect(hint(tool, 'readOnlyHint'), tool.name).toBe(true);
      // Officina's own records: the CRM's tools reach nothing outside it.
      if (/^(create|get|update|list|delete)_customers?$/.test(tool.name)) {
        expect(hint(tool, 'openWorldHint'), tool.name).toBe(false);
      }
    }
    // What a client reads, defaults filled in: honest for each kind of tool.
    const hints = (name: string) =>
      Object.fromEntries(
        (Object.keys(HINT_DEFAULTS) as Hint[]).map((key) => [key, hint(byName.get(name) ?? assert.fail(name), key)]),
      );
    expect(hints('create_customer')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    expect(hints('update_customer')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(hints('delete_customer')).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints('get_customer')).toMatchObject({ readOnlyHint: true });
    expect(hints('list_customers')).toMatchObject({ readOnlyHint: true });
    expect(hints('scrape_website')).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    expect(byName.get('scrape_website')?.annotations).toEqual({ readOnlyHint: true });
    expect(byName.get('create_customer')?.inputSchema).toMatchObject({
      properties: { name: expect.any(Object), email: expect.any(Object) },
      required: expect.arrayContaining(['name', 'email']),
    });
  });

  it('does not list person-only operations, and refuses to run them (forbidden)', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const name of PERSON_ONLY_TOOLS) {
      expect(names).not.toContain(name);
      const result = (await client.callTool({ name, arguments: {} })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toBeUndefined();
      expect(text(result)).toMatch(/error code: forbidden/);
    }
  });

  it('creates, reads, updates and lists customers: structuredContent is the record, plus a text rendering', async () => {
    const created = data<Customer>(
      (await client.callTool({
        name: 'create_customer',
        arguments: { name: 'Ada Lovelace', email: 'Ada@Example.com', phone: '+44 20 7946 0958', tags: ['vip'] },
      })) as CallToolResult,
    );
    expect(created).toMatchObject({
      id: expect.any(Number),
      name: 'Ada Lovelace',
      email: 'Ada@Example.com',
      version: 1,
      tags: ['vip'],
    });

    const read = data<Customer>(
      (await client.callTool({ name: 'get_customer', arguments: { email: 'ada@example.com' } })) as CallToolResult,
    );
    expect(read).toEqual(created);

    const updated = data<Customer>(
      (await client.callTool({
        name: 'update_customer',
        arguments: { customer_id: created.id, notes: 'Met at the analytical engine talk', expected_version: 1 },
      })) as CallToolResult,
    );
    expect(updated).toMatchObject({ id: created.id, notes: 'Met at the analytical engine talk', version: 2 });

    const page = data<{ items: Customer[]; next_cursor: string | null }>(
      (await client.callTool({ name: 'list_customers', arguments: { query: 'lovelace' } })) as CallToolResult,
    );
    expect(Object.keys(page).sort()).toEqual(['items', 'next_cursor']);
    expect(page).toEqual({ items: [updated], next_cursor: null });

    const stale = (await client.callTool({
      name: 'update_customer',
      arguments: { customer_id: created.id, name: 'X', expected_version: 1 },
    })) as CallToolResult;
    expect(stale.isError).toBe(true);
    expect(text(stale)).toMatch(/error code: conflict/);
  });

  it('rejects invalid input with isError, naming the field and the code, without structuredContent, and stores nothing', async () => {
    const result = (await client.callTool({
      name: 'create_customer',
      arguments: { name: 'Not Stored', email: 'not-an-email', shoe_size: 44 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const message = text(result);
    expect(message).toMatch(/error code: invalid_input/);
    expect(message).toMatch(/- email: /);
    expect(message).toMatch(/- shoe_size: Unknown field/);

    const missing = (await client.callTool({ name: 'get_customer', arguments: {} })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/customer_id/);

    const page = data<{ items: Customer[] }>(
      (await client.callTool({ name: 'list_customers', arguments: { query: 'Not Stored' } })) as CallToolResult,
    );
    expect(page.items).toEqual([]);
  });

  it('answers an unknown tool with the protocol error -32602 "Unknown tool", as the spec says', async () => {
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown tool: no_such_tool'),
    });
  });

  it('records every call under the client’s name in the activity log', async () => {
    // Failures and reads are logged in batches (about every 250 ms); a write's entry commits with the write.
    await expect
      .poll(
        async () => {
          const page = data<{ items: { caller: string; caller_kind: string; outcome: string }[] }>(
            (await client.callTool({
              name: 'list_activity',
              arguments: { operation: 'create_customer' },
            })) as CallToolResult,
          );
          return page.items.map((e) => [e.caller_kind, e.caller, e.outcome]);
        },
        { timeout: 5_000, interval: 100 },
      )
      .toEqual(
        expect.arrayContaining([
          ['mcp', 'stdio-test', 'ok'],
          ['mcp', 'stdio-test', 'invalid_input'],
        ]),
      );
  });

  it('wrote nothing but protocol to stdout', () => {
    expect(transportErrors, stderr).toEqual([]);
  });
});

describe('officina mcp over stdio (bare JSON-RPC)', () => {
  it('survives malformed lines, then answers initialize and tools/list; every stdout line is JSON-RPC', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-bare-'));
    const bare = new BareClient(dataDir);
    try {
      bare.write('garbage{');
      bare.write('{"hello": "not json-rpc"}');
      const init = await bare.request(1, 'initialize', {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'bare-writer', version: '0.0.1' },
      });
      expect(init).toMatchObject({
        jsonrpc: '2.0',
        id: 1,
        result: { serverInfo: { name: 'officina' }, capabilities: { tools: {} } },
      });
      bare.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      bare.write('{"jsonrpc":"2.0","id":');

      const list = await bare.request(2, 'tools/list');
      const tools = (list['result'] as { tools: Tool[] }).tools;
      expect(tools.map((t) => t.name)).toContain('create_customer');

      const call = await bare.request(3, 'tools/call', { name: 'list_customers', arguments: {} });
      expect(call).toMatchObject({ id: 3, result: { structuredContent: { items: [], next_cursor: null } } });

      expect(await bare.end()).toBe(0);
      expect(bare.lines.length).toBeGreaterThanOrEqual(3);
      for (const line of bare.lines) {
        const message = JSON.parse(line) as Record<string, unknown>;
        expect(message['jsonrpc'], line).toBe('2.0');
      }
    } finally {
      if (bare.child.exitCode === null) bare.child.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
