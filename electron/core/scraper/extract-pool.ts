import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { extractPage, type ExtractedPage, type ExtractOptions } from './extract.js';

/** The worker beside this module in the Node build (out/node); the desktop bundle passes its own file. */
export const DEFAULT_EXTRACT_WORKER = fileURLToPath(new URL('./extract-worker.js', import.meta.url));

/**
 * Reading a page (parsing, Readability, Markdown) costs far more than fetching it: ~300 KB news pages
 * parse at ~20 a second on one thread. The pool spreads that over worker threads, one per core, so
 * the main thread stays free for fetching and for every other call. Where the worker file is missing
 * (tests on the TypeScript sources) pages are read on the calling thread, the same function.
 */
export class ExtractPool {
  private readonly pool: Piscina | undefined;

  constructor(options: { workerPath?: string | undefined; threads?: number } = {}) {
    const workerPath = options.workerPath ?? DEFAULT_EXTRACT_WORKER;
    this.pool = existsSync(workerPath)
      ? new Piscina({
          filename: workerPath,
          maxThreads: options.threads ?? Math.max(1, availableParallelism()),
          minThreads: 0,
          // Threads go away when there is nothing to read: an idle app holds none.
          idleTimeout: 30_000,
          // Parsing makes garbage fast, and a worker's heap grows to V8's default limits before it
          // collects: a crawl of 10k pages held ~350 MB per thread. Bounded, they collect sooner; a page
          // that needs more than this fails on its own (its outcome says so), the crawl goes on.
          resourceLimits: { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 },
        })
      : undefined;
  }

  /** Whether pages are read on worker threads (false: on the calling thread). */
  get threaded(): boolean {
    return this.pool !== undefined;
  }

  run(html: string, options: ExtractOptions, signal?: AbortSignal): Promise<ExtractedPage> {
    if (!this.pool) return Promise.resolve(extractPage(html, options));
    return this.pool.run({ html, options }, signal ? { signal } : {}) as Promise<ExtractedPage>;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
