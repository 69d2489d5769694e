import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BareClient, CLI, mcpArgs } from '../../test/mcp-process.js';
import { STDIO_MESSAGE_LIMIT } from './stdio-lines.js';

interface ErrorReply {
  jsonrpc: string;
  id: number | string | null;
  error: { code: number; message: string; data?: unknown };
}

/**
 * Malformed lines, each followed by a ping: the server answers the line (or, for a notification,
 * stays silent) and then the ping, so every case also proves it is still serving.
 */
const MALFORMED: [what: string, line: string, id: number | string | null, code: number, message: RegExp][] = [
  ['invalid JSON', 'garbage{', null, -32700, /not valid JSON/],
  ['JSON cut short after its id', '{"jsonrpc":"2.0","id":7,', null, -32700, /not valid JSON/],
  ['a batch', JSON.stringify([{ jsonrpc: '2.0', id: 8, method: 'ping' }]), null, -32600, /batches are not supported/],
  ['an empty batch', '[]', null, -32600, /batches are not supported/],
  ['a number', '42', null, -32600, /JSON-RPC message is an object/],
  ['a string', '"ping"', null, -32600, /JSON-RPC message is an object/],
  ['null', 'null', null, -32600, /JSON-RPC message is an object/],
  ['no jsonrpc member', JSON.stringify({ id: 9, method: 'tools/list' }), 9, -32600, /"jsonrpc": "2.0"/],
  ['jsonrpc "1.0"', JSON.stringify({ jsonrpc: '1.0', id: 10, method: 'ping' }), 10, -32600, /"jsonrpc": "2.0"/],
  ['no method', JSON.stringify({ jsonrpc: '2.0', id: 11 }), 11, -32600, /method/],
  ['a method that is not a string', JSON.stringify({ jsonrpc: '2.0', id: 12, method: 5 }), 12, -32600, /method/],
  ['an id that is an object', JSON.stringify({ jsonrpc: '2.0', id: {}, method: 'ping' }), null, -32600, /id/],
  ['an id that is null', JSON.stringify({ jsonrpc: '2.0', id: null, method: 'ping' }), null, -32600, /id/],
  [
    'params a string',
    JSON.stringify({ jsonrpc: '2.0', id: 13, method: 'tools/call', params: 'x' }),
    13,
    -32602,
    /params must be an object/,
  ],
  [
    'params an array (by position)',
    JSON.stringify({ jsonrpc: '2.0', id: 'fourteen', method: 'tools/list', params: [1] }),
    'fourteen',
    -32602,
    /params must be an object/,
  ],
  [
    // Not a well-formed notification (params are by name), so JSON-RPC answers it, with id null.
    'a notification with params a string',
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: 'x' }),
    null,
    -32600,
    /params must be an object/,
  ],
  [
    'an unexpected member',
    JSON.stringify({ jsonrpc: '2.0', id: 20, method: 'ping', extra: true }),
    20,
    -32600,
    /extra/,
  ],
  [
    'tools/call without a name',
    JSON.stringify({ jsonrpc: '2.0', id: 15, method: 'tools/call', params: { arguments: {} } }),
    15,
    -32602,
    /^tools\/call needs params\.name \(a string\): the tool’s name$/,
  ],
  [
    'tools/call with a name that is not a string',
    JSON.stringify({ jsonrpc: '2.0', id: 16, method: 'tools/call', params: { name: 3 } }),
    16,
    -32602,
    /^tools\/call: params\.name /,
  ],
  [
    'resources/read without a uri',
    JSON.stringify({ jsonrpc: '2.0', id: 17, method: 'resources/read', params: {} }),
    17,
    -32602,
    /^resources\/read needs params\.uri/,
  ],
  [
    'prompts/get without a name',
    JSON.stringify({ jsonrpc: '2.0', id: 18, method: 'prompts/get' }),
    18,
    -32602,
    /^prompts\/get needs params/,
  ],
  [
    'completion/complete without ref and argument',
    JSON.stringify({ jsonrpc: '2.0', id: 19, method: 'completion/complete', params: {} }),
    19,
    -32602,
    /^completion\/complete needs params\.ref.*params\.argument/,
  ],
];

/** Notifications are never answered, not even when malformed (JSON-RPC 2.0, section 4.1). */
const SILENT: [what: string, line: string][] = [
  [
    'a notification whose params do not fit its method',
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 'x' } }),
  ],
  [
    'a notification with a malformed _meta',
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { _meta: 'x' } }),
  ],
  ['an unknown notification', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/nothing_here' })],
  ['a blank line', '   '],
];

