import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../shared/vault.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../../test/small-disk.js';
import { sha256 } from './blobs.js';

type App = ReturnType<typeof testApp>;
type Versions = { items: { version_id: number; number: number; reason: string }[] };

/** Every file under `dir`, as relative paths, hidden ones (temporary files) included. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function count(app: App, table: string): number {
  return app.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/**
 * Fills the disk at `dir` (a real full disk, not an injected error) but for `leave` bytes; returns
 * what frees it again, for the app to close cleanly (its last checkpoint writes).
 */
function fill(dir: string, leave = 0): () => void {
  const fillers: string[] = [];
  const free = () => {
    const { bavail, bsize } = statfsSync(dir);
    return bavail * bsize;
  };
  let size = Math.max(free() - leave, 0);
  for (let i = 0; size >= 1; i++) {
    const filler = join(dir, `filler-${i}`);
    try {
      writeFileSync(filler, Buffer.alloc(size, 1));
      fillers.push(filler);
      size = Math.max(free() - leave, 0);
    } catch {
      rmSync(filler, { force: true });
      size = Math.floor(size / 2); // That much no longer fits: try a smaller piece.
    }
  }
  return () => {
    for (const filler of fillers) rmSync(filler, { force: true });
  };
}

describe.skipIf(!canMountSmallDisk)(`vault files on a full disk (${NO_SMALL_DISK})`, () => {
  it('refuses an upload that does not fit with io_error, leaving no file, temp, document or version', async () => {
    const vault = smallDisk(256 * 1024);
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    const refused = await app.call('upload_document', {
      content: randomBytes(600_000).toString('base64'),
      encoding: 'base64',
      destination: 'scans/big.bin',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'io_error' } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(
      /^The disk is full: big\.bin could not be written \([\d,]+ bytes written of 600,000\)/,
    );
    // Long enough for the watcher to have seen any file the upload left.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await app.services.vaultWatcher.idle();
    expect(filesIn(vault)).toEqual([]);
    expect(existsSync(join(vault, 'scans'))).toBe(false);
    expect(count(app, 'documents')).toBe(0);
    expect(count(app, 'document_versions')).toBe(0);
    expect(count(app, 'blobs')).toBe(0);
  });

  it('keeps the old content, whole, when a new version does not fit', async () => {
    const vault = smallDisk(256 * 1024);
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    const doc = ok<Document>(await app.call('upload_document', { content: 'the old content', destination: 'a.txt' }));
    const refused = await app.call('upload_document', {
      content: 'x'.repeat(600_000),
      destination: 'a.txt',
      overwrite: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'io_error' } });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await app.services.vaultWatcher.idle();
    expect(filesIn(vault)).toEqual(['a.txt']);
    expect(readFileSync(join(vault, 'a.txt'), 'utf8')).toBe('the old content');
    const versions = ok<Versions>(await app.call('list_document_versions', { document_id: 'a.txt' }));
    expect(versions.items.map((v) => v.reason)).toEqual(['upload']);
    const [listed] = ok<{ items: Document[] }>(await app.call('list_documents', {})).items;
    expect(listed).toMatchObject({ id: doc.id, hash: sha256(Buffer.from('the old content')), version: doc.version });
  });

  it('leaves nothing in the vault when the data disk fills during uploads: every file is a whole, recorded document', async () => {
    const dataDir = smallDisk(12 * 1024 * 1024);
    const vault = tempDir();
    const app = testApp({ dataDir, vault });
    ok(await app.call('upload_document', { content: 'before the disk filled', destination: 'first.txt' }));
    // Room for a few uploads, not for all of them.
    const free = fill(dataDir, 400 * 1024);
    // Incompressible, so each version takes its whole size wherever it is kept.
    const contents = Array.from({ length: 12 }, () => randomBytes(100_000));
    const results: Awaited<ReturnType<App['call']>>[] = [];
    for (const [i, content] of contents.entries()) {
      results.push(
        await app.call('upload_document', {
          content: content.toString('base64'),
          encoding: 'base64',
          destination: `f${i}.bin`,
        }),
      );
    }
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(contents.length);
    for (const result of refused) expect(result).toMatchObject({ ok: false, error: { code: 'io_error' } });
    const kept = contents.flatMap((content, i) => (results[i]!.ok ? [[`f${i}.bin`, sha256(content)] as const] : []));
    // The vault holds exactly the accepted files, whole; the database has each of them as it is.
    expect(filesIn(vault)).toEqual(['first.txt', ...kept.map(([name]) => name)].sort());
    for (const [name, hash] of kept) expect(sha256(readFileSync(join(vault, name)))).toBe(hash);
    const rows = app.store.sqlite.prepare('SELECT path, hash FROM documents WHERE deleted_at IS NULL').all();
    expect(rows).toEqual(expect.arrayContaining(kept.map(([path, hash]) => ({ path, hash }))));
    expect(rows).toHaveLength(kept.length + 1);
    free();
  });

  it('refuses an upload whose version does not fit on the data disk, keeping the vault as it was', async () => {
    const dataDir = smallDisk(12 * 1024 * 1024);
    const vault = tempDir();
    const app = testApp({ dataDir, vault });
    ok(await app.call('upload_document', { content: 'kept as it is', destination: 'big.bin' }));
    const free = fill(dataDir);
    for (const overwrite of [false, true]) {
      const refused = await app.call('upload_document', {
        content: randomBytes(600_000).toString('base64'),
        encoding: 'base64',
        destination: overwrite ? 'big.bin' : 'new/big.bin',
        overwrite,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'io_error' } });
    }
    expect(filesIn(vault)).toEqual(['big.bin']);
    expect(readFileSync(join(vault, 'big.bin'), 'utf8')).toBe('kept as it is');
    expect(existsSync(join(vault, 'new'))).toBe(false);
    free();
  });

  it('answers io_error to a download that does not fit, leaving nothing in the allowed folder', async () => {
    const allowed = smallDisk(256 * 1024);
    const app = testApp({ vault: tempDir(), allowPaths: [allowed] });
    ok(
      await app.call('upload_document', {
        content: randomBytes(600_000).toString('base64'),
        encoding: 'base64',
        destination: 'big.bin',
      }),
    );
    const refused = await app.call('download_document', {
      document_id: 'big.bin',
      destination_path: join(allowed, 'out', 'big.bin'),
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'io_error', message: expect.stringMatching(/^The disk is full: big\.bin could not be written/) },
    });
    expect(readdirSync(allowed)).toEqual([]);
  });

  it('answers io_error to a CSV export that does not fit, leaving nothing in the allowed folder', async () => {
    const allowed = smallDisk(64 * 1024);
    const app = testApp({ vault: tempDir(), allowPaths: [allowed] });
    for (let i = 0; i < 40; i++) {
      ok(
        await app.call('create_customer', {
          name: `Customer ${i}`,
          email: `c${i}@example.com`,
          notes: 'n'.repeat(2000),
        }),
      );
    }
    const refused = await app.call('export_csv', {
      entity: 'customers',
      destination_path: join(allowed, 'exports', 'customers.csv'),
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'io_error',
        message: expect.stringMatching(/^The disk is full: customers\.csv could not be written/),
      },
    });
    expect(readdirSync(allowed)).toEqual([]);
  });

  it('publishes whole or answers io_error when the data disk is full', async () => {
    const dataDir = smallDisk(12 * 1024 * 1024);
    const app = testApp({ dataDir, vault: tempDir() });
    ok(
      await app.call('upload_document', { content: `# Long\n\n${'word '.repeat(100_000)}\n`, destination: 'long.md' }),
    );
    ok(await app.call('submit_for_review', { document_id: 'long.md' }));
    ok(await app.call('approve_document', { document_id: 'long.md' }));
    const free = fill(dataDir);
    const refused = await app.call('publish_document', { document_id: 'long.md' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'io_error' } });
    const published = join(dataDir, 'published');
    expect(existsSync(published) ? filesIn(published) : []).toEqual([]);
    free();
  });
});

