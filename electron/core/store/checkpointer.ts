import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface CheckpointWorkerData {
  path: string;
  delayMs: number;
}

export type CheckpointReport =
  { type: 'checkpointed'; busy: number; log: number; checkpointed: number } | { type: 'failed'; message: string };

/** The worker's compiled file beside this one (the Node build); the desktop bundle passes its own. */
export const DEFAULT_CHECKPOINT_WORKER = fileURLToPath(new URL('./checkpoint-worker.js', import.meta.url));

export const DEFAULT_START_AFTER_WAL_BYTES = 1024 * 1024;

/**
 * Folds the WAL back into the database in a worker thread, so the main thread does not. SQLite's
 * own checkpoint runs inside the commit that crosses wal_autocheckpoint: on the 2M-order benchmark
 * database every ~280th create_order stopped to copy ~10k pages and sync the file, a quarter of
 * their time. The worker checkpoints shortly after writes; the main connection's autocheckpoint
 * stays on, so the WAL still restarts (which needs the writer) and stays bounded if the worker
 * falls behind or is gone, and then finds most pages already copied.
 *
 * Started once the WAL has grown past `startAfterWalBytes` (1 MiB: a burst of writes, not the few rows
 * an app writes at start or a person's edits, which SQLite folds back in the writer at no noticeable
 * cost), stopped after a quiet spell: an idle app has no extra thread — a worker's isolate is ~14 MB
 * of an idle `serve`'s memory (`node bench/run.mjs idle`).
 */
export class BackgroundCheckpointer {
  private worker: Worker | null = null;
  private lastNudge = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private disabled: string | null = null;
  private closing: Promise<void> | null = null;
  readonly reports: CheckpointReport[] = [];

  constructor(
    private readonly options: {
      databasePath: string;
      workerPath?: string;
      /** How long after a write the checkpoint runs: writes meanwhile share it. */
      delayMs?: number;
      idleMs?: number;
      /** The WAL's size from which the worker is worth its thread; 0 starts it on the first write. */
      startAfterWalBytes?: number;
      onProblem?: (message: string) => void;
    },
  ) {
    const workerPath = options.workerPath ?? DEFAULT_CHECKPOINT_WORKER;
    // A missing worker (a build that did not bundle it) leaves SQLite's own checkpoints doing the work.
    if (!existsSync(workerPath)) this.disable(`the checkpoint worker ${workerPath} is missing`);
  }

  /** After a write transaction commits. Cheap: a message at most every few milliseconds. */
  wrote(): void {
    if (this.disabled || this.closing) return;
    const now = performance.now();
    if (now - this.lastNudge < 5) return;
    this.lastNudge = now;
    if (!this.worker && !this.walIsLarge()) return;
    (this.worker ??= this.start()).postMessage('wrote');
    this.idleTimer?.refresh();
  }

  /**
   * The WAL file keeps the size of the largest backlog it has held (SQLite writes it over from the
   * start without shrinking it): past the threshold, this database takes writes in bursts.
   */
  private walIsLarge(): boolean {
    const threshold = this.options.startAfterWalBytes ?? DEFAULT_START_AFTER_WAL_BYTES;
    if (threshold <= 0) return true;
    const size = statSync(`${this.options.databasePath}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    return size >= threshold;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private start(): Worker {
    const worker = new Worker(this.options.workerPath ?? DEFAULT_CHECKPOINT_WORKER, {
      workerData: {
        path: this.options.databasePath,
        delayMs: this.options.delayMs ?? 25,
      } satisfies CheckpointWorkerData,
      // Its own small heap: it holds a connection and a timer.
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
    worker.unref();
    worker.on('message', (report: CheckpointReport) => {
      if (this.reports.push(report) > 16) this.reports.shift();
      if (report.type === 'failed') this.options.onProblem?.(`a background checkpoint failed: ${report.message}`);
    });
    worker.on('error', (error) => this.disable(`the checkpoint worker stopped: ${error.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    this.idleTimer = setTimeout(() => void this.stopWorker(), this.options.idleMs ?? 30_000);
    this.idleTimer.unref();
    return worker;
  }

  private disable(reason: string): void {
    if (this.disabled) return;
    this.disabled = reason;
    this.options.onProblem?.(`${reason}; SQLite's checkpoints in the writer carry on`);
    void this.stopWorker();
  }

  private async stopWorker(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    // It closes its connection and exits at once; a stuck one is ended.
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }

  /** Stops the worker (before the store's own closing checkpoint). */
  close(): Promise<void> {
    return (this.closing ??= this.stopWorker());
  }
}
