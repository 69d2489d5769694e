import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { EmptyResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficina, type Officina } from '../../core/app.js';
import { startHttpServer, type RunningHttpServer } from './server.js';

const TOKEN = randomBytes(24).toString('base64url');

/** Requests with malformed params, as a client with a bug sends them: each is -32602 with one line. */
const MALFORMED_PARAMS: [method: string, params: Record<string, unknown> | undefined, message: RegExp][] = [
  ['tools/call', { arguments: {} }, /^tools\/call needs params\.name \(a string\): the tool’s name$/],
  ['tools/call', { name: 'get_settings', arguments: 'x' }, /^tools\/call: params\.arguments /],
  ['resources/read', {}, /^resources\/read needs params\.uri \(a string\): the resource’s URI$/],
  ['resources/subscribe', { uri: 7 }, /^resources\/subscribe: params\.uri /],
  ['prompts/get', { arguments: {} }, /^prompts\/get needs params\.name \(a string\): the prompt’s name$/],
  [
    'completion/complete',
    { argument: { name: 'x', value: '' } },
    /^completion\/complete needs params\.ref: the prompt or resource template/,
  ],
  ['logging/setLevel', undefined, /^logging\/setLevel needs params \(an object\)/],
];

describe('officina serve: malformed MCP requests get JSON-RPC errors (SDK client over HTTP)', () => {
  let dir: string;
  let app: Officina;
  let http: RunningHttpServer;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'officina-http-jsonrpc-'));
    mkdirSync(join(dir, 'ui'));
    writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>test</title>');
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token: TOKEN,
      staticDir: join(dir, 'ui'),
    });
    app = createOfficina({
      dataDir: join(dir, 'data'),
      logLevel: 'silent',
      watchOtherProcesses: false,
      token: TOKEN,
      httpUrl: http.url,
    });
    http.setApp(app);
    client = new Client({ name: 'jsonrpc-errors', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await http?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(MALFORMED_PARAMS)(
    '%s with params %j: -32602 and one line naming the field',
    async (method, params, message) => {
      const error = await client
        .request({ method, ...(params === undefined ? {} : { params }) } as never, EmptyResultSchema)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32602);
      // The SDK client puts "MCP error -32602: " in front; the rest is ours, whole.
      const ours = (error as McpError).message.replace(/^MCP error -32602: /, '');
      expect(ours).toMatch(message);
      expect(ours).not.toMatch(/\n|"code"|"expected"/);
    },
  );

  it('answers an unknown tool with -32602 "Unknown tool", as the spec says, and records the call', async () => {
    const error = await client.callTool({ name: 'no_such_tool', arguments: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
    expect((error as McpError).message).toMatch(/Unknown tool: no_such_tool/);
    await expect
      .poll(
        () =>
          app.catalogue.call(
            'list_activity',
            { operation: 'no_such_tool' },
            { caller: { kind: 'ui', name: 't' }, face: 'ui' },
          ),
        {
          timeout: 5_000,
        },
      )
      .toMatchObject({ ok: true, data: { items: [expect.objectContaining({ outcome: 'not_found' })] } });
  });

  it('answers a body over 4 MiB at once with 413 and a JSON-RPC error (the SDK transport’s), and the session goes on', async () => {
    const error = await client
      .callTool({
        name: 'upload_document',
        arguments: { content: 'A'.repeat(5 * 1024 * 1024), destination: 'big.txt' },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 413 });
    expect(String(error)).toMatch(
      /"jsonrpc":"2.0","error":\{"code":-32000,"message":"Payload Too Large: Request body must not exceed 4194304 bytes"/,
    );
  });

  it('still serves well-formed calls on the same session', async () => {
    const result = await client.callTool({ name: 'list_customers', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ items: expect.any(Array) });
  });
});