/**
 * A database write that fails after the file was written (here a trigger refusing it: any failure,
 * a full data disk among them) leaves the vault as it was.
 */
describe('vault files when the database refuses the change', () => {
  function refuse(app: App, table: string, event: 'INSERT' | 'UPDATE'): void {
    app.store.sqlite.exec(
      `CREATE TRIGGER refuse_${event.toLowerCase()}_${table} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
  }
  function allow(app: App, table: string, event: 'INSERT' | 'UPDATE'): void {
    app.store.sqlite.exec(`DROP TRIGGER refuse_${event.toLowerCase()}_${table}`);
  }

  it('answers ok to an upload whose activity entry cannot be written yet, and writes that entry later', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    refuse(app, 'activity', 'INSERT');
    // The upload committed in its own transaction: an error now would invite a retry of what was done.
    ok(await app.call('upload_document', { content: 'made', destination: 'made.txt' }));
    expect(filesIn(vault)).toEqual(['made.txt']);
    allow(app, 'activity', 'INSERT');
    await app.catalogue.drain();
    expect(app.store.sqlite.prepare('SELECT operation, outcome FROM activity').all()).toEqual([
      { operation: 'upload_document', outcome: 'ok' },
    ]);
  });

  it('upload, overwrite, restore_document_version: the file as it was, no temp left', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    ok(await app.call('upload_document', { content: 'one', destination: 'doc.txt' }));
    ok(await app.call('upload_document', { content: 'two', destination: 'doc.txt', overwrite: true }));
    const first = ok<Versions>(await app.call('list_document_versions', { document_id: 'doc.txt' })).items.at(-1)!;
    refuse(app, 'document_versions', 'INSERT');
    expect(await app.call('upload_document', { content: 'new', destination: 'new/doc.txt' })).toMatchObject({
      ok: false,
    });
    expect(
      await app.call('upload_document', { content: 'three', destination: 'doc.txt', overwrite: true }),
    ).toMatchObject({ ok: false });
    expect(
      await app.call('restore_document_version', { document_id: 'doc.txt', version_id: first.version_id }),
    ).toMatchObject({ ok: false });
    expect(filesIn(vault)).toEqual(['doc.txt']);
    expect(readFileSync(join(vault, 'doc.txt'), 'utf8')).toBe('two');
    allow(app, 'document_versions', 'INSERT');
    ok(await app.call('restore_document_version', { document_id: 'doc.txt', version_id: first.version_id }));
    expect(readFileSync(join(vault, 'doc.txt'), 'utf8')).toBe('one');
  });

  it('move_document (to a new folder, and over another document) puts every file back', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    ok(await app.call('upload_document', { content: 'moving', destination: 'a.txt' }));
    ok(await app.call('upload_document', { content: 'occupant', destination: 'b.txt' }));
    refuse(app, 'documents', 'UPDATE');
    expect(await app.call('move_document', { document_id: 'a.txt', new_path: 'deep/er/a.txt' })).toMatchObject({
      ok: false,
    });
    expect(await app.call('move_document', { document_id: 'a.txt', new_path: 'b.txt', overwrite: true })).toMatchObject(
      { ok: false },
    );
    expect(filesIn(vault)).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(vault, 'a.txt'), 'utf8')).toBe('moving');
    expect(readFileSync(join(vault, 'b.txt'), 'utf8')).toBe('occupant');
    expect(existsSync(join(vault, 'deep'))).toBe(false);
  });

  it('delete_document keeps the file in the vault, restore_deleted_document keeps it in the trash', async () => {
    const vault = tempDir();
    const dataDir = tempDir();
    const app = testApp({ vault, dataDir });
    ok(await app.call('upload_document', { content: 'stay', destination: 'stay.txt' }));
    ok(await app.call('upload_document', { content: 'gone', destination: 'gone.txt' }));
    ok(await app.call('delete_document', { document_id: 'gone.txt' }));
    const trash = readdirSync(join(dataDir, 'trash'));
    expect(trash).toHaveLength(1);
    refuse(app, 'documents', 'UPDATE');
    expect(await app.call('delete_document', { document_id: 'stay.txt' })).toMatchObject({ ok: false });
    expect(await app.call('restore_deleted_document', { document_id: 'gone.txt' })).toMatchObject({ ok: false });
    expect(filesIn(vault)).toEqual(['stay.txt']);
    expect(readdirSync(join(dataDir, 'trash'))).toEqual(trash);
    allow(app, 'documents', 'UPDATE');
    ok(await app.call('restore_deleted_document', { document_id: 'gone.txt' }));
    expect(readFileSync(join(vault, 'gone.txt'), 'utf8')).toBe('gone');
    expect(readdirSync(join(dataDir, 'trash'))).toEqual([]);
  });

  it('delete_document across disks (vault and data on different file systems) copies whole and undoes', async () => {
    if (!canMountSmallDisk) return;
    const vault = smallDisk(1024 * 1024);
    const dataDir = tempDir();
    const app = testApp({ vault, dataDir });
    ok(await app.call('upload_document', { content: 'across', destination: 'x/across.txt' }));
    refuse(app, 'documents', 'UPDATE');
    expect(await app.call('delete_document', { document_id: 'x/across.txt' })).toMatchObject({ ok: false });
    expect(filesIn(vault)).toEqual(['x/across.txt']);
    expect(existsSync(join(dataDir, 'trash')) ? readdirSync(join(dataDir, 'trash')) : []).toEqual([]);
    allow(app, 'documents', 'UPDATE');
    ok(await app.call('delete_document', { document_id: 'x/across.txt' }));
    expect(filesIn(vault)).toEqual([]);
    const [trashed] = readdirSync(join(dataDir, 'trash'));
    expect(readFileSync(join(dataDir, 'trash', trashed!), 'utf8')).toBe('across');
    mkdirSync(join(vault, 'x'), { recursive: true });
    ok(await app.call('restore_deleted_document', { document_id: 'x/across.txt' }));
    expect(readFileSync(join(vault, 'x', 'across.txt'), 'utf8')).toBe('across');
  });
});
