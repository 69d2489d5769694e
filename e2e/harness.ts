import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
export const OUTPUT_DIR = join(ROOT, 'test-output', 'e2e');

/** Debian's Chromium (never a downloaded browser); OFFICINA_CHROMIUM points elsewhere. */
export function chromiumPath(): string {
  const path = process.env['OFFICINA_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install it (sudo apt-get install -y chromium) or set OFFICINA_CHROMIUM.`,
    );
  }
  return path;
}

export interface Served {
  url: string;
  loginUrl: string;
  dataDir: string;
  /** The document vault serve watches (inside the data directory, so stop() removes it too). */
  vault: string;
  /** The token at start; rotate_mcp_token replaces the file's (never OFFICINA_TOKEN's). */
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real `officina serve` on a free port and a fresh data directory; resolves once /ready.
 * The token comes from OFFICINA_TOKEN, or with `tokenFile` from the token file serve makes (which
 * rotate_mcp_token can replace).
 */
export async function startServe(options: { dataDir?: string; tokenFile?: boolean } = {}): Promise<Served> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'officina-e2e-'));
  const vault = join(dataDir, 'vault');
  // Made beforehand, as a person's vault folder would be, so serve watches it from the start.
  mkdirSync(vault, { recursive: true });
  const envToken = 'e2e-token-0123456789abcdef';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.tokenFile) delete env['OFFICINA_TOKEN'];
  else env['OFFICINA_TOKEN'] = envToken;
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'officina.mjs'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--vault',
      vault,
      '--log-level',
      'warn',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const loginUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /(http:\/\/\S+\/login\?code=\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  const url = new URL(loginUrl).origin;
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = options.tokenFile ? readFileSync(join(dataDir, 'token'), 'utf8').trim() : envToken;
  return {
    url,
    loginUrl,
    dataDir,
    vault,
    token,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: false });
}
