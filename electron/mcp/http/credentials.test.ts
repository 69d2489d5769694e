import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contracts } from '../../../shared/contracts.js';
import { PERSON_ONLY } from '../../../shared/operation.js';
import { tempDir } from '../../../test/helpers.js';
import { createOfficina, type Officina } from '../../core/app.js';
import { followTokenFile, loadOrCreateToken, tokenPath } from '../../core/security/token.js';
import { startHttpServer, type RunningHttpServer } from './server.js';

// DESIGN.md, "Faces", HTTP: the MCP token (bearer) opens /mcp and nothing else; the person's session
// (a cookie of its own from a one-time login link) opens the UI's API and nothing else.

const JSON_TYPE = { 'content-type': 'application/json' };
const MCP_HEADERS = { ...JSON_TYPE, accept: 'application/json, text/event-stream' };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
});
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface Serving {
  http: RunningHttpServer;
  app: Officina;
  dataDir: string;
  token: string;
  /** The sessions' clock: move it to age sessions. */
  clock: { now: number };
  stop(): Promise<void>;
}

const running: Serving[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.stop();
});

/** serve as `officina serve` runs it: the token file followed, the app attached once open. */
async function serve(dataDir = tempDir('officina-credentials-'), clock = { now: Date.now() }): Promise<Serving> {
  const token = loadOrCreateToken(dataDir, undefined);
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    token: followTokenFile(dataDir, token),
    staticDir: join(dataDir, 'no-ui'),
    now: () => clock.now,
  });
  const app = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false, httpUrl: http.url, token });
  http.setApp(app);
  await app.ready;
  let stopped = false;
  const serving: Serving = {
    http,
    app,
    dataDir,
    token,
    clock,
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close();
      await app.close();
    },
  };
  running.push(serving);
  return serving;
}

/** Opens a fresh login link as the person's browser would; returns the session cookie ("name=secret"). */
async function signIn(http: RunningHttpServer): Promise<string> {
  const res = await fetch(http.newLoginUrl() ?? '', { redirect: 'manual' });
  expect(res.status).toBe(303);
  return cookieOf(res);
}

function cookieOf(res: Response): string {
  const setCookie = res.headers.get('set-cookie');
  if (!setCookie) throw new Error(`no cookie set (HTTP ${res.status})`);
  return setCookie.split(';')[0] ?? '';
}

