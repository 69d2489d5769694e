import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { giveEveryToolset, ok, tempDir, testApp } from '../../test/helpers.js';
import { CLI } from '../../test/mcp-process.js';

/*
 * What an idle `officina serve` holds is measured by `node bench/run.mjs idle` (beside the SDK's bare
 * HTTP server). These are the loads that once made it heavier, none of which an idle server needs,
 * checked in the real process after a host's session (initialize, tools/list, a few reads): Intl (its
 * first use maps ICU's locale data, ~6 MB of the node binary's pages and ~2 MB more), the address
 * formatter (~2 MB of heap), and Node's compile cache (kept in memory until exit, ~5 MB).
 */
const PRELOAD = String.raw`
import { registerHooks, getCompileCacheDir } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
const intl = [];
const note = (name) => { if (intl.length < 20) intl.push(name + '\n' + new Error().stack.split('\n').slice(2, 7).join('\n')); };
for (const name of Object.keys(Object.getOwnPropertyDescriptors(Intl))) {
  const value = Intl[name];
  if (typeof value !== 'function') continue;
  Intl[name] = new Proxy(value, {
    construct: (target, args, newTarget) => (note('Intl.' + name), Reflect.construct(target, args, newTarget)),
    apply: (target, self, args) => (note('Intl.' + name), Reflect.apply(target, self, args)),
  });
}
for (const [owner, method] of [[Number.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleDateString'], [Date.prototype, 'toLocaleTimeString'], [String.prototype, 'localeCompare'],
  [BigInt.prototype, 'toLocaleString'], [Array.prototype, 'toLocaleString']]) {
  const original = owner[method];
  owner[method] = function (...args) { note(method); return original.apply(this, args); };
}
process.on('exit', () => {
  writeFileSync(process.env.IDLE_REPORT, JSON.stringify({ loaded: [...loaded], intl, compileCache: getCompileCacheDir() ?? null }));
});
`;

interface Report {
  loaded: string[];
  intl: string[];
  compileCache: string | null;
}

describe('an idle officina serve', () => {
  it('has not loaded Intl, the address formatter or a compile cache after a host’s reads of a customer and an order', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const app = testApp({ dataDir, watchVault: false });
    await giveEveryToolset(app);
    // A customer with an address and a phone, and an order: a host's usual reads check countries and
    // money, which must not need Intl either.
    const created = ok<{ id: number }>(
      await app.call('create_customer', {
        name: 'Ada Idle',
        email: 'ada@idle.test',
        phone: '+49 30 1234567',
        address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' },
      }),
    );
    ok(await app.call('create_product', { sku: 'MUG', name: 'Mug', price: 12.5, initial_stock: 5 }));
    const order = ok<{ id: number }>(
      await app.call('create_order', { customer_id: created.id, items: [{ product_id: 'MUG', quantity: 2 }] }),
    );
    await app.close();
    const preload = join(dir, 'preload.mjs');
    writeFileSync(preload, PRELOAD);
    const reportFile = join(dir, 'report.json');

    const env: NodeJS.ProcessEnv = { ...process.env, IDLE_REPORT: reportFile };
    delete env['OFFICINA_TOKEN'];
    delete env['NODE_COMPILE_CACHE'];
    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(preload).href, CLI, 'serve', '--port', '0', '--data-dir', dataDir],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 30_000;
      let url: string | undefined;
      while (!(url = /(http:\/\/127\.0\.0\.1:\d+)\/login\?code=/.exec(stderr)?.[1])) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
      const client = new Client({ name: 'idle-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('get_customer');
      const got = await client.callTool({ name: 'get_customer', arguments: { customer_id: created.id } });
      expect(got.structuredContent).toMatchObject({ name: 'Ada Idle', address: { country: 'DE' } });
      const listed = await client.callTool({ name: 'list_orders', arguments: {} });
      expect(listed.isError, JSON.stringify(listed.content)).toBeFalsy();
      const placed = await client.callTool({ name: 'get_order', arguments: { order_id: order.id } });
      expect(placed.structuredContent).toMatchObject({ id: order.id });
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    expect(report.intl, 'Intl used: ICU’s locale data then stays mapped; make it lazy').toEqual([]);
    expect(report.loaded.filter((url) => url.includes('address-formatter'))).toEqual([]);
    // The report is real: it saw the server's own modules load.
    expect(report.loaded.some((url) => url.endsWith('/electron/core/app.js'))).toBe(true);
    expect(report.compileCache).toBeNull();
  }, 60_000);
});
