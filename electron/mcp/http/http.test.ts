import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import type { Customer } from '../../../shared/customers.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import { createOfficina, type Officina } from '../../core/app.js';
import { startHttpServer, type RunningHttpServer } from './server.js';

const TOKEN = randomBytes(24).toString('base64url');
const BEARER = { authorization: `Bearer ${TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const INDEX_HTML = '<!doctype html><title>Officina test UI</title>';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => unknown;
}

/** node:http, because fetch will not send a Host header of our choosing. */
function raw(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
});
const MCP_HEADERS = { ...JSON_TYPE, accept: 'application/json, text/event-stream' };

describe('officina serve (HTTP face, in process)', () => {
  let dir: string;
  let app: Officina;
  let http: RunningHttpServer;
  let base: string;
  /** The person's session cookie, from a login link. */
  let session: { cookie: string };

  const op = (name: string, input: unknown, headers: OutgoingHttpHeaders = session) =>
    raw(`${base}/api/ops/${name}`, {
      method: 'POST',
      headers: { ...JSON_TYPE, ...headers },
      body: JSON.stringify(input),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'officina-http-'));
    const staticDir = join(dir, 'ui');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};\n');
    // pdf.js's files as the renderer build copies them (electron.vite.config.ts, pdfjsFiles).
    for (const file of ['wasm/jbig2_nowasm_fallback.js', 'cmaps/UniJIS-UCS2-H.bcmap', 'standard_fonts/a.ttf']) {
      mkdirSync(dirname(join(staticDir, 'assets', 'pdfjs-1.2.3', file)), { recursive: true });
      writeFileSync(join(staticDir, 'assets', 'pdfjs-1.2.3', file), 'export default () => {};\n');
    }
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: ['officina.test'],
      token: TOKEN,
      staticDir,
    });
    base = http.url;
    app = createOfficina({
      dataDir: join(dir, 'data'),
      logLevel: 'silent',
      watchOtherProcesses: false,
      token: TOKEN,
      httpUrl: http.url,
    });
    http.setApp(app);
    const signedIn = await fetch(http.newLoginUrl() ?? '', { redirect: 'manual' });
    session = { cookie: (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  });

  afterAll(async () => {
    await http?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health and /ready without a token', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });

  it('asks for the MCP token on /mcp: 401, a Bearer challenge saying where the token is, a JSON-RPC error body', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN },
      { authorization: 'Bearer wrong' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...headers },
        body: INITIALIZE,
      });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer realm="officina", error="invalid_token", error_description="[^"]+"$/);
      expect(challenge).toContain('Settings > MCP connection');
      expect(challenge).toContain('officina mcp');
      // RFC 6750: the description is printable ASCII.
      expect(challenge).toMatch(/^[\x20-\x7e]+$/);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: expect.stringMatching(/MCP token.*Settings → MCP connection.*officina mcp/) },
      });
    }
  });

  it('answers 404 under /.well-known/ (OAuth discovery included), never the UI’s page', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
      '/.well-known/anything-else',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      const text = await res.text();
      expect(text, path).not.toContain(INDEX_HTML);
      expect(JSON.parse(text), path).toEqual({
        ok: false,
        error: { code: 'not_found', message: expect.stringMatching(/no OAuth authorization server.*MCP token/) },
      });
    }
    // The UI still answers its own unknown routes.
    expect(await (await fetch(`${base}/customers/42`)).text()).toBe(INDEX_HTML);
  });

  it('asks for the person’s sign-in on /api: 401 without a session or with a wrong one; a bearer header is 403', async () => {
    const attempts: [string, RequestInit][] = [
      ['/api/ops/get_settings', { method: 'POST', headers: JSON_TYPE, body: '{}' }],
      [
        '/api/ops/get_settings',
        { method: 'POST', headers: { ...JSON_TYPE, cookie: 'officina_session=wrong' }, body: '{}' },
      ],
      [
        '/api/ops/get_settings',
        { method: 'POST', headers: { ...JSON_TYPE, cookie: 'officina_session=%E0' }, body: '{}' },
      ],
      ['/api/events', { headers: {} }],
    ];
    for (const [path, init] of attempts) {
      const res = await fetch(`${base}${path}`, init);
      expect(res.status, `${path} ${JSON.stringify(init.headers)}`).toBe(401);
      expect(await res.json()).toEqual({
        ok: false,
        error: { code: 'forbidden', message: expect.stringMatching(/officina login/) },
      });
    }
    for (const authorization of [`Bearer ${TOKEN}`, `Bearer ${TOKEN}x`, 'Basic eDp5']) {
      const res = await op('get_settings', {}, { ...session, authorization });
      expect(res.status, authorization).toBe(403);
      expect(res.json()).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringMatching(/MCP token/) },
      });
    }
  });

  it('serves the UI’s static files and the sign-in page without a token', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(INDEX_HTML);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const deepLink = await fetch(`${base}/customers/42`);
    expect(deepLink.status).toBe(200);
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.status).toBe(200);
    // A worker runs under the policy its script arrives with.
    expect(script.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    const missingAsset = await fetch(`${base}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/officina login/);
  });

  it('serves pdf.js’s decoders as scripts under the policy, its CMaps and fonts as bytes, all cached as versioned', async () => {
    const decoder = await fetch(`${base}/assets/pdfjs-1.2.3/wasm/jbig2_nowasm_fallback.js`);
    expect(decoder.status).toBe(200);
    // Imported as a module by pdf.js's worker: a script type (nosniff), and the worker's policy.
    expect(decoder.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(decoder.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const types = { 'cmaps/UniJIS-UCS2-H.bcmap': 'application/octet-stream', 'standard_fonts/a.ttf': 'font/ttf' };
    for (const [file, type] of Object.entries(types)) {
      const res = await fetch(`${base}/assets/pdfjs-1.2.3/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
      expect(res.headers.get('content-security-policy'), file).toBeNull();
    }
    expect(decoder.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('the one-time login URL sets an HttpOnly SameSite=Strict cookie, works once, and the cookie authorizes /api/ops', async () => {
    const loginUrl = http.newLoginUrl() ?? '';
    expect(loginUrl).toMatch(/\/login\?code=/);
    const first = await fetch(loginUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^officina_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';

    const again = await fetch(loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    const guessed = await fetch(`${base}/login?code=guessed`, { redirect: 'manual' });
    expect(guessed.status).toBe(401);

    const withCookie = await op('get_settings', {}, { cookie });
    expect(withCookie.status).toBe(200);
    expect(withCookie.json()).toMatchObject({ ok: true, data: { currency: expect.any(String) } });

    // No form takes the token (or anything else) any more.
    const posted = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(TOKEN)}`,
      redirect: 'manual',
    });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('set-cookie')).toBeNull();
  });

  it('rejects a Host that is not this server (421) even with the token; accepts loopback aliases and --allowed-host', async () => {
    const port = http.port;
    for (const path of ['/api/ops/get_settings', '/mcp', '/']) {
      const method = path === '/' ? 'GET' : 'POST';
      const body = path === '/mcp' ? INITIALIZE : path === '/' ? undefined : '{}';
      const evil = await raw(`${base}${path}`, {
        method,
        headers: { ...MCP_HEADERS, ...(path === '/mcp' ? BEARER : session), host: `evil.example:${port}` },
        body,
      });
      expect(evil.status, path).toBe(421);
      // MCP clients read JSON-RPC; the UI reads the envelope.
      expect(evil.json()).toMatchObject(
        path === '/mcp'
          ? { jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringContaining('--allowed-host') } }
          : { ok: false, error: { code: 'forbidden', message: expect.stringContaining('--allowed-host') } },
      );
    }
    for (const host of [`officina.test:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, 'OFFICINA.TEST']) {
      const res = await op('get_settings', {}, { ...session, host });
      expect(res.status, host).toBe(200);
    }
  });

  it('rejects a foreign Origin (403) and accepts the same origin', async () => {
    const port = http.port;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      `http://127.0.0.1:${port + 1}`,
      'null',
      'file://',
    ]) {
      const res = await op('get_settings', {}, { ...session, origin });
      expect(res.status, origin).toBe(403);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // A foreign page is refused even when the request carries valid credentials.
    const mcp = await raw(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...BEARER, origin: 'http://evil.example' },
      body: INITIALIZE,
    });
    expect(mcp.status).toBe(403);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://officina.test:${port}`]) {
      const res = await op('get_settings', {}, { ...session, origin });
      expect(res.status, origin).toBe(200);
    }
  });

  it('behind a port mapped to another number (docker -p 8080:7411): the page at that address is served, other pages are not', async () => {
    const outside = http.port + 1000;
    // The browser sends Host and Origin with the port it was given; serve listens on another one.
    for (const host of [`localhost:${outside}`, `officina.test:${outside}`]) {
      const res = await op('get_settings', {}, { ...session, host, origin: `http://${host}` });
      expect(res.status, host).toBe(200);
    }
    const refused: [host: string, origin: string][] = [
      // Another port than the page's own: another origin.
      [`localhost:${outside}`, `http://localhost:${outside + 1}`],
      [`localhost:${outside}`, `http://officina.test:${outside}`],
      // A foreign page that names the mapped address as its Host.
      [`localhost:${outside}`, `http://evil.example:${outside}`],
      // DNS rebinding: a foreign name in Host is refused before its Origin is looked at.
      [`evil.example:${outside}`, `http://evil.example:${outside}`],
    ];
    for (const [host, origin] of refused) {
      const res = await op('get_settings', {}, { ...session, host, origin });
      expect(res.status, `${host} ${origin}`).toBe(host.startsWith('evil') ? 421 : 403);
    }
  });

  it('refuses "Restart now" in words when nothing would start serve again (no --restarts-on-exit)', async () => {
    const res = await raw(`${base}/api/restart`, { method: 'POST', headers: session });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('cannot restart itself') },
    });
    expect((await raw(`${base}/api/restart`, { method: 'POST' })).status).toBe(401);
    expect((await raw(`${base}/api/restart`, { method: 'POST', headers: BEARER })).status).toBe(403);
  });

  it('/api/ops returns the envelope: 400 with field issues for bad input, and stores nothing', async () => {
    const total = async () =>
      ((await op('list_customers', { include_total: true })).json() as { data: { total: number } }).data.total;
    const before = await total();
    const bad = await op('create_customer', { name: 'Bad Input', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('email'),
        issues: [{ path: 'email', message: expect.any(String) }],
      },
    });
    const unknownField = await op('create_customer', { name: 'Bad Input', email: 'bad@example.com', is_admin: true });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json()).toMatchObject({ error: { code: 'invalid_input', issues: [{ path: 'is_admin' }] } });
    const notAnObject = await op('create_customer', ['Bad Input']);
    expect(notAnObject.status).toBe(400);
    expect(await total()).toBe(before);

    const created = await op('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
    expect(created.status).toBe(200);
    const customer = (created.json() as { ok: true; data: Customer }).data;
    expect(customer).toMatchObject({ id: expect.any(Number), email: 'grace@example.com' });
    expect(await total()).toBe(before + 1);

    const duplicate = await op('create_customer', { name: 'Grace Again', email: 'GRACE@example.com' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const missing = await op('get_customer', { customer_id: 999_999 });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('/api/ops: unknown operation 404, non-JSON content type 415, broken JSON 400, too large 413, GET 405', async () => {
    const unknown = await op('no_such_operation', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const malformed = await op('%E0%A4%A', {});
    expect(malformed.status).toBe(404);
    expect(malformed.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const form = await raw(`${base}/api/ops/get_settings`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    expect(form.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const noType = await raw(`${base}/api/ops/get_settings`, { method: 'POST', headers: session, body: '{}' });
    expect(noType.status).toBe(415);

    const broken = await raw(`${base}/api/ops/get_settings`, {
      method: 'POST',
      headers: { ...session, ...JSON_TYPE },
      body: '{"a":',
    });
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const huge = await raw(`${base}/api/ops/create_customer`, {
      method: 'POST',
      headers: { ...session, ...JSON_TYPE },
      body: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024), email: 'big@example.com' }),
    });
    expect(huge.status).toBe(413);
    expect(huge.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const get = await raw(`${base}/api/ops/get_settings`, { headers: session });
    expect(get.status).toBe(405);
    const nothing = await raw(`${base}/api/nothing`, {
      method: 'POST',
      headers: { ...session, ...JSON_TYPE },
      body: '{}',
    });
    expect(nothing.status).toBe(404);
  });

  it('person-only operations are callable from /api/ops with the person’s session (the UI)', async () => {
    const info = await op('get_app_info', {});
    expect(info.status).toBe(200);
    expect(info.json()).toMatchObject({ ok: true, data: { http_mcp_url: `${base}/mcp`, data_dir: join(dir, 'data') } });
    const token = await op('reveal_mcp_token', {});
    expect(token.status).toBe(200);
    expect(token.json()).toEqual({ ok: true, data: { token: TOKEN } });
  });

  it('/api/events streams record.changed and activity.recorded after a create', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: session, signal: controller.signal });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const events: OfficinaEvent[] = [];
      let connected = false;
      // Reads until `done` holds; the server subscribes before it writes ": connected".
      const readUntil = async (done: () => boolean) => {
        const deadline = Date.now() + 5_000;
        while (!done()) {
          if (Date.now() > deadline) throw new Error(`timed out; stream so far:\n${buffer}`);
          const chunk = await reader.read();
          if (chunk.done) throw new Error(`stream ended; so far:\n${buffer}`);
          buffer += decoder.decode(chunk.value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of frame.split('\n'))
              if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as OfficinaEvent);
            if (frame.startsWith(': connected')) connected = true;
          }
        }
      };
      await readUntil(() => connected);

      const created = await op('create_customer', { name: 'Evented Person', email: 'evented@example.com' });
      const id = (created.json() as { data: Customer }).data.id;
      await readUntil(
        () => events.some((e) => e.type === 'activity.recorded') && events.some((e) => e.type === 'record.changed'),
      );
      expect(events).toContainEqual({ type: 'record.changed', entity: 'customer', id, action: 'created' });
      expect(events).toContainEqual({
        type: 'activity.recorded',
        id: expect.any(Number),
        operation: 'create_customer',
        caller_kind: 'ui',
        notable: true,
      });
    } finally {
      controller.abort();
    }
  });

  it('serves MCP over Streamable HTTP to the SDK client with the bearer token', async () => {
    const client = new Client({ name: 'http-test-client', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: BEARER } });
    await client.connect(transport);
    try {
      expect(transport.sessionId).toEqual(expect.any(String));
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['create_customer', 'list_customers', 'list_documents']));
      expect(names).not.toContain('reveal_mcp_token');
      expect(names).not.toContain('get_app_info');

      const result = (await client.callTool({
        name: 'create_customer',
        arguments: { name: 'Http Client', email: 'http-client@example.com' },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ id: expect.any(Number), email: 'http-client@example.com' });
      expect(result.content[0]).toMatchObject({ type: 'text' });

      const forbidden = (await client.callTool({ name: 'reveal_mcp_token', arguments: {} })) as CallToolResult;
      expect(forbidden.isError).toBe(true);
      expect(forbidden.structuredContent).toBeUndefined();
      expect(JSON.stringify(forbidden.content)).toContain('forbidden');
      expect(JSON.stringify(forbidden.content)).not.toContain(TOKEN);

      const activity = (
        await op('list_activity', { operation: 'create_customer', caller: 'http-test-client' })
      ).json() as {
        data: { items: ActivityEntry[] };
      };
      expect(activity.data.items).toEqual([
        expect.objectContaining({ caller_kind: 'mcp', caller: 'http-test-client', outcome: 'ok' }),
      ]);

      await transport.terminateSession();
      const gone = await raw(`${base}/mcp`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...BEARER, 'mcp-session-id': transport.sessionId ?? 'terminated' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(gone.status).toBe(404);
    } finally {
      await client.close();
    }
  });

  it('/mcp refuses an unknown session, a non-initialize first message and a client without the token', async () => {
    const unknownSession = await raw(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...BEARER, 'mcp-session-id': 'not-a-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(unknownSession.status).toBe(404);
    const notInitialize = await raw(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...BEARER },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(notInitialize.status).toBe(400);
    const notJson = await raw(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...BEARER },
      body: 'garbage{',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });

    const anonymous = new Client({ name: 'anonymous', version: '1.0.0' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)))).rejects.toThrow();
    await anonymous.close();
  });
});

