import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import type { ExtractedPage, ExtractOptions } from './extract.js';

/** The worker beside this module in the Node build (out/node); the desktop bundle passes its own file. */
export const DEFAULT_EXTRACT_WORKER = fileURLToPath(new URL('./extract-worker.js', import.meta.url));

/**
 * Reading a page (parsing, Readability, Markdown) costs far more than fetching it: ~300 KB news pages
 * parse at ~20 a second on one thread. The pool spreads that over worker threads, one per core, so
 * the main thread stays free for fetching and for every other call. Where the worker file is missing
 * (tests on the TypeScript sources) pages are read on the calling thread, the same function.
 */
export class ExtractPool {
  private readonly workerPath: string | undefined;
  private readonly threads: number;
  /** Made with the first page (piscina loads then too): an app that reads no page holds no pool. */
  private pool: Promise<Piscina> | undefined;

  constructor(options: { workerPath?: string | undefined; threads?: number } = {}) {
    const workerPath = options.workerPath ?? DEFAULT_EXTRACT_WORKER;
    this.workerPath = existsSync(workerPath) ? workerPath : undefined;
    this.threads = options.threads ?? Math.max(1, availableParallelism());
  }

  /** Whether pages are read on worker threads (false: on the calling thread). */
  get threaded(): boolean {
    return this.workerPath !== undefined;
  }

  async run(html: string, options: ExtractOptions, signal?: AbortSignal): Promise<ExtractedPage> {
    if (!this.workerPath) {
      // The reading libraries load with the first page, on this thread only when there is no worker.
      const { extractPage } = await import('./extract.js');
      return extractPage(html, options);
    }
    const pool = await (this.pool ??= this.start(this.workerPath));
    return (await pool.run({ html, options }, signal ? { signal } : {})) as ExtractedPage;
  }

  private async start(filename: string): Promise<Piscina> {
    const { Piscina } = await import('piscina');
    return new Piscina({
      filename,
      maxThreads: this.threads,
      minThreads: 0,
      // Threads go away when there is nothing to read: an idle app holds none.
      idleTimeout: 30_000,
      // Parsing makes garbage fast, and a worker's heap grows to V8's default limits before it
      // collects: a crawl of 10k pages held ~350 MB per thread. Bounded, they collect sooner; a page
      // that needs more than this fails on its own (its outcome says so), the crawl goes on. The
      // young generation stays at V8's usual size: a page's tree dies young, and at 16 MB the
      // collector took a fifth more time per 300 KB page.
      resourceLimits: { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 48 },
    });
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).destroy();
  }
}
