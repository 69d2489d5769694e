// The checkpointer's thread (checkpointer.ts): its own connection to the database, folding the WAL
// back into the database file while the main thread goes on writing.
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReport, CheckpointWorkerData } from './checkpointer.js';
import { openSqlite } from './sqlite.js';

const { path, delayMs, driver } = workerData as CheckpointWorkerData;
const port = parentPort!;
const db = openSqlite(path, { driver, fileMustExist: true });
let timer: NodeJS.Timeout | undefined;

function checkpoint(): void {
  timer = undefined;
  try {
    // PASSIVE: never waits for, nor blocks, a reader or writer of either process.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    port.postMessage({ type: 'checkpointed', ...result! } satisfies CheckpointReport);
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message } satisfies CheckpointReport);
  }
}

port.on('message', (message: 'wrote' | 'close') => {
  if (message === 'close') {
    // Writes it was told of are folded in before it goes.
    if (timer) {
      clearTimeout(timer);
      checkpoint();
    }
    db.close();
    port.close();
    return;
  }
  // Writes arriving meanwhile wait for this one: one checkpoint per delay at most.
  timer ??= setTimeout(checkpoint, delayMs);
});
