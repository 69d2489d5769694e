import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openerFor } from './open.js';

// The real `officina` CLI (out/node, built by test/global-setup.ts) against a real `officina serve`.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin', 'officina.mjs');

/** A machine without a desktop (no DISPLAY, no BROWSER), unless a test gives one. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  for (const name of ['OFFICINA_TOKEN', 'DISPLAY', 'WAYLAND_DISPLAY', 'BROWSER']) delete copy[name];
  return { ...copy, ...extra };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function startServe(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'warn'],
    { env: env(), stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  stops.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const deadline = Date.now() + 20_000;
  let loginUrl: string | undefined;
  while (!(loginUrl = /(http:\/\/\S+\/login\?code=\S+)/.exec(stderr)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url: new URL(loginUrl).origin };
}

function officina(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** SIGTERM, as the message says, and wait until the process is gone. */
async function stopProcess(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(alive()).toBe(false);
}

const LINK = /^(http:\/\/\S+\/login\?code=[\w-]+)\n$/;

async function signInStatus(link: string): Promise<number> {
  return (await fetch(link, { redirect: 'manual' })).status;
}

describe('officina open', () => {
  it('opens with the platform opener, as an argument list, only where there is a desktop', () => {
    const url = 'http://127.0.0.1:7411/login?code=abc';
    expect(openerFor(url, 'linux', {})).toBeUndefined();
    expect(openerFor(url, 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(openerFor(url, 'freebsd', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(openerFor(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(openerFor(url, 'darwin', { SSH_CONNECTION: '10.0.0.2 5000 10.0.0.1 22' })).toBeUndefined();
    expect(openerFor(url, 'win32', {})).toEqual({ command: 'explorer.exe', args: [url] });
    expect(openerFor(url, 'linux', { BROWSER: 'firefox' })).toEqual({ command: 'firefox', args: [url] });
  });

  it('prints a fresh one-time link for the running serve; headless it only prints', async () => {
    const dataDir = tempDir('officina-open-');
    const served = await startServe(dataDir);
    const run = await officina(['open', '--data-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const link = LINK.exec(run.stdout)?.[1] ?? '';
    expect(new URL(link).origin).toBe(served.url);
    expect(run.stderr).toMatch(/Open the link in your browser within ten minutes/);
    expect(await signInStatus(link)).toBe(303);
    // One time only; the next `open` makes another.
    expect(await signInStatus(link)).toBe(401);
    const again = await officina(['open', '--data-dir', dataDir, '--print-only']);
    expect(again.code, again.stderr).toBe(0);
    const second = LINK.exec(again.stdout)?.[1] ?? '';
    expect(second).not.toBe(link);
    expect(await signInStatus(second)).toBe(303);
  });

  it.runIf(process.platform === 'linux')(
    'on a desktop, starts xdg-open with the link; --print-only does not',
    async () => {
      const dataDir = tempDir('officina-open-desktop-');
      await startServe(dataDir);
      // A stand-in for the desktop's xdg-open, first on PATH: it writes down what it was asked to open.
      const bin = tempDir('officina-open-bin-');
      const opened = join(bin, 'opened.txt');
      writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${opened}'\n`);
      chmodSync(join(bin, 'xdg-open'), 0o755);
      const desktop = { DISPLAY: ':0', PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}` };

      const printOnly = await officina(['open', '--data-dir', dataDir, '--print-only'], desktop);
      expect(printOnly.code, printOnly.stderr).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(existsSync(opened)).toBe(false);

      const run = await officina(['open', '--data-dir', dataDir], desktop);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Opened in your browser/);
      const link = LINK.exec(run.stdout)?.[1] ?? '';
      const deadline = Date.now() + 10_000;
      while (!existsSync(opened) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // One argument, the link itself: no shell took the URL's `?` or `&` apart.
      expect(readFileSync(opened, 'utf8')).toBe(`${link}\n`);
      expect(await signInStatus(link)).toBe(303);
    },
  );

  it('starts a serve in the background when none runs, says so and how to stop it', async () => {
    const dataDir = join(tempDir('officina-open-idle-'), 'data');
    const args = ['--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--port', '0', '--log-level', 'warn'];
    const run = await officina(['open', ...args, '--print-only']);
    const pid = Number(/\(process (\d+)\)/.exec(run.stderr)?.[1]);
    if (pid > 0) stops.push(() => stopProcess(pid));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/No `officina serve` was running on .*, so one was started in the background/);
    expect(run.stderr).toContain(`Stop it with \`kill ${pid}\``);
    expect(run.stderr).toContain(join(dataDir, 'logs', 'serve.log'));
    const link = LINK.exec(run.stdout)?.[1] ?? '';
    expect((await fetch(`${new URL(link).origin}/ready`)).status).toBe(200);
    expect(await signInStatus(link)).toBe(303);
    // The serve outlived the `open` that started it; the next `open` uses it rather than start another.
    const again = await officina(['open', ...args, '--print-only']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/started/);
    const second = LINK.exec(again.stdout)?.[1] ?? '';
    expect(new URL(second).origin).toBe(new URL(link).origin);
    expect(await signInStatus(second)).toBe(303);

    // Stopped as the message says, it is gone; its output went to the log, not to this terminal.
    await stopProcess(pid);
    expect(readFileSync(join(dataDir, 'logs', 'serve.log'), 'utf8')).toMatch(/login\?code=/);
  });

  it('says why when the serve it starts cannot run', async () => {
    // Another program holds the port: the serve started in the background stops, and `open` says why.
    const busy = createServer((_, res) => res.end('not officina'));
    await new Promise<void>((resolveListen) => busy.listen(0, '127.0.0.1', resolveListen));
    stops.push(() => new Promise<void>((resolveClose) => busy.close(() => resolveClose())));
    const port = (busy.address() as AddressInfo).port;
    const dataDir = join(tempDir('officina-open-busy-'), 'data');
    const run = await officina(['open', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/No `officina serve` was running on .*, and starting one failed: the server exited/);
    expect(run.stderr).toMatch(/EADDRINUSE|in use/);
  });

  it('is in --help', async () => {
    const help = await officina(['--help']);
    expect(help.stdout).toMatch(/^ {2}open\s+\S/m);
  });
});
