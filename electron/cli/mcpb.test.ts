import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getMcpConfigForManifest, type McpbManifestAny } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Piscina as PiscinaPool } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../../test/fixture-site.js';
import { giveEveryToolsetIn, tempDir } from '../../test/helpers.js';
import { ROOT } from '../../test/mcp-process.js';
import type { CheckpointReport } from '../core/store/checkpointer.js';
import { openSqlite } from '../core/store/sqlite.js';

// The MCP Bundle as Claude Desktop gets it: built by `npm run pack:mcpb`'s script, unpacked by the mcpb
// CLI, its manifest validated, and its server started as Claude Desktop starts it (the manifest's
// mcp_config, variables replaced by the mcpb library's own function, `node` being this Node).
const MCPB = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const BUNDLE = join(ROOT, 'dist', 'officina.mcpb');

function run(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

let unpacked: string;
let manifest: McpbManifestAny;

beforeAll(() => {
  run([join(ROOT, 'scripts', 'pack-mcpb.mjs')]);
  // For the whole file (tempDir's folders go after each test).
  unpacked = mkdtempSync(join(tmpdir(), 'officina-mcpb-'));
  run([MCPB, 'unpack', BUNDLE, unpacked]);
  manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as McpbManifestAny;
}, 240_000);

afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

/** The server as Claude Desktop starts it, with the folders the person chose (or none) and `extra` arguments. */
async function startBundle(userConfig: Record<string, string>, env: Record<string, string>, extra: string[] = []) {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs: {},
    userConfig,
    pathSeparator: '/',
  });
  if (!config) throw new Error('the manifest gave no mcp_config');
  expect(config.command).toBe('node');
  const transport = new StdioClientTransport({
    // Claude Desktop runs `node` as its own built-in Node; and a minimal PATH, so nothing is found on it.
    command: process.execPath,
    args: [...(config.args ?? []), '--log-level', 'warn', ...extra],
    env: { PATH: '', ...env, ...config.env },
    // Its home as working directory: a placeholder taken for a relative path would land there.
    ...(env['HOME'] ? { cwd: env['HOME'] } : {}),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
  await client.connect(transport);
  const call = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}\nstderr:\n${stderr}`);
    return result.structuredContent as T;
  };
  return { client, call, stderr: () => stderr };
}

describe('the MCP Bundle (npm run pack:mcpb)', () => {
  it('is a valid bundle with no native module in it', () => {
    expect(statSync(BUNDLE).size).toBeGreaterThan(0);
    const files = filesBelow(unpacked);
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        join('server', 'index.js'),
        join('server', 'checkpoint-worker.js'),
        join('server', 'extract-worker.js'),
        join('server', 'node_modules', 'piscina', 'package.json'),
      ]),
    );
    expect(files.some((f) => f.includes('better-sqlite3'))).toBe(false);
    expect(run([MCPB, 'validate', join(unpacked, 'manifest.json')])).toMatch(/validation passes/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest).toMatchObject({
      version: pkg.version,
      server: { type: 'node', entry_point: 'server/index.js' },
      compatibility: { runtimes: { node: '>=24.0.0' } },
    });
  });

  it('serves MCP over stdio on node:sqlite: initialize, tools/list, a write and a read, kept in the data folder', async () => {
    const home = tempDir();
    const dataDir = join(home, 'data');
    const vault = join(home, 'vault');
    const bundle = await startBundle({ data_directory: dataDir, vault }, { HOME: home });
    try {
      expect(bundle.client.getServerVersion()).toMatchObject({ name: 'officina' });
      const { tools } = await bundle.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['create_customer', 'get_customer']));
      const created = await bundle.call<{ id: number }>('create_customer', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        tags: ['vip'],
      });
      expect(await bundle.call('get_customer', { customer_id: created.id })).toMatchObject({
        id: created.id,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        tags: ['vip'],
      });
      // The vault and its full-text index (FTS5 in node's SQLite). A Markdown file's text comes from
      // marked, which core loads on first use: the bundle must carry it beside the server.
      await bundle.call('upload_document', { content: '# Plan\n\nShip the mugs in May.\n', destination: 'plan.md' });
      const hits = await bundle.call<{ items: { document_id: string }[] }>('search_documents', { query: 'mugs' });
      expect(hits.items.map((h) => h.document_id)).toEqual(['plan.md']);
      // A phone number is read by libphonenumber-js, also loaded on first use.
      const called = await bundle.call<{ phone: string }>('create_customer', {
        name: 'Grace Hopper',
        email: 'grace@example.com',
        phone: '+44 20 7946 0958',
      });
      expect(called.phone).toBe('+44 20 7946 0958');
    } finally {
      await bundle.client.close();
    }
    expect(readFileSync(join(vault, 'plan.md'), 'utf8')).toContain('Ship the mugs');
    const db = openSqlite(join(dataDir, 'officina.db'), { driver: 'node', readonly: true });
    try {
      expect(db.prepare('SELECT name FROM customers ORDER BY id').pluck().all()).toEqual([
        'Ada Lovelace',
        'Grace Hopper',
      ]);
    } finally {
      db.close();
    }
  });

  it('uses the desktop app’s data folder when the person leaves the folders empty', async () => {
    const home = tempDir();
    const bundle = await startBundle({}, { HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
    try {
      await bundle.call('create_customer', { name: 'Grace Hopper', email: 'grace@example.com' });
    } finally {
      await bundle.client.close();
    }
    expect(existsSync(join(home, '.config', 'Officina', 'officina.db'))).toBe(true);
    expect(readdirSync(home)).not.toContain('${user_config.data_directory}');
  });

  describe('its worker threads, from the bundled files', () => {
    const site = new FixtureSite();
    beforeAll(() => site.start());
    afterAll(() => site.close());

    it('reads pages in the extract pool (piscina as shipped, the bundled extract worker)', async () => {
      site.page(
        '/about',
        `<!doctype html><html><head><title>About us</title></head><body><nav><a href="/">Home</a></nav><main><h1>About us</h1>
         ${`<p>${'We make mugs by hand in a small workshop, glazed and fired in our own kiln. '.repeat(4)}</p>`.repeat(3)}
         <p>Write to sales@example.com for a catalogue.</p></main></body></html>`,
      );
      const home = tempDir();
      const dataDir = join(home, 'data');
      // The scraper is a toolset the person turns on; done here on the data folder with this checkout's code.
      await giveEveryToolsetIn(dataDir);
      const bundle = await startBundle({ data_directory: dataDir, vault: join(home, 'vault') }, { HOME: home }, [
        '--allow-private-hosts',
        '127.0.0.1',
      ]);
      try {
        const page = await bundle.call<{ title: string; content: string; content_source: string }>('scrape_website', {
          url: site.url('/about'),
        });
        expect(page.title).toBe('About us');
        // Readability found the article (its light DOM, bundled): the navigation is left out.
        expect(page.content_source).toBe('readability');
        expect(page.content).toContain('sales@example.com');
        expect(page.content).not.toContain('Home');
      } finally {
        await bundle.client.close();
      }
      expect(bundle.stderr()).not.toMatch(/worker/i);
      // The pool of the bundle, directly: piscina from server/node_modules runs server/extract-worker.js.
      const server = join(unpacked, 'server');
      const { Piscina } = (await import(
        pathToFileURL(join(server, 'node_modules', 'piscina', 'dist', 'esm-wrapper.mjs')).href
      )) as { Piscina: typeof PiscinaPool };
      const pool = new Piscina({ filename: join(server, 'extract-worker.js'), maxThreads: 1 });
      try {
        const extracted = (await pool.run({
          html: `<!doctype html><html><head><title>T</title></head><body><main>${`<p>${'Hello there, reader, and welcome. '.repeat(8)}</p>`.repeat(3)}</main></body></html>`,
          options: { url: 'https://example.com/', format: 'text', links: false, images: false, content: true },
        })) as { title: string; content: string; content_source: string };
        expect(extracted).toMatchObject({
          title: 'T',
          content_source: 'readability',
          content: expect.stringContaining('Hello there'),
        });
      } finally {
        await pool.destroy();
      }
    });

    it('checkpoints the WAL in the bundled checkpoint worker, on node:sqlite', async () => {
      const dataDir = tempDir();
      const db = openSqlite(join(dataDir, 'officina.db'), { driver: 'node' });
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (x TEXT)');
      db.prepare('INSERT INTO t (x) VALUES (?)').run('y'.repeat(10_000));
      const worker = new Worker(join(unpacked, 'server', 'checkpoint-worker.js'), {
        workerData: { path: join(dataDir, 'officina.db'), delayMs: 0, driver: 'node' },
      });
      try {
        const report = new Promise<CheckpointReport>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        worker.postMessage('wrote');
        expect(await report).toMatchObject({ type: 'checkpointed', busy: 0 });
        expect((await report) as { checkpointed: number }).toMatchObject({ checkpointed: expect.any(Number) });
      } finally {
        worker.postMessage('close');
        await new Promise((resolve) => worker.once('exit', resolve));
        db.close();
      }
    });
  });
});
