import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';

// The real `officina` CLI (out/node, built by test/global-setup.ts): `officina login` in one process
// makes a login link that the `officina serve` running in another accepts.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin', 'officina.mjs');

function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  // The token file, as a person's installation has it (OFFICINA_TOKEN would do as well).
  delete copy['OFFICINA_TOKEN'];
  return copy;
}

interface Serve {
  child: ChildProcessWithoutNullStreams;
  url: string;
  loginUrl: string;
  stop(): Promise<void>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function startServe(dataDir: string): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'warn'],
    { env: env(), stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  stops.push(stop);
  const deadline = Date.now() + 20_000;
  let loginUrl: string | undefined;
  while (!(loginUrl = /(http:\/\/\S+\/login\?code=\S+)/.exec(stderr)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url: new URL(loginUrl).origin, loginUrl, stop };
}

function officina(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

async function signIn(loginUrl: string): Promise<{ status: number; cookie: string | null; text: string }> {
  const res = await fetch(loginUrl, { redirect: 'manual' });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null, text: await res.text() };
}

const settings = (url: string, cookie: string) =>
  fetch(`${url}/api/ops/get_settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });

describe('officina login', () => {
  it('prints a one-time link the running serve accepts; the session outlives a restart of serve', async () => {
    const dataDir = tempDir('officina-login-');
    const served = await startServe(dataDir);
    // The link serve printed is used up, as if the person had opened it a while ago.
    expect((await signIn(served.loginUrl)).status).toBe(303);
    const used = await signIn(served.loginUrl);
    expect(used.status).toBe(401);
    expect(used.text).toContain('officina login');

    const login = await officina(['login', '--data-dir', dataDir]);
    expect(login.code, login.stderr).toBe(0);
    const link = /(http:\/\/\S+\/login\?code=[\w-]+)/.exec(login.stdout)?.[1];
    expect(link, login.stdout).toBeDefined();
    expect(new URL(link ?? '').origin).toBe(served.url);

    const first = await signIn(link ?? '');
    expect(first.status).toBe(303);
    expect(first.cookie).toMatch(/^officina_session=/);
    const cookie = first.cookie ?? '';
    expect((await settings(served.url, cookie)).status).toBe(200);
    expect((await signIn(link ?? '')).status).toBe(401);

    // A restart: another port, the same data directory; the browser's cookie still signs it in.
    await served.stop();
    const restarted = await startServe(dataDir);
    expect(restarted.url).not.toBe(served.url);
    expect((await settings(restarted.url, cookie)).status).toBe(200);
    const again = await officina(['login', '--data-dir', dataDir]);
    expect(again.code, again.stderr).toBe(0);
    // Only the running serve's address is offered, not the stopped one's.
    expect(again.stdout).toContain(`${restarted.url}/login?code=`);
    expect(again.stdout).not.toContain(served.url);
  });

  it('says what to do when no serve runs on the data directory, or there is none', async () => {
    const dataDir = tempDir('officina-login-idle-');
    const none = await officina(['login', '--data-dir', join(dataDir, 'nothing-here')]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/officina serve/);

    const served = await startServe(dataDir);
    await served.stop();
    const stopped = await officina(['login', '--data-dir', dataDir]);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/No `officina serve` is running/);
  });

  it('is in --help', async () => {
    const help = await officina(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}login\s+\S/m);
    expect(help.stdout).toMatch(/--max-mcp-sessions/);
    expect(help.stdout).toMatch(/--mcp-session-idle/);
  });
});
