import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

const SECRET = 'OUTSIDE-SECRET-8c1f';
const FILES = 24;

/**
 * In another process (so the swaps do not wait for this one's event loop): each round, every file
 * gets new content (written beside it, renamed over), then, a little later, is replaced by a link to
 * the outside file, then after a pause the next round begins. The delays spread the swaps over the
 * moments the watcher or a polling scan looks at the files.
 */
const SWAPPER = `
const { renameSync, symlinkSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const [vault, outside, files, rounds, pause] = process.argv.slice(1).map((a, i) => (i < 2 ? a : +a));
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < files; i++) {
    const temp = join(vault, '.swap-' + i);
    rmSync(temp, { force: true });
    writeFileSync(temp, 'round ' + round + ' of file ' + i);
    renameSync(temp, join(vault, 'doc-' + i + '.txt'));
  }
  sleep(pause + (round % 7) * 4);
  for (let i = 0; i < files; i++) {
    const link = join(vault, '.link-' + i);
    rmSync(link, { force: true });
    symlinkSync(outside, link);
    renameSync(link, join(vault, 'doc-' + i + '.txt'));
    if (i % 4 === 0) sleep(1);
  }
  sleep(pause / 4 + (round % 5) * 5);
}
`;

/** `pause`: about how long each round's files stay regular files (ms). */
function swap(vault: string, outside: string, rounds: number, pause: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [vault, outside, FILES, rounds, pause].map(String);
    const child = spawn(process.execPath, ['-e', SWAPPER, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`swapper failed: ${stderr}`))));
  });
}

/** Every version ever kept, every indexed text, every record: none may hold the outside file's content. */
function leaked(app: ReturnType<typeof testApp>): string[] {
  const found: string[] = [];
  const versions = app.store.sqlite.prepare('SELECT id, blob FROM document_versions').all() as {
    id: number;
    blob: string;
  }[];
  for (const v of versions) {
    if (app.services.vault.docs.blobs.get(v.blob).toString('utf8').includes(SECRET)) found.push(`version ${v.id}`);
  }
  const indexed = app.store.sqlite.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?').pluck();
  if ((indexed.get(`"${SECRET.split('-')[2]}"`) as number) > 0) found.push('the search index');
  return found;
}

describe('vault: a file swapped for a link to an outside file while it is read', () => {
  function setup() {
    const vault = tempDir();
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, `${SECRET}\n`);
    mkdirSync(vault, { recursive: true });
    for (let i = 0; i < FILES; i++) writeFileSync(join(vault, `doc-${i}.txt`), `first content of file ${i}`);
    return { vault, outside };
  }
  const versions = (app: ReturnType<typeof testApp>) =>
    app.store.sqlite.prepare('SELECT count(*) FROM document_versions').pluck().get() as number;

  it('never records the outside content when the watcher reads a changed file', async () => {
    const { vault, outside } = setup();
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    // Regular files for about the watcher's settling time, so it reads them just as they are swapped.
    await swap(vault, outside, 20, 140);
    for (let i = 0; i < 3; i++) symlinkSync(outside, join(vault, `extra-${i}.txt`));
    await new Promise((resolve) => setTimeout(resolve, 800));
    await app.services.vaultWatcher.idle();
    expect(leaked(app)).toEqual([]);
    // The files were read between the swaps all the same: the watch went on.
    expect(versions(app)).toBeGreaterThan(FILES);
  }, 60_000);

  it('never records the outside content when a scan reads the files it listed', async () => {
    const { vault, outside } = setup();
    const app = testApp({ vault, watchVault: true, vaultPolling: true });
    await app.ready;
    // The same pass as at start-up and when polling, reading every file: while the files flip quickly.
    const swapping = swap(vault, outside, 60, 4);
    let done = false;
    void swapping.finally(() => (done = true));
    while (!done) ok(await app.call('rebuild_index', {}));
    await swapping;
    await app.services.vaultWatcher.idle();
    expect(leaked(app)).toEqual([]);
    expect(versions(app)).toBeGreaterThan(FILES);
  }, 60_000);
});
