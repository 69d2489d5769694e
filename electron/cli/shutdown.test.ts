import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createOfficina } from '../core/app.js';
import { tempDir } from '../../test/helpers.js';
import { openSqlite, type SqliteDatabase } from '../core/store/sqlite.js';

// The real `officina` CLI (out/node, built by test/global-setup.ts), stopped with signals mid-work.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin', 'officina.mjs');
const TOKEN = randomBytes(24).toString('base64url');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function officina(args: string[], dataDir: string): { child: ChildProcessWithoutNullStreams; exited: Promise<Exit> } {
  const child = spawn(
    process.execPath,
    [CLI, ...args, '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'info'],
    { env: { ...process.env, OFFICINA_TOKEN: TOKEN }, stdio: 'pipe' },
  );
  const exited = new Promise<Exit>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return { child, exited };
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The database as the next start would find it, opened read-only after the process has gone. */
function reopen(dataDir: string): SqliteDatabase {
  return openSqlite(join(dataDir, 'officina.db'), { readonly: true });
}

function walSize(dataDir: string): number {
  const wal = join(dataDir, 'officina.db-wal');
  return existsSync(wal) ? statSync(wal).size : 0;
}

type Outcome = { status: number; body: { ok: boolean; error?: { message: string } } } | { failed: string };

describe('officina serve stops gracefully on SIGTERM', () => {
  it('mid-burst: every call answered with success is stored with its activity entry, and it exits 0', async () => {
    const dataDir = tempDir('officina-shutdown-');
    const { child, exited } = officina(['serve', '--port', '0'], dataDir);
    const stderr = collect(child.stderr);
    const loginUrl = await until(() => /(http:\/\/\S+\/login\?code=\S+)/.exec(stderr())?.[1], 'the login link');
    const base = new URL(loginUrl).origin;
    // The UI's API takes the person's session (the MCP token is for /mcp only).
    const signedIn = await fetch(loginUrl, { redirect: 'manual' });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const post = (name: string, input: unknown) =>
      new Promise<Outcome>((resolvePost) => {
        const body = JSON.stringify(input);
        const req = request(
          `${base}/api/ops/${name}`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', cookie },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
            res.on('error', (error) => resolvePost({ failed: error.message }));
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolvePost({ failed: error.code ?? error.message }));
        req.end(body);
      });
    await until(() => (stderr().includes('serving') ? true : undefined), 'start-up');

    // Eight clients each create customers (and now and then read, whose entries are buffered) until refused.
    const created: string[] = [];
    const read: string[] = [];
    const refusals: Outcome[] = [];
    let signalledAt: number | undefined;
    /** Calls sent before the signal that settled after it: the signal really came mid-burst. */
    let outstandingAtSignal = 0;
    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        const email = `w${w}-${i}@burst.example`;
        const probe = `probe-${w}-${i}`;
        const isRead = i % 5 === 4;
        const sentBeforeSignal = signalledAt === undefined;
        const outcome = isRead
          ? await post('list_customers', { query: probe, limit: 1 })
          : await post('create_customer', { name: `Burst ${w} ${i}`, email });
        if (sentBeforeSignal && signalledAt !== undefined) outstandingAtSignal++;
        if ('status' in outcome && outcome.status === 200 && outcome.body.ok) {
          (isRead ? read : created).push(isRead ? probe : email);
          if (!isRead && created.length === 60) {
            signalledAt = Date.now();
            child.kill('SIGTERM');
          }
          continue;
        }
        refusals.push(outcome);
        return;
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    agent.destroy();
    const exit = await exited;

    expect(exit, stderr()).toEqual({ code: 0, signal: null });
    expect(signalledAt).toBeDefined();
    expect(created.length).toBeGreaterThanOrEqual(60);
    // After the signal a call is either answered in full or refused: 503 while stopping, or no connection.
    for (const refusal of refusals) {
      if ('failed' in refusal) expect(refusal.failed).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
      else {
        expect(refusal.status).toBe(503);
        expect(refusal.body.error?.message).toMatch(/shutting down/);
      }
    }

    const db = reopen(dataDir);
    try {
      const stored = new Set(
        (db.prepare('SELECT email FROM customers').all() as { email: string }[]).map((r) => r.email),
      );
      const logged = (operation: string, field: string) =>
        new Set(
          (
            db
              .prepare(
                `SELECT json_extract(input, '$.${field}') AS v FROM activity WHERE operation = ? AND outcome = 'ok'`,
              )
              .all(operation) as { v: string }[]
          ).map((r) => r.v),
        );
      const createdLogged = logged('create_customer', 'email');
      const readLogged = logged('list_customers', 'query');
      for (const email of created) {
        expect(stored.has(email), `${email} was acknowledged but not stored`).toBe(true);
        expect(createdLogged.has(email), `${email} has no activity entry`).toBe(true);
      }
      // Reads are logged in batches: the last batch is written on the way out.
      for (const probe of read) expect(readLogged.has(probe), `read ${probe} has no activity entry`).toBe(true);
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    // The WAL was folded back into the database on the way out.
    expect(walSize(dataDir)).toBe(0);
    expect(stderr()).toMatch(/SIGTERM: finishing the calls under way/);
    expect(stderr()).not.toMatch(/\berror\b/i);
    expect(outstandingAtSignal).toBeGreaterThan(0);
  });
});

/** A bare JSON-RPC client on the stdio server: it writes requests without waiting, as a busy client does. */
function jsonRpc(child: ChildProcessWithoutNullStreams) {
  const messages: { id?: number; method?: string; result?: unknown; error?: unknown }[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) messages.push(JSON.parse(line) as never);
    }
  });
  const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
  return { messages, send };
}