describe('officina mcp over stdio: malformed JSON-RPC gets its answer (bare writer, real CLI)', () => {
  let dataDir: string;
  let bare: BareClient;
  let pings = 0;

  /** Writes `line`, then a ping; resolves with the lines that came before the ping's answer. */
  async function answersTo(line: string): Promise<Record<string, unknown>[]> {
    const before = bare.lines.length;
    bare.write(line);
    const id = `ping-${++pings}`;
    expect(await bare.request(id, 'ping')).toMatchObject({ id, result: {} });
    return bare.lines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((m) => m['id'] !== id);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-malformed-'));
    bare = new BareClient(dataDir);
    await bare.initialize();
  });

  afterAll(async () => {
    if (bare) expect(await bare.end()).toBe(0);
    bare?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(MALFORMED)('%s: one error reply, then the next request is served', async (_what, line, id, code, message) => {
    const replies = await answersTo(line);
    expect(replies).toEqual([{ jsonrpc: '2.0', id, error: expect.objectContaining({ code }) }]);
    const { error } = replies[0] as unknown as ErrorReply;
    expect(error.message).toMatch(message);
    // One line a person can read: no zod dump, no stack.
    expect(error.message).not.toMatch(/\n|"code"|expected":/);
  });

  it.each(SILENT)('%s: no reply, and the next request is served', async (_what, line) => {
    expect(await answersTo(line)).toEqual([]);
  });

  it('after all of that, still calls tools', async () => {
    const call = await bare.request(100, 'tools/call', { name: 'list_customers', arguments: {} });
    expect(call).toMatchObject({ id: 100, result: { structuredContent: { items: expect.any(Array) } } });
    for (const line of bare.lines) expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc, line).toBe('2.0');
  });
});

describe('officina mcp over stdio: a message over the limit', () => {
  const limitMiB = STDIO_MESSAGE_LIMIT / 1024 / 1024;
  /** Base64 that makes the message larger than the limit by a MiB. */
  const oversizedBase64 = () => Buffer.alloc(((STDIO_MESSAGE_LIMIT + 1024 * 1024) * 3) / 4, 7).toString('base64');

  it('answers the SDK client’s oversized upload with an error naming the limit and file_path, and stays up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-oversized-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, ...mcpArgs(dataDir)],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'oversized-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const upload = client.callTool(
        {
          name: 'upload_document',
          arguments: { content: oversizedBase64(), encoding: 'base64', destination: 'big.bin' },
        },
        undefined,
        // Well under the SDK's 60 s default: the answer must come, not the timeout.
        { timeout: 10_000 },
      );
      const error = await upload.then(
        () => {
          throw new Error('the oversized upload was answered as a success');
        },
        (e: unknown) => e,
      );
      expect(error, stderr).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32600);
      expect((error as McpError).message).toContain(`${limitMiB} MiB`);
      expect((error as McpError).message).toContain('file_path');

      const after = (await client.callTool({ name: 'list_customers', arguments: {} })) as CallToolResult;
      expect(after.isError, stderr).toBeFalsy();
      const listed = (await client.callTool({ name: 'list_documents', arguments: {} })) as CallToolResult;
      expect(JSON.stringify(listed.structuredContent)).not.toContain('big.bin');
    } finally {
      await client.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finds the id at the start of the line too, answers id null when there is none, streaming past the rest', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-oversized-bare-'));
    const bare = new BareClient(dataDir);
    try {
      await bare.initialize();
      const content = oversizedBase64();
      // The id first, as the Python SDK writes it; sent in pieces, as a pipe delivers it.
      const idFirst = `{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"upload_document","arguments":{"content":"${content}","encoding":"base64","destination":"a.bin"}}}\n`;
      const reply = bare.answer('big-1');
      for (let at = 0; at < idFirst.length; at += 1 << 20) bare.child.stdin.write(idFirst.slice(at, at + (1 << 20)));
      const answer = (await reply) as unknown as ErrorReply;
      expect(answer.error.code).toBe(-32600);
      expect(answer.error.message).toContain(`${limitMiB} MiB`);
      expect(answer.error.message).toContain('file_path');
      expect(answer.error.data).toMatchObject({ limit_bytes: STDIO_MESSAGE_LIMIT });

      // An oversized notification has no id at either end: answered with id null, then the next request.
      const before = bare.lines.length;
      bare.write(`{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"${content}"}}`);
      expect(await bare.request('after', 'tools/call', { name: 'list_customers', arguments: {} })).toMatchObject({
        result: { structuredContent: { items: expect.any(Array) } },
      });
      const between = bare.lines.slice(before).map((l) => JSON.parse(l) as ErrorReply);
      expect(between[0]).toMatchObject({ id: null, error: { code: -32600 } });
      expect(between).toHaveLength(2);
      expect(await bare.end()).toBe(0);
    } finally {
      bare.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('officina mcp over stdio: an answer too large for the client', () => {
  it('answers with an error naming destination_path instead of a line the SDK client cannot read, and stays connected', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'officina-stdio-big-answer-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, ...mcpArgs(dataDir)],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'big-answer-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      // 4.5 MB of binary: 6 MiB as base64 going in, twice that coming out (structuredContent and its text).
      const content = Buffer.alloc(4_500_000, 9).toString('base64');
      const uploaded = (await client.callTool({
        name: 'upload_document',
        arguments: { content, encoding: 'base64', destination: 'big.bin' },
      })) as CallToolResult;
      expect(uploaded.isError, JSON.stringify(uploaded.content)).toBeFalsy();

      const error = await client
        .callTool({ name: 'download_document', arguments: { document_id: 'big.bin' } }, undefined, { timeout: 10_000 })
        .then(
          () => {
            throw new Error('the download was answered in full');
          },
          (e: unknown) => e,
        );
      expect(error, stderr).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32600);
      expect((error as McpError).message).toMatch(/MiB, more than .* a stdio client reads in one message/);
      expect((error as McpError).message).toContain('destination_path');

      const after = (await client.callTool({ name: 'list_customers', arguments: {} })) as CallToolResult;
      expect(after.isError, stderr).toBeFalsy();
    } finally {
      await client.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
