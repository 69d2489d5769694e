import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { createOfficina } from '../../core/app.js';
import { startHttpServer, type HttpServerOptions } from './server.js';

// Issue 10, item 12: at the cap, the least recently used idle MCP session makes room; an active one
// (a request under way, or an open event stream) is never evicted.

const TOKEN = 'mcp-sessions-test-token-0123456789';
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${TOKEN}`,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function serve(options: Partial<HttpServerOptions> = {}): Promise<string> {
  const dataDir = tempDir('officina-mcp-sessions-');
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    token: TOKEN,
    staticDir: join(dataDir, 'no-ui'),
    ...options,
  });
  const app = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false, watchVault: false });
  http.setApp(app);
  cleanups.push(async () => {
    await http.close();
    await app.close();
  });
  return `${http.url}/mcp`;
}

async function initialize(mcp: string): Promise<Response> {
  return fetch(mcp, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cap-test', version: '1' } },
    }),
  });
}

async function open(mcp: string): Promise<string> {
  const res = await initialize(mcp);
  expect(res.status).toBe(200);
  await res.text();
  const id = res.headers.get('mcp-session-id');
  if (!id) throw new Error('no session id');
  return id;
}

/** A ping in session `id`: 200 while the session lives, 404 once it is gone. */
async function ping(mcp: string, id: string): Promise<number> {
  const res = await fetch(mcp, {
    method: 'POST',
    headers: { ...HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
  });
  await res.text();
  return res.status;
}

/** The session's standalone event stream (GET), held open until the returned function is called. */
async function listen(mcp: string, id: string): Promise<() => Promise<void>> {
  const controller = new AbortController();
  const res = await fetch(mcp, {
    headers: {
      accept: 'text/event-stream',
      authorization: HEADERS.authorization,
      'mcp-session-id': id,
      'mcp-protocol-version': '2025-06-18',
    },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  return async () => {
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
  };
}

/** A request whose body is still arriving: under way until `finish` is called. */
function underWay(mcp: string, id: string): { finish: () => Promise<number> } {
  let status = 0;
  let pending: () => void = () => undefined;
  const answered = new Promise<void>((resolve, reject) => {
    const req = request(
      mcp,
      { method: 'POST', headers: { ...HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' } },
      (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.write('{"jsonrpc":"2.0","id":3,');
    pending = () => req.end('"method":"ping"}');
  });
  return {
    finish: async () => {
      pending();
      await answered;
      return status;
    },
  };
}

describe('MCP HTTP sessions at the cap', () => {
  it('the 65th session makes room by closing the least recently used one only (default cap 64)', async () => {
    const mcp = await serve();
    const ids: string[] = [];
    for (let i = 0; i < 64; i++) ids.push(await open(mcp));
    // Every session but the first is used again, seconds (here: moments) before the new one arrives.
    for (const id of ids.slice(1)) expect(await ping(mcp, id)).toBe(200);

    const newcomer = await open(mcp);
    expect(await ping(mcp, newcomer)).toBe(200);
    expect(await ping(mcp, ids[0] ?? '')).toBe(404);
    const survivors = await Promise.all(ids.slice(1).map((id) => ping(mcp, id)));
    expect(survivors.filter((status) => status === 200)).toHaveLength(63);
  });

  it('never evicts an active session: one with its event stream open or a request under way', async () => {
    const mcp = await serve({ maxMcpSessions: 3 });
    const a = await open(mcp);
    const b = await open(mcp);
    const c = await open(mcp);
    // a is the least recently used, but it listens; b is next, idle.
    const stopListening = await listen(mcp, a);
    expect(await ping(mcp, c)).toBe(200);

    const d = await open(mcp);
    expect(await ping(mcp, b)).toBe(404);
    expect(await ping(mcp, a)).toBe(200);
    expect(await ping(mcp, c)).toBe(200);
    expect(await ping(mcp, d)).toBe(200);

    // c has a request under way, d listens: all three are active, so a newcomer is refused.
    const call = underWay(mcp, c);
    const stopD = await listen(mcp, d);
    // The request's headers went out first; give the server a moment to have them.
    await new Promise((r) => setTimeout(r, 100));
    const refused = await initialize(mcp);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('mcp-session-id')).toBeNull();
    const body = (await refused.json()) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: expect.any(Number) } });
    expect(body.error.message).toMatch(/3 MCP sessions/);
    expect(body.error.message).toMatch(/--max-mcp-sessions/);
    expect(await call.finish()).toBe(200);
    expect(await ping(mcp, a)).toBe(200);

    // Once a session is idle again (its stream closed), it is the one that makes room.
    await stopListening();
    // The server sees the stream's connection close a moment later.
    await new Promise((r) => setTimeout(r, 200));
    expect(await ping(mcp, c)).toBe(200);
    const e = await open(mcp);
    expect(await ping(mcp, a)).toBe(404);
    for (const id of [c, d, e]) expect(await ping(mcp, id)).toBe(200);
    await stopD();
  });

  it('closes sessions idle for longer than the idle timeout, but not one that is listening', async () => {
    const mcp = await serve({ mcpSessionIdleMs: 400 });
    const idle = await open(mcp);
    const listening = await open(mcp);
    const stop = await listen(mcp, listening);
    // A ping would count as use, so the sessions are left alone for several idle timeouts.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await ping(mcp, idle)).toBe(404);
    expect(await ping(mcp, listening)).toBe(200);
    await stop();
  });
});
