import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { CLI } from './mcp-process.js';

export interface ServeProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The MCP token serve made in the data directory. */
  token: string;
  stderr(): string;
  stop(): Promise<void>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

/** A real `officina serve` on a free port of 127.0.0.1, with its token file; stopped after the test. */
export async function startServe(dataDir: string, args: string[] = []): Promise<ServeProcess> {
  const env = { ...process.env };
  // The token file, as a person's installation has it.
  delete env['OFFICINA_TOKEN'];
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--vault',
      join(dataDir, 'vault'),
      '--log-level',
      'warn',
      ...args,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  stops.push(stop);
  const deadline = Date.now() + 20_000;
  let url: string | undefined;
  while (!(url = /(http:\/\/127\.0\.0\.1:\d+)\/login\?code=/.exec(stderr)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Serving: the app is attached once /ready says so.
  while ((await fetch(`${url}/ready`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`serve was not ready:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { url, token: readFileSync(join(dataDir, 'token'), 'utf8').trim(), stderr: () => stderr, stop };
}
