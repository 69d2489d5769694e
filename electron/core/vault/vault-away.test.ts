import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OfficinaEvent } from '../../../shared/events.js';
import type { Document } from '../../../shared/vault.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../../test/small-disk.js';
import { diagnose } from '../../cli/doctor.js';

type App = ReturnType<typeof testApp>;
type Documents = { items: Document[] };
type Versions = { items: { version_id: number; reason: string }[] };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (check: () => Promise<boolean> | boolean, timeout = 5_000) =>
  expect.poll(check, { timeout, interval: 50 }).toBe(true);

/** Three documents with metadata, a review status and a history, as a person would have them. */
async function furnish(app: App): Promise<Map<string, Document>> {
  ok(
    await app.call('upload_document', {
      content: 'first plan',
      destination: 'plans/plan.md',
      metadata: { title: 'The plan', tags: ['work'], custom: { owner: 'Ada' } },
    }),
  );
  ok(await app.call('upload_document', { content: 'second plan', destination: 'plans/plan.md', overwrite: true }));
  ok(await app.call('submit_for_review', { document_id: 'plans/plan.md' }));
  ok(await app.call('upload_document', { content: 'notes', destination: 'notes.txt', metadata: { tags: ['x'] } }));
  ok(await app.call('upload_document', { content: 'scan', destination: 'deep/er/scan.txt' }));
  return byPath(app);
}

async function byPath(app: App): Promise<Map<string, Document>> {
  const items = ok<Documents>(await app.call('list_documents', { recursive: true, limit: 100 })).items;
  return new Map(items.map((d) => [d.document_id, d]));
}

async function history(app: App, documentId: string): Promise<string[]> {
  return ok<Versions>(await app.call('list_document_versions', { document_id: documentId })).items.map((v) => v.reason);
}

/** What the person sees of a document: everything but the version counter and times. */
function kept(d: Document | undefined) {
  return d && { id: d.id, title: d.title, tags: d.tags, custom: d.custom, status: d.status, hash: d.hash };
}

async function expectAway(app: App, dataDir: string, vault: string, problem: RegExp): Promise<void> {
  // No document marked deleted, however long the folder stays away.
  expect(ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items).toEqual([]);
  const refused = await app.call('upload_document', { content: 'new', destination: 'new.txt' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'io_error', message: expect.stringMatching(problem) } });
  expect(await app.call('delete_document', { document_id: 'notes.txt' })).toMatchObject({
    ok: false,
    error: { code: 'io_error' },
  });
  expect(await app.call('read_document', { document_id: 'notes.txt' })).toMatchObject({
    ok: false,
    error: { code: 'io_error', message: expect.stringMatching(problem) },
  });
  // Reads of the records go on; the app says why the vault is away.
  expect((await byPath(app)).size).toBe(3);
  expect(ok<{ vault_available: boolean; vault_problem: string }>(await app.call('get_app_info', {}))).toMatchObject({
    vault_available: false,
    vault_problem: expect.stringMatching(problem),
  });
  expect(app.readiness()).toMatchObject({ ready: false, reason: 'vault_unavailable' });
  const doctor = diagnose({ dataDir, vault, cliPath: '/nowhere/officina.mjs', home: tempDir() });
  expect(doctor.find((c) => c.text.includes(vault))).toMatchObject({
    status: 'fail',
    text: expect.stringMatching(problem),
  });
}