const op = (base: string, name: string, headers: Record<string, string>, input: unknown = {}) =>
  fetch(`${base}/api/ops/${name}`, {
    method: 'POST',
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(input),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every row of every table: what "nothing changed" is checked against. */
function snapshot(app: Officina): string {
  const db = app.store.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  return JSON.stringify(
    (tables as string[]).map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).raw().all()]),
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the MCP token opens /mcp and nothing else', () => {
  it('on every operation of the UI’s API (person-only or not) and on /api/events: 403, and nothing changes', async () => {
    const { http, app, dataDir, token } = await serve();
    const folder = join(dataDir, 'outside');
    mkdirSync(folder);
    // Inputs the operations would accept, so that a token that got through would change something.
    const inputs: Record<string, unknown> = {
      update_assistant_permissions: { mode: 'read_only', disabled_tools: ['list_customers'] },
      add_allowed_folder: { path: folder },
      update_activity_retention: { days: 1, max_rows: 100 },
      update_version_retention: { max_age_days: 1 },
      export_activity: { format: 'csv' },
      create_customer: { name: 'Mallory', email: 'mallory@example.com' },
    };
    const personOnly = contracts.filter((c) => c.faces === PERSON_ONLY).map((c) => c.name);
    expect(personOnly).toEqual(
      expect.arrayContaining([
        'update_assistant_permissions',
        'add_allowed_folder',
        'reveal_mcp_token',
        'rotate_mcp_token',
      ]),
    );
    const tokenFile = readFileSync(tokenPath(dataDir), 'utf8');
    const before = snapshot(app);

    for (const { name } of contracts) {
      const res = await op(http.url, name, bearer(token), inputs[name] ?? {});
      expect(res.status, name).toBe(403);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body, name).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(body.error.message).toMatch(/MCP token/);
      expect(body.error.message).toMatch(/\/mcp/);
      expect(body.error.message).toMatch(/officina login/);
      expect(JSON.stringify(body)).not.toContain(token);
    }
    const events = await fetch(`${http.url}/api/events`, { headers: bearer(token) });
    expect(events.status).toBe(403);
    await events.body?.cancel();
    // A bearer token next to a good session cookie is still refused: the API never takes the token.
    const cookie = await signIn(http);
    const afterSignIn = snapshot(app);
    const both = await op(http.url, 'rotate_mcp_token', { ...bearer(token), cookie });
    expect(both.status).toBe(403);

    expect(snapshot(app)).toBe(afterSignIn);
    expect(readFileSync(tokenPath(dataDir), 'utf8')).toBe(tokenFile);
    // Signing in changed only the sessions.
    expect(JSON.parse(afterSignIn)).toEqual(
      (JSON.parse(before) as [string, unknown][]).map(([table, rows]) =>
        table === 'person_sessions' ? [table, expect.any(Array)] : [table, rows],
      ),
    );

    // The same routes are there for the person.
    const permissions = await op(
      http.url,
      'update_assistant_permissions',
      { cookie },
      inputs['update_assistant_permissions'],
    );
    expect(permissions.status).toBe(200);
    expect(await permissions.json()).toMatchObject({ ok: true, data: { mode: 'read_only' } });
  });

  it('the person’s session cookie on /mcp is not the assistant: 401 with a Bearer challenge', async () => {
    const { http, token } = await serve();
    const cookie = await signIn(http);
    // The cookie this server set, and a cookie holding the token itself (what the session cookie was before).
    for (const candidate of [cookie, `officina_token=${token}`, `officina_session=${token}`]) {
      const initialize = await fetch(`${http.url}/mcp`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, cookie: candidate },
        body: INITIALIZE,
      });
      expect(initialize.status, candidate).toBe(401);
      expect(initialize.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await initialize.json()).toMatchObject({
        jsonrpc: '2.0',
        error: { message: expect.stringContaining('signing in to the app does not open this endpoint') },
      });
      const stream = await fetch(`${http.url}/mcp`, { headers: { accept: 'text/event-stream', cookie: candidate } });
      expect(stream.status, candidate).toBe(401);
      await stream.body?.cancel();
    }
    // The token is what opens it.
    const withToken = await fetch(`${http.url}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...bearer(token) },
      body: INITIALIZE,
    });
    expect(withToken.status).toBe(200);
    await withToken.body?.cancel();
  });

  it('the token pasted into /login signs nobody in, and the sign-in page no longer asks for it', async () => {
    const { http, token } = await serve();
    const page = await fetch(`${http.url}/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/name="token"/);
    expect(html).not.toMatch(/paste/i);
    expect(html).toContain('officina login');

    const posted = await fetch(`${http.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
      redirect: 'manual',
    });
    expect(posted.status).not.toBe(303);
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect(posted.headers.get('set-cookie')).toBeNull();
    for (const query of [`token=${encodeURIComponent(token)}`, `code=${encodeURIComponent(token)}`]) {
      const viaUrl = await fetch(`${http.url}/login?${query}`, { redirect: 'manual' });
      expect(viaUrl.status, query).not.toBe(303);
      expect(viaUrl.headers.get('set-cookie'), query).toBeNull();
    }
  });
});

describe('the person’s session', () => {
  it('comes from a login code that works once; the cookie is a secret of its own, stored only hashed', async () => {
    const { http, app, token } = await serve();
    const loginUrl = http.newLoginUrl() ?? '';
    expect(loginUrl).toMatch(new RegExp(`^${http.url}/login\\?code=[\\w-]{20,}$`));
    const code = new URL(loginUrl).searchParams.get('code') ?? '';

    const first = await fetch(loginUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^officina_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(setCookie).toMatch(/;\s*Path=\//);
    expect(setCookie).toMatch(/;\s*Max-Age=\d{6,}/);
    const cookie = cookieOf(first);
    const secret = cookie.slice('officina_session='.length);
    expect(secret).not.toBe(token);
    expect(secret).not.toContain(token);

    const again = await fetch(loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    // The page says how to get a new link.
    expect(await again.text()).toContain('officina login');

    const settings = await op(http.url, 'get_settings', { cookie });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ ok: true, data: { currency: expect.any(String) } });

    // The database keeps hashes: neither the secret nor the code can be read back from it.
    const db = readFileSync(join(app.config.dataDir, 'officina.db')).toString('latin1');
    const everything = snapshot(app) + db;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(code);
    expect(snapshot(app)).toContain(sha256(secret));
  });

  it('a login code is accepted once even when two requests race for it', async () => {
    const { http } = await serve();
    const loginUrl = http.newLoginUrl() ?? '';
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(loginUrl, { redirect: 'manual' })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 401, 401, 401, 401]);
  });

  it('a login code expires after ten minutes', async () => {
    const { http, clock } = await serve();
    const loginUrl = http.newLoginUrl() ?? '';
    clock.now += 10 * 60 * 1000 + 1;
    const late = await fetch(loginUrl, { redirect: 'manual' });
    expect(late.status).toBe(401);
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('survives a restart of serve', async () => {
    const dataDir = tempDir('officina-restart-');
    const first = await serve(dataDir);
    const cookie = await signIn(first.http);
    // Not the MCP token under another name: that one would "survive" a restart of course.
    expect(cookie).toMatch(/^officina_session=/);
    expect(cookie).not.toContain(first.token);
    expect((await op(first.http.url, 'get_settings', { cookie })).status).toBe(200);
    await first.stop();

    const second = await serve(dataDir);
    expect((await op(second.http.url, 'get_settings', { cookie })).status).toBe(200);
    expect((await op(second.http.url, 'get_settings', { cookie: 'officina_session=forged' })).status).toBe(401);
  });

  it('rotates: after an hour a request gets a new cookie, the old one works for a minute’s grace, then not', async () => {
    const { http, clock } = await serve();
    const cookie = await signIn(http);

    clock.now += 30 * 60 * 1000;
    const young = await op(http.url, 'get_settings', { cookie });
    expect(young.status).toBe(200);
    expect(young.headers.get('set-cookie')).toBeNull();

    clock.now += 31 * 60 * 1000;
    // Requests the browser had under way at once: all answered, one of them with the new cookie.
    const concurrent = await Promise.all(Array.from({ length: 4 }, () => op(http.url, 'get_settings', { cookie })));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const renewed = concurrent.filter((r) => r.headers.get('set-cookie') !== null);
    expect(renewed).toHaveLength(1);
    const setCookie = renewed[0]?.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^officina_session=[\w-]{40,};.*HttpOnly.*SameSite=Strict/i);
    const fresh = cookieOf(renewed[0] as Response);
    expect(fresh).not.toBe(cookie);

    clock.now += 30 * 1000;
    expect((await op(http.url, 'get_settings', { cookie })).status).toBe(200);
    expect((await op(http.url, 'get_settings', { cookie: fresh })).status).toBe(200);

    clock.now += 31 * 1000;
    const stale = await op(http.url, 'get_settings', { cookie });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: /officina login/ } });
    expect((await op(http.url, 'get_settings', { cookie: fresh })).status).toBe(200);
  });

  it('expires after thirty days without use, and lasts while it is used', async () => {
    const { http, clock } = await serve();
    let kept = await signIn(http);
    const idle = await signIn(http);
    // Used every ten days (each time after its rotation age, so each answer brings the next cookie).
    for (let i = 0; i < 4; i++) {
      clock.now += 10 * DAY;
      const res = await op(http.url, 'get_settings', { cookie: kept });
      expect(res.status).toBe(200);
      kept = cookieOf(res);
    }
    const expired = await op(http.url, 'get_settings', { cookie: idle });
    expect(expired.status).toBe(401);
    const events = await fetch(`${http.url}/api/events`, { headers: { cookie: idle } });
    expect(events.status).toBe(401);
    await events.body?.cancel();
    expect((await op(http.url, 'get_settings', { cookie: kept })).status).toBe(200);
  });

  it('signs out: POST /logout clears the cookie, ends the session and its event stream', async () => {
    const { http } = await serve();
    const cookie = await signIn(http);
    const other = await signIn(http);
    const events = await fetch(`${http.url}/api/events`, { headers: { cookie } });
    expect(events.status).toBe(200);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');
    const ended = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // A destroyed stream rejects the read: ended all the same.
      }
      return 'ended';
    })();

    const out = await fetch(`${http.url}/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toMatch(/^\/login/);
    expect(out.headers.get('set-cookie')).toMatch(/^officina_session=;.*Max-Age=0/i);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 3_000))])).toBe('ended');
    expect((await op(http.url, 'get_settings', { cookie })).status).toBe(401);
    // Another browser's session is its own.
    expect((await op(http.url, 'get_settings', { cookie: other })).status).toBe(200);
    const page = await fetch(`${http.url}${out.headers.get('location') ?? ''}`);
    expect(await page.text()).toMatch(/signed out/i);
  });

  it('rotating the MCP token leaves the person signed in and their event stream open', async () => {
    const { http, token } = await serve();
    const cookie = await signIn(http);
    const events = await fetch(`${http.url}/api/events`, { headers: { cookie } });
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');

    const rotated = await op(http.url, 'rotate_mcp_token', { cookie });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('set-cookie')).toBeNull();
    const { data } = (await rotated.json()) as { data: { token: string } };
    expect(data.token).not.toBe(token);

    expect((await op(http.url, 'get_settings', { cookie })).status).toBe(200);
    // The stream still carries events: this create's arrives.
    await op(http.url, 'create_customer', { cookie }, { name: 'After Rotation', email: 'after@example.com' });
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes('record.changed') && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('record.changed');
    await reader.cancel();
  });

  it('in no-auth mode (loopback, the conformance suite) neither is asked for', async () => {
    const dataDir = tempDir('officina-noauth-');
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token: null,
      staticDir: join(dataDir, 'no-ui'),
    });
    const app = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false });
    http.setApp(app);
    try {
      expect(http.newLoginUrl()).toBeNull();
      expect((await op(http.url, 'get_settings', {})).status).toBe(200);
      const anyone = randomBytes(8).toString('hex');
      expect((await op(http.url, 'get_settings', bearer(anyone))).status).toBe(200);
    } finally {
      await http.close();
      await app.close();
    }
  });
});