const INITIALIZE = (capabilities: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'raw-writer', version: '1' } },
});

describe('officina mcp stops gracefully on SIGTERM', () => {
  it('answers the calls it has read, stores every acknowledged one, and exits 0', async () => {
    const dataDir = tempDir('officina-shutdown-mcp-');
    const { child, exited } = officina(['mcp'], dataDir);
    const stderr = collect(child.stderr);
    const { messages, send } = jsonRpc(child);
    send(INITIALIZE());
    await until(() => messages.find((m) => m.id === 0), 'the answer to initialize');
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const CALLS = 300;
    for (let id = 1; id <= CALLS; id++) {
      send({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'create_customer', arguments: { name: `Piped ${id}`, email: `piped${id}@stdio.example` } },
      });
    }
    // Stop as soon as the first answers arrive: many calls are read, queued or in flight at that moment.
    await until(() => (messages.some((m) => m.id !== 0) ? true : undefined), 'a first tool result');
    child.kill('SIGTERM');
    // And keep writing, as a client that has not noticed would: these are answered, refused or never read.
    child.stdin.on('error', () => undefined);
    for (let id = CALLS + 1; id <= CALLS + 50; id++) {
      send({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'create_customer', arguments: { name: `Late ${id}`, email: `late${id}@stdio.example` } },
      });
    }
    const exit = await exited;
    expect(exit, stderr()).toEqual({ code: 0, signal: null });

    type ToolResult = { isError?: boolean; structuredContent?: { email: string } };
    const results = messages.filter((m) => typeof m.id === 'number' && m.id > 0);
    const acknowledged = results
      .filter((m) => !(m.result as ToolResult).isError)
      .map((m) => (m.result as ToolResult).structuredContent?.email);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const failed of results.filter((m) => (m.result as ToolResult).isError))
      expect(JSON.stringify(failed.result)).toMatch(/shutting down/);

    const db = reopen(dataDir);
    try {
      const stored = new Set(
        (db.prepare('SELECT email FROM customers').all() as { email: string }[]).map((r) => r.email),
      );
      const logged = new Set(
        (
          db
            .prepare(
              `SELECT json_extract(input, '$.email') AS email FROM activity WHERE operation = 'create_customer' AND outcome = 'ok'`,
            )
            .all() as { email: string }[]
        ).map((r) => r.email),
      );
      for (const email of acknowledged) {
        expect(stored.has(email ?? ''), `${email} acknowledged but not stored`).toBe(true);
        expect(logged.has(email ?? ''), `${email} has no activity entry`).toBe(true);
      }
      // And nothing was stored that its caller was not told about (no answer lost on the way out).
      expect(stored.size).toBe(acknowledged.length);
    } finally {
      db.close();
    }
    expect(walSize(dataDir)).toBe(0);
  });

  it('a second signal stops at once, even with a call still waiting', async () => {
    const dataDir = tempDir('officina-shutdown-twice-');
    // A destructive call that must be confirmed, from a client that never answers the question.
    const setup = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false });
    const customer = await setup.catalogue.call(
      'create_customer',
      { name: 'Kept', email: 'kept@stdio.example' },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
    );
    await setup.catalogue.call(
      'update_assistant_permissions',
      { confirm_destructive: true },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
    );
    await setup.close();
    expect(customer.ok).toBe(true);

    const { child, exited } = officina(['mcp'], dataDir);
    const stderr = collect(child.stderr);
    const { messages, send } = jsonRpc(child);
    send(INITIALIZE({ elicitation: {} }));
    await until(() => messages.find((m) => m.id === 0), 'the answer to initialize');
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'delete_customer', arguments: { customer_id: 1 } },
    });
    await until(() => messages.find((m) => m.method === 'elicitation/create'), 'the confirmation question');

    child.kill('SIGTERM');
    await until(() => (stderr().includes('SIGTERM: finishing') ? true : undefined), 'the first signal');
    // Still waiting for the person's answer: the first signal does not cut the call short.
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 300))]);
    expect(early).toBe('running');
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(stderr()).toMatch(/SIGTERM again: exiting without finishing/);

    const db = reopen(dataDir);
    try {
      expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
