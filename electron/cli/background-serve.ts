import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CliOptions } from './options.js';

/**
 * The arguments of the `officina serve` that `open` starts when none runs: the options this `open` was
 * given (flags and environment alike, as parseCli read them), so the server is the one a plain
 * `officina serve` with them would be. --no-auth is not passed on: a server started to sign a person in
 * keeps its sign-in.
 */
export function serveArgs(options: CliOptions): string[] {
  const args = ['serve', '--data-dir', options.dataDir, '--vault', options.vault];
  args.push('--log-level', options.logLevel, '--port', String(options.port), '--host', options.host);
  for (const path of options.allowPaths) args.push('--allow-path', path);
  for (const host of options.allowPrivateHosts) args.push('--allow-private-hosts', host);
  for (const host of options.allowedHosts) args.push('--allowed-host', host);
  for (const origin of options.publicOrigins) args.push('--public-origin', origin);
  if (options.vaultPolling) args.push('--vault-polling');
  if (options.outputSchemas) args.push('--output-schemas');
  if (options.toolsets !== undefined) args.push('--toolsets', options.toolsets.join(','));
  args.push('--max-mcp-sessions', String(options.maxMcpSessions));
  args.push('--mcp-session-idle', `${Math.round(options.mcpSessionIdleMs / 1000)}s`);
  return args;
}

/** Where a serve started in the background writes what it would print: beside the data directory's log. */
export function backgroundLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'serve.log');
}

export interface StartedServe {
  pid: number;
  /** The address it listens on, once it said so. */
  url: string;
  log: string;
}

/**
 * Starts `officina serve` detached from this process (it keeps running when `open` ends, and a
 * terminal closing does not stop it), its output appended to the background log, and waits until it
 * listens and /ready answers 200. Throws, with the end of its log, when it stops or does not get ready.
 */
export async function startBackgroundServe(
  options: CliOptions,
  cliPath: string,
  timeoutMs = 120_000,
): Promise<StartedServe> {
  const log = backgroundLogPath(options.dataDir);
  mkdirSync(dirname(log), { recursive: true, mode: 0o700 });
  // Its output holds a one-time login link: the file is the person's alone, like the token file.
  const fd = openSync(log, 'a', 0o600);
  const from = statSync(log).size;
  const child = spawn(process.execPath, [cliPath, ...serveArgs(options)], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
    windowsHide: true,
  });
  closeSync(fd);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `stopped by ${signal}` : `exited with code ${code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server ${exited}. Its output:\n${tail(log, from)}`);
    url ??= listeningAt(since(log, from));
    if (url !== undefined && (await isReady(url))) return { pid: child.pid!, url, log };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the server (process ${child.pid}) did not get ready within ${Math.round(timeoutMs / 1000)} s; it is still ` +
      `running. Its output so far:\n${tail(log, from)}`,
  );
}

/** The origin serve printed once listening: in its login link (or its warning when started without sign-in). */
function listeningAt(output: string): string | undefined {
  const match = /(https?:\/\/[^\s/]+)\/login\?code=|WITHOUT authentication on (https?:\/\/[^\s/]+)/.exec(output);
  return match?.[1] ?? match?.[2];
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** What the log gained since `from` (at most the last 64 KB of it). */
function since(file: string, from: number): string {
  const size = statSync(file).size;
  const start = Math.max(from, size - 64 * 1024);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** The last lines of what the server wrote, without its one-time login link. */
function tail(file: string, from: number): string {
  const lines = since(file, from)
    .split('\n')
    .filter((line) => !line.includes('/login?code='))
    .slice(-20);
  return lines.map((line) => `  ${line}`).join('\n');
}
