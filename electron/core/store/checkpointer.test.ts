import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { Store } from './store.js';

// The worker runs as a file of its own, so these tests use the built ones (`npm test` builds first):
// the Node build's (serve, mcp) and the desktop bundle's.
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const WORKERS = {
  node: join(ROOT, 'out', 'node', 'electron', 'core', 'store', 'checkpoint-worker.js'),
  desktop: join(ROOT, 'out', 'main', 'checkpoint-worker.cjs'),
};

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.closeAsync();
});

function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const poll = () => {
      if (condition()) done();
      else if (Date.now() > deadline) fail(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

function writeRows(store: Store, batches: number) {
  store.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = store.sqlite.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let b = 0; b < batches; b++) store.transaction(() => insert.run('x'.repeat(3000)));
}

/**
 * A burst of writes, then one more after a pause: the store tells the checkpointer of writes at most
 * every 5 ms, so the burst's last commits may pass unseen; the next write, as in a running app, is
 * seen (without it the test would depend on where the 5 ms windows fell).
 */
async function writeBurst(store: Store, batches: number) {
  writeRows(store, batches);
  await new Promise((done) => setTimeout(done, 10));
  writeRows(store, 1);
}

describe.each(Object.entries(WORKERS))('the checkpoint worker (%s build)', (_build, workerPath) => {
  it('is built', () => {
    expect(existsSync(workerPath), `${workerPath} is missing: run npm run build first`).toBe(true);
  });

  it('folds the WAL back in its own thread after writes, and leaves the data whole', async () => {
    const dir = tempDir();
    const problems: string[] = [];
    const store = Store.open(dir, { checkpointWorker: workerPath, onProblem: (m) => problems.push(m) });
    stores.push(store);
    expect(store.checkpointer?.running).toBe(false);
    await writeBurst(store, 200);
    expect(store.checkpointer?.running).toBe(true);
    await until(() => store.checkpointer!.reports.some((r) => r.type === 'checkpointed' && r.checkpointed > 0));
    const report = store.checkpointer!.reports.find((r) => r.type === 'checkpointed')!;
    expect(report).toMatchObject({ type: 'checkpointed', busy: 0 });
    // Nothing left for the writer to copy: the worker did it.
    const [mine] = store.sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(mine!.checkpointed).toBe(mine!.log);
    expect(problems).toEqual([]);
    await store.closeAsync();
    const reopened = Store.open(dir, { checkpoints: 'inline' });
    expect(reopened.sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(201);
    reopened.close();
  });

  it('is not started by a few small writes (an idle app keeps no extra thread), and is by a burst', async () => {
    const store = Store.open(tempDir(), { checkpointWorker: workerPath });
    stores.push(store);
    writeRows(store, 5);
    expect(store.checkpointer?.running).toBe(false);
    await writeBurst(store, 400);
    expect(store.checkpointer?.running).toBe(true);
  });

  it('stops after a quiet spell and starts again on the next write', async () => {
    const store = Store.open(tempDir(), { checkpoints: 'inline' });
    stores.push(store);
    const checkpointer = new BackgroundCheckpointer({
      databasePath: store.path,
      workerPath,
      idleMs: 150,
      startAfterWalBytes: 0,
    });
    checkpointer.wrote();
    expect(checkpointer.running).toBe(true);
    await until(() => !checkpointer.running);
    writeRows(store, 3);
    checkpointer.wrote();
    expect(checkpointer.running).toBe(true);
    await until(() => checkpointer.reports.some((r) => r.type === 'checkpointed'));
    await checkpointer.close();
    expect(checkpointer.running).toBe(false);
  });
});

describe('without its worker file', () => {
  it('says so, and SQLite checkpoints in the writer as before', async () => {
    const problems: string[] = [];
    const store = Store.open(tempDir(), {
      checkpointWorker: join(tempDir(), 'no-such-worker.js'),
      onProblem: (m) => problems.push(m),
    });
    stores.push(store);
    expect(problems).toEqual([expect.stringMatching(/checkpoint worker .*no-such-worker\.js is missing/)]);
    writeRows(store, 50);
    expect(store.checkpointer?.running).toBe(false);
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
  });
});
