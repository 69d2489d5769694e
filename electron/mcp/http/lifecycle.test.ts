import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { createOfficina, type Officina } from '../../core/app.js';
import { followTokenFile, loadOrCreateToken, readToken, tokenPath } from '../../core/security/token.js';
import { startHttpServer, type RunningHttpServer } from './server.js';

const JSON_TYPE = { 'content-type': 'application/json' };

async function serve(
  options: { token?: string; tokenFromEnv?: boolean } = {},
): Promise<{ http: RunningHttpServer; app: Officina; dataDir: string; stop: () => Promise<void> }> {
  const dataDir = tempDir('officina-lifecycle-');
  const fileToken = loadOrCreateToken(dataDir, undefined);
  const token = options.token ?? fileToken;
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    // As `officina serve` does: the file is followed, a token from the environment is fixed.
    token: options.tokenFromEnv ? token : followTokenFile(dataDir, token),
    staticDir: join(dataDir, 'no-ui'),
  });
  const app = createOfficina({
    dataDir,
    logLevel: 'silent',
    watchOtherProcesses: false,
    httpUrl: http.url,
    token,
    tokenFromEnv: options.tokenFromEnv ?? false,
  });
  http.setApp(app);
  return {
    http,
    app,
    dataDir,
    stop: async () => {
      await http.close();
      await app.close();
    },
  };
}

const call = (base: string, name: string, headers: Record<string, string>, input: unknown = {}) =>
  fetch(`${base}/api/ops/${name}`, {
    method: 'POST',
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(input),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The person's session cookie, from a fresh login link (the app must be attached). */
async function signIn(http: RunningHttpServer): Promise<{ cookie: string }> {
  const res = await fetch(http.newLoginUrl() ?? '', { redirect: 'manual' });
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

/** Whether `token` opens an MCP session: the status of a raw initialize, and the session's id. */
async function initialize(base: string, token: string): Promise<{ status: number; sessionId: string | null }> {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { ...JSON_TYPE, accept: 'application/json, text/event-stream', ...bearer(token) },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'rotation', version: '1' } },
    }),
  });
  await res.text();
  return { status: res.status, sessionId: res.headers.get('mcp-session-id') };
}

