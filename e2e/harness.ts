import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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
  /**
   * A one-time login link for the browser, not used yet: made by `officina login`, as a person who
   * needs another link gets one (the link serve printed is the harness's own sign-in, `cookie`).
   */
  loginUrl: string;
  /** The person's session cookie ("officina_session=…"), for calling the UI's API from a test. */
  cookie: string;
  dataDir: string;
  /** The document vault serve watches (inside the data directory, so stop() removes it too). */
  vault: string;
  /** The MCP token at start (it opens /mcp only); rotate_mcp_token replaces the file's (never OFFICINA_TOKEN's). */
  token: string;
  process: ChildProcess;
  /** POST /api/ops/<name> as the person (their session cookie), the way the UI calls it. */
  call(name: string, input: unknown): Promise<Response>;
  /** Another one-time login link, from `officina login --data-dir`. */
  newLoginUrl(): Promise<string>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/** `officina login` for `dataDir`: the link it prints for the running serve. */
export async function officinaLogin(dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'officina.mjs'), 'login', '--data-dir', dataDir]);
  const link = /(http:\/\/\S+\/login\?code=\S+)/.exec(stdout)?.[1];
  if (!link) throw new Error(`officina login printed no link:\n${stdout}`);
  return link;
}

/** Opens a login link as a browser would, without one: the session cookie it sets ("officina_session=…"). */
export async function signIn(loginUrl: string): Promise<string> {
  const res = await fetch(loginUrl, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie) throw new Error(`signing in with ${loginUrl} gave HTTP ${res.status}`);
  return cookie;
}

/**
 * Starts the real `officina serve` on a free port and a fresh data directory; resolves once /ready.
 * The token comes from OFFICINA_TOKEN, or with `tokenFile` from the token file serve makes (which
 * rotate_mcp_token can replace).
 */
export async function startServe(
  options: { dataDir?: string; tokenFile?: boolean; args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Served> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'officina-e2e-'));
  const vault = join(dataDir, 'vault');
  // Made beforehand, as a person's vault folder would be, so serve watches it from the start.
  mkdirSync(vault, { recursive: true });
  const envToken = 'e2e-token-0123456789abcdef';
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
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
      ...(options.args ?? []),
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const printedLoginUrl = await new Promise<string>((resolveUrl, reject) => {
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
  const url = new URL(printedLoginUrl).origin;
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = options.tokenFile ? readFileSync(join(dataDir, 'token'), 'utf8').trim() : envToken;
  const cookie = await signIn(printedLoginUrl);
  return {
    url,
    loginUrl: await officinaLogin(dataDir),
    cookie,
    dataDir,
    vault,
    token,
    process: child,
    call: (name, input) =>
      fetch(`${url}/api/ops/${name}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      }),
    newLoginUrl: () => officinaLogin(dataDir),
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

/**
 * A dialog or drawer still fading in would be caught half-drawn: `animations: 'disabled'` runs finite
 * transitions to their end before the picture is taken, as a person sees the page a moment later.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: false, animations: 'disabled' });
}

/** The headers' texts and the rows' cells of the table around `element`, read in the page at once. */
const readColumn = (element: Element, [header, rowSelector]: [string, string]) => {
  const table = element.closest('table');
  if (!table) throw new Error('Not inside a table');
  const heads = Array.from(table.querySelectorAll('thead th')).map((th) => (th as HTMLElement).innerText.trim());
  const index = heads.indexOf(header);
  if (index < 0) throw new Error(`This table has no column "${header}"; its columns: ${heads.join(' | ')}`);
  const rows = element instanceof HTMLTableRowElement ? [element] : Array.from(table.querySelectorAll(rowSelector));
  return rows.map(
    (tr) => ((tr as HTMLTableRowElement).cells[index] as HTMLElement | undefined)?.innerText.trim() ?? '',
  );
};

/**
 * The text of one row's cell in the column headed `header`. Tests read tables by column name, as a person
 * does: a column that steps aside in a narrow window shifts the others without breaking the test.
 */
export async function cellText(row: Locator, header: string): Promise<string> {
  return (await row.evaluate(readColumn, [header, ''] as [string, string]))[0] ?? '';
}

/** The texts of the column headed `header`, top to bottom, of the rows rendered (a virtual table's in view). */
export async function columnTexts(table: Locator, header: string): Promise<string[]> {
  return table.evaluate(readColumn, [header, 'tbody tr:not([aria-hidden])'] as [string, string]);
}