describe('a vault folder that goes away while Officina runs', () => {
  for (const how of ['deleted', 'moved away'] as const) {
    it(`(${how}) deletes nothing, refuses writes and says so; back, its documents keep ids, metadata and history`, async () => {
      const dataDir = tempDir();
      const vault = join(tempDir(), 'vault');
      const app = testApp({ dataDir, vault, watchVault: true });
      await app.ready;
      const events: OfficinaEvent[] = [];
      app.bus.subscribe((event) => void events.push(event));
      const before = await furnish(app);
      await app.services.vaultWatcher.idle();
      const copy = join(tempDir(), 'copy');
      cpSync(vault, copy, { recursive: true });

      if (how === 'deleted') rmSync(vault, { recursive: true });
      else renameSync(vault, `${vault}-away`);
      // Past the watcher's settling and rename windows, and its look at the folder.
      await wait(1_500);
      await app.services.vaultWatcher.idle();
      await expectAway(app, dataDir, vault, /is not there/);
      expect(events).toContainEqual(expect.objectContaining({ type: 'vault.changed', available: false }));

      if (how === 'deleted') cpSync(copy, vault, { recursive: true });
      else renameSync(`${vault}-away`, vault);
      // Changed while it was away: a new version of the same document.
      writeFileSync(join(vault, 'notes.txt'), 'notes, edited elsewhere');
      await until(() => app.readiness().ready);
      await until(async () => (await byPath(app)).get('notes.txt')?.hash !== before.get('notes.txt')?.hash);
      await app.services.vaultWatcher.idle();
      const after = await byPath(app);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const path of ['plans/plan.md', 'deep/er/scan.txt'])
        expect(kept(after.get(path))).toEqual(kept(before.get(path)));
      expect(after.get('notes.txt')).toMatchObject({ id: before.get('notes.txt')!.id, tags: ['x'] });
      expect(await history(app, 'plans/plan.md')).toEqual(['overwrite', 'upload']);
      expect(await history(app, 'notes.txt')).toEqual(['edit', 'upload']);
      expect(ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items).toEqual([]);
      expect(events).toContainEqual(expect.objectContaining({ type: 'vault.changed', available: true }));
      ok(await app.call('upload_document', { content: 'after', destination: 'after.txt' }));
    }, 30_000);
  }

  it('an upload does not make a new, empty vault folder while the old one is away', async () => {
    const dataDir = tempDir();
    const vault = join(tempDir(), 'vault');
    const app = testApp({ dataDir, vault });
    ok(await app.call('upload_document', { content: 'kept', destination: 'kept.txt' }));
    renameSync(vault, `${vault}-away`);
    for (const destination of ['new.txt', 'folder/new.txt']) {
      expect(await app.call('upload_document', { content: 'x', destination })).toMatchObject({
        ok: false,
        error: { code: 'io_error' },
      });
    }
    expect(
      await app.call('export_csv', { entity: 'customers', destination_path: join(vault, 'customers.csv') }),
    ).toMatchObject({ ok: false, error: { code: 'io_error' } });
    expect(await app.call('rebuild_index', {})).toMatchObject({ ok: false, error: { code: 'io_error' } });
    expect(() => readFileSync(join(vault, 'new.txt'))).toThrow(/ENOENT/);
    renameSync(`${vault}-away`, vault);
    ok(await app.call('upload_document', { content: 'x', destination: 'new.txt' }));
  });

  it('a fresh install without a vault folder yet is ready, and its first upload makes the folder', async () => {
    const dataDir = tempDir();
    const vault = join(tempDir(), 'not-yet');
    const app = testApp({ dataDir, vault, watchVault: true });
    await app.ready;
    expect(app.readiness()).toEqual({ ready: true, reason: null, problem: null });
    ok(await app.call('upload_document', { content: 'first', destination: 'first.txt' }));
    expect(readFileSync(join(vault, 'first.txt'), 'utf8')).toBe('first');
  });

  it('brings back a document deleted because its file went, when that file is back at its path (after the fact)', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    const app = testApp({ dataDir, vault, watchVault: true });
    await app.ready;
    const doc = ok<Document>(
      await app.call('upload_document', { content: 'memo v1', destination: 'memo.txt', metadata: { tags: ['keep'] } }),
    );
    ok(await app.call('upload_document', { content: 'memo v2', destination: 'memo.txt', overwrite: true }));
    // As a person would: not within the moment the watcher takes to notice the file.
    await wait(500);
    rmSync(join(vault, 'memo.txt'));
    await until(async () => ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items.length === 1);
    writeFileSync(join(vault, 'memo.txt'), 'memo v2');
    await until(async () => (await byPath(app)).has('memo.txt'));
    expect((await byPath(app)).get('memo.txt')).toMatchObject({ id: doc.id, tags: ['keep'] });
    expect(await history(app, 'memo.txt')).toEqual(['overwrite', 'upload']);
    expect(ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items).toEqual([]);
    expect(ok<{ items: Document[] }>(await app.call('search_documents', { query: 'memo' })).items).toHaveLength(1);

    // And when it comes back while Officina is closed, the start-up scan does the same.
    rmSync(join(vault, 'memo.txt'));
    await until(async () => ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items.length === 1);
    await app.close();
    writeFileSync(join(vault, 'memo.txt'), 'memo v2');
    const again = testApp({ dataDir, vault, watchVault: true });
    await again.ready;
    expect((await byPath(again)).get('memo.txt')).toMatchObject({ id: doc.id, tags: ['keep'] });
    // Other content at that path is another file: a new document.
    rmSync(join(vault, 'memo.txt'));
    await until(
      async () => ok<{ items: unknown[] }>(await again.call('list_deleted_documents', {})).items.length === 1,
    );
    writeFileSync(join(vault, 'memo.txt'), 'something else entirely');
    await until(async () => (await byPath(again)).has('memo.txt'));
    expect((await byPath(again)).get('memo.txt')?.id).not.toBe(doc.id);
  }, 30_000);

  describe.skipIf(!canMountSmallDisk)(`on a disk that is unmounted (${NO_SMALL_DISK})`, () => {
    it('takes the empty mount point for a vault away, not emptied, and finds the documents on the remounted disk', async () => {
      const dataDir = tempDir();
      const vault = smallDisk(4 * 1024 * 1024);
      mkdirSync(join(vault, 'plans'));
      writeFileSync(join(vault, 'plans', 'plan.md'), 'second plan');
      writeFileSync(join(vault, 'notes.txt'), 'notes');
      const app = testApp({ dataDir, vault, watchVault: true });
      await app.ready;
      ok(await app.call('update_document_metadata', { document_id: 'notes.txt', metadata: { tags: ['x'] } }));
      const before = await byPath(app);
      // The disk the vault is on is remembered once it holds documents.
      await until(
        () => app.store.sqlite.prepare("SELECT count(*) FROM settings WHERE key = 'vault_device'").pluck().get() === 1,
      );
      expect(spawnSync('umount', [vault]).status).toBe(0);
      await wait(1_500);
      await app.services.vaultWatcher.idle();
      expect(ok<{ items: unknown[] }>(await app.call('list_deleted_documents', {})).items).toEqual([]);
      expect(app.readiness()).toMatchObject({ ready: false, reason: 'vault_unavailable' });
      expect(await app.call('upload_document', { content: 'x', destination: 'x.txt' })).toMatchObject({
        ok: false,
        error: { code: 'io_error', message: expect.stringMatching(/empty and not on the disk it was on/) },
      });
      const doctor = diagnose({ dataDir, vault, cliPath: '/nowhere/officina.mjs', home: tempDir() });
      expect(doctor.find((c) => c.text.includes(vault))).toMatchObject({ status: 'fail' });

      // The disk again (a new mount of it, with the same files), moved onto the mount point at once.
      const disk = smallDisk(4 * 1024 * 1024);
      mkdirSync(join(disk, 'plans'));
      writeFileSync(join(disk, 'plans', 'plan.md'), 'second plan');
      writeFileSync(join(disk, 'notes.txt'), 'notes');
      expect(spawnSync('mount', ['--move', disk, vault]).status).toBe(0);
      await until(() => app.readiness().ready);
      await app.services.vaultWatcher.idle();
      const after = await byPath(app);
      expect([...after.values()].map(kept)).toEqual([...before.values()].map(kept));
    }, 30_000);
  });
});