describe('/ready follows start-up and shutdown', () => {
  it('is 503 before the app is attached, 200 while serving, and 503 again once shutdown begins', async () => {
    const dataDir = tempDir('officina-ready-');
    const token = loadOrCreateToken(dataDir, undefined);
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token,
      staticDir: join(dataDir, 'no-ui'),
    });
    const app = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false });
    try {
      expect((await fetch(`${http.url}/ready`)).status).toBe(503);
      http.setApp(app);
      expect((await fetch(`${http.url}/ready`)).status).toBe(200);
      const session = await signIn(http);

      // A call under way when shutdown begins: its body is still arriving.
      const url = new URL(`${http.url}/api/ops/create_customer`);
      const slow = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', headers: { ...JSON_TYPE, ...session, 'transfer-encoding': 'chunked' } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.write('{"name":"Under Way",');
        // Long enough that the checks below (a few requests) are done first, on a loaded machine too.
        setTimeout(() => req.end('"email":"under.way@example.com"}'), 1_000);
      });
      await new Promise((r) => setTimeout(r, 100));
      let drained = false;
      const shutdown = http.shutdown().then(() => (drained = true));

      const ready = await fetch(`${http.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false });
      expect((await fetch(`${http.url}/health`)).status).toBe(200);
      const refused = await call(http.url, 'get_settings', session);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ ok: false, error: { message: /shutting down/ } });
      expect(drained).toBe(false);

      // The call under way is answered in full, and only then is shutdown's first step done.
      const answered = await slow;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.body)).toMatchObject({ ok: true, data: { email: 'under.way@example.com' } });
      await shutdown;
      expect(drained).toBe(true);
    } finally {
      await http.close();
      await app.close();
    }
  });

  it('the app refuses calls once it is closing, and finishes (and logs) the ones under way', async () => {
    const app = createOfficina({ dataDir: tempDir(), logLevel: 'silent', watchOtherProcesses: false });
    const ui = { caller: { kind: 'ui' as const, name: 'test' }, face: 'ui' as const };
    const underWay = Array.from({ length: 20 }, (_, i) =>
      app.catalogue.call('create_customer', { name: `Queued ${i}`, email: `queued${i}@example.com` }, ui),
    );
    const reads = Array.from({ length: 5 }, () => app.catalogue.call('list_customers', {}, ui));
    const closing = app.close();
    expect(await app.catalogue.call('get_settings', {}, ui)).toMatchObject({
      ok: false,
      error: { message: /shutting down/ },
    });
    for (const result of await Promise.all([...underWay, ...reads])) expect(result.ok).toBe(true);
    await closing;
    expect(app.close()).toBe(closing);

    const reopened = createOfficina({ dataDir: app.config.dataDir, logLevel: 'silent', watchOtherProcesses: false });
    try {
      const counts = reopened.store.sqlite
        .prepare("SELECT operation, count(*) AS n FROM activity WHERE outcome = 'ok' GROUP BY operation ORDER BY 1")
        .all();
      expect(counts).toEqual([
        { operation: 'create_customer', n: 20 },
        { operation: 'list_customers', n: 5 },
      ]);
    } finally {
      await reopened.close();
    }
  });
});

describe('rotate_mcp_token over HTTP', () => {
  it('gives a new token: /mcp accepts it and refuses the old one at once; the person stays signed in', async () => {
    const { http, dataDir, stop } = await serve();
    try {
      const session = await signIn(http);
      const old = readToken(dataDir) ?? '';
      expect((await initialize(http.url, old)).status).toBe(200);

      const rotated = await call(http.url, 'rotate_mcp_token', session);
      expect(rotated.status).toBe(200);
      const { data } = (await rotated.json()) as { data: { token: string } };
      expect(data.token).not.toBe(old);
      expect(data.token.length).toBeGreaterThanOrEqual(32);
      expect(readToken(dataDir)).toBe(data.token);
      expect(statSync(tokenPath(dataDir)).mode & 0o777).toBe(0o600);
      // The person's session is not the token: no new cookie, and the one they have goes on working.
      expect(rotated.headers.get('set-cookie')).toBeNull();
      expect((await call(http.url, 'get_settings', session)).status).toBe(200);
      const revealed = (await (await call(http.url, 'reveal_mcp_token', session)).json()) as {
        data: { token: string };
      };
      expect(revealed.data.token).toBe(data.token);

      // MCP clients: the old token cannot open a session, the new one can.
      const connect = async (token: string) => {
        const client = new Client({ name: 'rotation', version: '1' });
        try {
          await client.connect(
            new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), {
              requestInit: { headers: bearer(token) },
            }),
          );
          return (await client.listTools()).tools.length;
        } finally {
          await client.close();
        }
      };
      await expect(connect(old)).rejects.toThrow();
      expect(await connect(data.token)).toBeGreaterThan(0);
    } finally {
      await stop();
    }
  });

  it('cuts MCP event streams opened with the old token, so no assistant keeps listening after a rotation', async () => {
    const { http, dataDir, stop } = await serve();
    try {
      const old = readToken(dataDir) ?? '';
      const { sessionId } = await initialize(http.url, old);
      const stream = await fetch(`${http.url}/mcp`, {
        headers: {
          accept: 'text/event-stream',
          'mcp-session-id': sessionId ?? '',
          'mcp-protocol-version': '2025-06-18',
          ...bearer(old),
        },
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const ended = (async () => {
        try {
          for (;;) if ((await reader.read()).done) return 'ended';
        } catch {
          return 'ended';
        }
      })();
      expect((await call(http.url, 'rotate_mcp_token', await signIn(http))).status).toBe(200);
      const outcome = await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 3_000))]);
      expect(outcome).toBe('ended');
    } finally {
      await stop();
    }
  });

  it('a rotation made by another process (the desktop app) applies to the running server at once', async () => {
    const { http, dataDir, stop } = await serve();
    const desktop = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false });
    try {
      const old = readToken(dataDir) ?? '';
      const result = await desktop.catalogue.call(
        'rotate_mcp_token',
        {},
        { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' },
      );
      expect(result.ok).toBe(true);
      const fresh = readToken(dataDir) ?? '';
      expect((await initialize(http.url, old)).status).toBe(401);
      expect((await initialize(http.url, fresh)).status).toBe(200);
    } finally {
      await desktop.close();
      await stop();
    }
  });

  it('is for the person only: refused on MCP, and absent from tools/list', async () => {
    const { app, stop } = await serve();
    try {
      const before = readToken(app.config.dataDir);
      const result = await app.catalogue.call(
        'rotate_mcp_token',
        {},
        { caller: { kind: 'mcp', name: 'x' }, face: 'mcp' },
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('rotate_mcp_token');
      expect(readToken(app.config.dataDir)).toBe(before);
    } finally {
      await stop();
    }
  });

  it('with OFFICINA_TOKEN: a clear conflict, and the token stays as it was', async () => {
    const envToken = 'from-the-environment-0123456789';
    const { http, dataDir, stop } = await serve({ token: envToken, tokenFromEnv: true });
    try {
      const fileBefore = readToken(dataDir);
      const rotated = await call(http.url, 'rotate_mcp_token', await signIn(http));
      expect(rotated.status).toBe(409);
      expect(rotated.headers.get('set-cookie')).toBeNull();
      expect(await rotated.json()).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/OFFICINA_TOKEN/) as unknown },
      });
      expect(readToken(dataDir)).toBe(fileBefore);
      expect((await initialize(http.url, envToken)).status).toBe(200);
    } finally {
      await stop();
    }
  });
});
