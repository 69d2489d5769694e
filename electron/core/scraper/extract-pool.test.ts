import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractPage } from './extract.js';
import { ExtractPool } from './extract-pool.js';

// The worker runs as a file of its own, so these tests use the built ones (`npm test` builds first):
// the Node build's (serve, mcp) and the desktop bundle's.
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const WORKERS = {
  node: join(ROOT, 'out', 'node', 'electron', 'core', 'scraper', 'extract-worker.js'),
  desktop: join(ROOT, 'out', 'main', 'extract-worker.cjs'),
};

const pools: ExtractPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

const page = (n: number) => `<!doctype html><html lang="en"><head><title>Page ${n}</title></head><body>
<nav><a href="/">Home</a></nav><main><h1>Page ${n}</h1>
${'<p>Officina reads this page on a worker thread, the same way it would on the main one. </p>'.repeat(12)}
<span class="price">$${n}.00</span><a href="/next/${n + 1}">next</a></main></body></html>`;

const options = (n: number) => ({
  url: `https://shop.example.com/p/${n}`,
  format: 'markdown' as const,
  links: true,
  selectors: { price: '.price', next: { selector: 'main a', attribute: 'href' } },
});

describe.each(Object.entries(WORKERS))('the extract pool (%s build)', (_build, workerPath) => {
  it('is built', () => {
    expect(existsSync(workerPath), `${workerPath} is missing: run npm run build first`).toBe(true);
  });

  it('reads pages on worker threads exactly as the calling thread would, many at once', async () => {
    const pool = new ExtractPool({ workerPath, threads: 2 });
    pools.push(pool);
    expect(pool.threaded).toBe(true);
    const results = await Promise.all(Array.from({ length: 24 }, (_, n) => pool.run(page(n), options(n))));
    results.forEach((result, n) => expect(result).toEqual(extractPage(page(n), options(n))));
    expect(results[3]?.selectors).toEqual({ price: ['$3.00'], next: ['https://shop.example.com/next/4'] });
  });

  it('gives up a page whose caller cancelled', async () => {
    const pool = new ExtractPool({ workerPath, threads: 1 });
    pools.push(pool);
    const controller = new AbortController();
    controller.abort(new Error('the crawl was stopped'));
    await expect(pool.run(page(1), options(1), controller.signal)).rejects.toThrow();
  });
});

describe('the extract pool without its worker file', () => {
  it('reads pages on the calling thread, the same way', async () => {
    const pool = new ExtractPool({ workerPath: join(ROOT, 'no', 'such', 'worker.js') });
    pools.push(pool);
    expect(pool.threaded).toBe(false);
    expect(await pool.run(page(7), options(7))).toEqual(extractPage(page(7), options(7)));
  });
});