describe('officina serve behind a TLS proxy (--public-origin)', () => {
  let dir: string;
  let http: RunningHttpServer;
  let app: Officina;
  let session: { cookie: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'officina-http-proxy-'));
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      publicOrigins: ['https://Office.Example.com/'],
      token: TOKEN,
      staticDir: tmpdir(),
    });
    app = createOfficina({ dataDir: join(dir, 'data'), logLevel: 'silent', watchOtherProcesses: false, token: TOKEN });
    http.setApp(app);
    const link = http.newLoginUrl() ?? '';
    // The person opens the link through the proxy: the login link names the public address.
    expect(link).toMatch(/^https:\/\/office\.example\.com\/login\?code=/);
    const signedIn = await raw(`${http.url}${new URL(link).pathname}${new URL(link).search}`, {
      headers: { host: 'office.example.com' },
    });
    expect(signedIn.status).toBe(303);
    session = { cookie: String(signedIn.headers['set-cookie']).split(';')[0] ?? '' };
  });

  afterAll(async () => {
    await http?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const op = (headers: OutgoingHttpHeaders) =>
    raw(`${http.url}/api/ops/get_settings`, {
      method: 'POST',
      headers: { ...JSON_TYPE, ...session, ...headers },
      body: '{}',
    });

  it('serves the UI to pages at the public origin, whether the proxy keeps the Host or gives its own', async () => {
    expect(http.publicUrl).toBe('https://office.example.com');
    for (const host of ['office.example.com', `127.0.0.1:${http.port}`]) {
      const res = await op({ host, origin: 'https://office.example.com' });
      expect(res.status, host).toBe(200);
    }
  });

  it('still refuses foreign Origins (CSRF) and foreign Host names (DNS rebinding)', async () => {
    for (const origin of [
      'https://evil.example',
      'http://office.example.com',
      'https://office.example.com:8443',
      'https://office.example.com.evil.example',
      'null',
    ]) {
      const res = await op({ host: 'office.example.com', origin });
      expect(res.status, origin).toBe(403);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const rebound = await op({ host: 'evil.example', origin: 'https://office.example.com' });
    expect(rebound.status).toBe(421);
  });

  it('refuses a public origin that is not an address alone, in words', async () => {
    for (const bad of [
      'office.example.com',
      'ftp://office.example.com',
      'https://office.example.com/app',
      'https://u:p@office.example.com',
    ]) {
      await expect(
        startHttpServer({
          host: '127.0.0.1',
          port: 0,
          allowedHosts: [],
          publicOrigins: [bad],
          token: TOKEN,
          staticDir: tmpdir(),
        }),
        bad,
      ).rejects.toThrow(/--public-origin/);
    }
  });
});

describe('officina serve under a process manager (--restarts-on-exit)', () => {
  it('stops for the person’s "Restart now" once the answer is sent, and only for the person', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'officina-http-restart-'));
    let restarts = 0;
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token: TOKEN,
      staticDir: tmpdir(),
      onRestart: () => restarts++,
    });
    const app = createOfficina({
      dataDir: dir,
      logLevel: 'silent',
      watchOtherProcesses: false,
      token: TOKEN,
      restart: 'stop',
    });
    http.setApp(app);
    try {
      const info = (await app.catalogue.call(
        'get_app_info',
        {},
        { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
      )) as {
        ok: boolean;
        data: { restart: string };
      };
      expect(info).toMatchObject({ ok: true, data: { restart: 'stop' } });
      const signedIn = await fetch(http.newLoginUrl() ?? '', { redirect: 'manual' });
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      // The assistant's token, a foreign page, no session: refused, nothing stopped.
      expect((await raw(`${http.url}/api/restart`, { method: 'POST', headers: BEARER })).status).toBe(403);
      expect(
        (await raw(`${http.url}/api/restart`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' } }))
          .status,
      ).toBe(403);
      expect((await raw(`${http.url}/api/restart`, { method: 'POST' })).status).toBe(401);
      expect(restarts).toBe(0);
      const res = await raw(`${http.url}/api/restart`, { method: 'POST', headers: { cookie } });
      expect(res.status).toBe(202);
      expect(res.json()).toEqual({ ok: true, data: { restarting: true } });
      await expect.poll(() => restarts).toBe(1);
    } finally {
      await http.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('officina serve: start-up and no-auth mode', () => {
  it('refuses to serve without a token off loopback', async () => {
    await expect(
      startHttpServer({ token: null, host: '0.0.0.0', port: 0, allowedHosts: [], staticDir: tmpdir() }),
    ).rejects.toThrow(/loopback only/);
  });

  it('without a token on 127.0.0.1: serves /api/ops and /mcp to anyone local, and still checks Host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'officina-http-noauth-'));
    const http = await startHttpServer({
      token: null,
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      staticDir: join(dir, 'no-ui'),
    });
    const app = createOfficina({ dataDir: dir, logLevel: 'silent', watchOtherProcesses: false });
    http.setApp(app);
    try {
      expect(http.newLoginUrl()).toBeNull();
      const res = await fetch(`${http.url}/api/ops/get_settings`, { method: 'POST', headers: JSON_TYPE, body: '{}' });
      expect(res.status).toBe(200);
      const client = new Client({ name: 'no-auth', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
      const evil = await raw(`${http.url}/mcp`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, host: 'evil.example' },
        body: INITIALIZE,
      });
      expect(evil.status).toBe(421);
      const login = await fetch(`${http.url}/login`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      // The UI is not built in this folder: a clear 503, never a 401.
      const index = await fetch(`${http.url}/`);
      expect(index.status).toBe(503);
      expect(await index.text()).toMatch(/npm run build/);
    } finally {
      await http.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/ready is 503 and /api answers 503 until the app is attached (the sessions are in its database); /health is 200 from the start', async () => {
    const http = await startHttpServer({
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      staticDir: tmpdir(),
    });
    try {
      expect((await fetch(`${http.url}/health`)).status).toBe(200);
      const ready = await fetch(`${http.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, reason: 'starting' });
      const op = await fetch(`${http.url}/api/ops/get_settings`, {
        method: 'POST',
        headers: { ...JSON_TYPE, cookie: 'officina_session=from-before-a-restart' },
        body: '{}',
      });
      expect(op.status).toBe(503);
      expect(await op.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
      const login = await fetch(`${http.url}/login?code=from-officina-login`, { redirect: 'manual' });
      expect(login.status).toBe(503);
      expect(() => http.newLoginUrl()).toThrow(/Attach the app first/);
    } finally {
      await http.close();
    }
  });
});
