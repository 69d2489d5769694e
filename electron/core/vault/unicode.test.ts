import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../shared/vault.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import type { Logger } from '../log.js';
import { m008VaultNormalizedPaths } from '../store/migrations/008-vault-normalized-paths.js';

/** café.txt as most systems spell it (é is one code point), and as macOS hands it out (e + U+0301). */
const NFC = 'caf\u00e9.txt';
const NFD = 'cafe\u0301.txt';

type Documents = { items: Document[] };

function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const quiet = () => undefined;
  return {
    warnings,
    debug: quiet,
    info: quiet,
    warn: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`),
    error: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
}

const until = (check: () => Promise<boolean> | boolean) =>
  expect.poll(check, { timeout: 3_000, interval: 25 }).toBe(true);

describe('vault: names in NFC and NFD are one document', () => {
  it('records a file named in NFD under its NFC name, reads it by either spelling, and writes the file that is there', async () => {
    const vault = tempDir();
    writeFileSync(join(vault, NFD), 'from a Mac');
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    const [doc] = ok<Documents>(await app.call('list_documents', {})).items;
    expect(doc).toMatchObject({ document_id: NFC, name: NFC });
    for (const spelling of [NFC, NFD]) {
      expect(ok<{ content: string }>(await app.call('read_document', { document_id: spelling })).content).toBe(
        'from a Mac',
      );
    }
    expect(await app.call('upload_document', { content: 'again', destination: NFC })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(NFC) },
    });
    ok(await app.call('upload_document', { content: 'edited in Officina', destination: NFC, overwrite: true }));
    // The file that was there took the new content: no second file beside it.
    expect(readdirSync(vault)).toEqual([NFD]);
    expect(readFileSync(join(vault, NFD), 'utf8')).toBe('edited in Officina');
    // A sync tool that renames it to NFC: the same document, no new version.
    renameSync(join(vault, NFD), join(vault, NFC));
    await new Promise((resolve) => setTimeout(resolve, 700));
    await app.services.vaultWatcher.idle();
    const after = ok<Documents>(await app.call('list_documents', {})).items;
    expect(after).toEqual([expect.objectContaining({ id: doc!.id, document_id: NFC })]);
    expect(ok<{ items: unknown[] }>(await app.call('list_document_versions', { document_id: NFC })).items).toHaveLength(
      2,
    );
    expect(ok<{ content: string }>(await app.call('read_document', { document_id: NFD })).content).toBe(
      'edited in Officina',
    );
  });

  it('refuses a second file whose name normalises to a document, with a warning, as it appears and at start-up', async () => {
    const vault = tempDir();
    const dataDir = tempDir();
    const log = logger();
    writeFileSync(join(vault, NFC), 'the first');
    const app = testApp({ vault, dataDir, watchVault: true, logger: log });
    await app.ready;
    writeFileSync(join(vault, NFD), 'the second, looking the same');
    await until(() => log.warnings.some((w) => w.includes(NFD.normalize('NFC'))));
    await app.services.vaultWatcher.idle();
    const listed = ok<Documents>(await app.call('list_documents', {})).items;
    expect(listed.map((d) => [d.document_id, d.hash])).toHaveLength(1);
    expect(ok<{ content: string }>(await app.call('read_document', { document_id: NFC })).content).toBe('the first');
    expect(log.warnings.join('\n')).toMatch(/normalises to the same name as/);
    await app.close();

    const again = testApp({ vault, dataDir, watchVault: true, logger: logger() });
    await again.ready;
    expect(ok<Documents>(await again.call('list_documents', {})).items).toHaveLength(1);
    ok(await again.call('rebuild_index', {}));
    expect(ok<Documents>(await again.call('list_documents', {})).items).toHaveLength(1);
  });

  it('keeps two new files that normalise alike to one document when both are there at the first scan', async () => {
    const vault = tempDir();
    writeFileSync(join(vault, NFC), 'one');
    writeFileSync(join(vault, NFD), 'two');
    const app = testApp({ vault, watchVault: true, logger: logger() });
    await app.ready;
    expect(ok<Documents>(await app.call('list_documents', {})).items.map((d) => d.document_id)).toEqual([NFC]);
    expect(app.store.sqlite.prepare('SELECT count(*) FROM document_versions').pluck().get()).toBe(1);
  });

  it('refuses uploads and moves to a name that normalises to an existing document or file, naming it', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    ok(await app.call('upload_document', { content: 'nfc', destination: `notes/${NFC}` }));
    ok(await app.call('upload_document', { content: 'other', destination: 'other.txt' }));
    expect(await app.call('upload_document', { content: 'nfd', destination: `notes/${NFD}` })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`notes/${NFC}`) },
    });
    expect(await app.call('move_document', { document_id: 'other.txt', new_path: `notes/${NFD}` })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining(`notes/${NFC}`) },
    });
    // A file on disk that is no document (yet): named in the error too.
    writeFileSync(join(vault, 'notes', 'r\u00e9sum\u00e9.txt'), 'not recorded');
    const refused = await app.call('upload_document', {
      content: 'x',
      destination: 'notes/re\u0301sume\u0301.txt',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(refused.ok ? '' : refused.error.message).toContain('r\u00e9sum\u00e9.txt');
    expect(readdirSync(join(vault, 'notes')).sort()).toEqual([NFC, 'r\u00e9sum\u00e9.txt'].sort());
    // Overwriting by the other spelling writes the document's own file.
    ok(await app.call('upload_document', { content: 'nfd wins', destination: `notes/${NFD}`, overwrite: true }));
    expect(readFileSync(join(vault, 'notes', NFC), 'utf8')).toBe('nfd wins');
    expect(existsSync(join(vault, 'notes', NFD))).toBe(false);
  });

  it('migration 008 gives existing rows NFC paths and keeps one live document per name', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    const db = app.store.sqlite;
    ok(await app.call('upload_document', { content: 'older', destination: 'a.txt' }));
    ok(await app.call('upload_document', { content: 'newer', destination: 'b.txt' }));
    ok(await app.call('upload_document', { content: 'alone', destination: 'c.txt' }));
    // As the code before it recorded them: the names as the disk gave them, NFC and NFD apart.
    db.exec('ALTER TABLE documents DROP COLUMN disk_path');
    const set = db.prepare('UPDATE documents SET path = ?, path_key = ? WHERE path = ?');
    set.run(NFD, NFD, 'a.txt');
    set.run(NFC, NFC, 'b.txt');
    set.run(`dir-${NFD}`, `dir-${NFD}`, 'c.txt');
    m008VaultNormalizedPaths.up(db);
    const rows = db.prepare('SELECT path, path_key, disk_path, deleted_at FROM documents ORDER BY id').all();
    expect(rows).toEqual([
      { path: NFC, path_key: NFC, disk_path: NFD, deleted_at: null },
      { path: NFC, path_key: NFC, disk_path: null, deleted_at: expect.any(String) },
      { path: `dir-${NFC}`, path_key: `dir-${NFC}`, disk_path: `dir-${NFD}`, deleted_at: null },
    ]);
    expect(
      ok<{ items: { document_id: string }[] }>(await app.call('search_documents', { query: 'newer' })).items,
    ).toEqual([]);
  });
});
