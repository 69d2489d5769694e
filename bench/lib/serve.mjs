// `officina serve` for the benchmarks: a real process on a free port, its /api/events stream, and
// what Linux says about the process (CPU time, resident memory).
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { BIN, NODE } from './fixtures.mjs';

const CLOCK_TICKS = 100; // USER_HZ: 100 on every mainstream Linux build
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

const LOGIN_LINK = /(http:\/\/\S+\/login\?code=\S+)/;

/**
 * Starts serve on `dataDir`; resolves once /ready answers 200. `cookie` is the person's session (the
 * UI's API and /api/events take nothing else), signed in with the link serve printed; `loginUrl` is
 * another one-time link, from `officina login`, for a browser.
 */
export async function startServe({ dataDir, vault, args = [] }) {
  const child = spawn(
    NODE,
    [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--vault', vault, '--log-level', 'warn', ...args],
    { env: { ...process.env, OFFICINA_TOKEN: BENCH_TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const printedLoginUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-8192);
      const match = LOGIN_LINK.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  const url = new URL(printedLoginUrl).origin;
  for (let i = 0; i < 300; i++) {
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const signedIn = await fetch(printedLoginUrl, { redirect: 'manual' });
  const cookie = signedIn.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`signing in with ${printedLoginUrl} gave HTTP ${signedIn.status}`);
  const { stdout } = await promisify(execFile)(NODE, [BIN, 'login', '--data-dir', dataDir]);
  const loginUrl = LOGIN_LINK.exec(stdout)?.[1];
  if (!loginUrl) throw new Error(`officina login printed no link:\n${stdout}`);
  return {
    url,
    cookie,
    loginUrl,
    pid: child.pid,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Subscribes to serve's /api/events as the UI does (with the person's session cookie) and calls
 * `onEvent(event, at)` for each event, `at` being performance.now() when its line was read. Resolves
 * once the stream is open.
 */
export async function openEventStream(served, onEvent) {
  const controller = new AbortController();
  const response = await fetch(`${served.url}/api/events`, {
    headers: { cookie: served.cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!response.ok) throw new Error(`/api/events answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) onEvent(JSON.parse(data), at);
        }
      }
    } catch (error) {
      if (error?.name !== 'AbortError') throw error;
    }
  })();
  return {
    close: async () => {
      controller.abort();
      await pump.catch(() => undefined);
    },
  };
}

/** CPU seconds (user + system) process `pid` has used so far, from /proc. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory of `pid` in MiB, from /proc/<pid>/status: total, anonymous, file-backed, peak. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rss: kb('VmRSS') / 1024,
    anon: kb('RssAnon') / 1024,
    file: kb('RssFile') / 1024,
    peak: kb('VmHWM') / 1024,
  };
}
