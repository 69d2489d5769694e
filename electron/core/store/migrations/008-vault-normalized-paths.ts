import type { Migration } from './index.js';

/**
 * Vault paths compared and stored in Unicode NFC. macOS hands out names in NFD (é as e + U+0301),
 * most other sources in NFC, and the two look the same: recorded as they came, "café.txt" could be
 * two documents. A document's `path` (its document_id) and `path_key` are now NFC; `disk_path` keeps
 * the name the file has on disk when that differs (NULL otherwise), because Linux and Windows find a
 * file only by its exact name.
 *
 * Existing rows whose path is not NFC get their NFC path and keep the old one as disk_path. Where two
 * live documents now have one name, the first recorded stays and the others are marked deleted as if
 * their file had gone (history kept, restorable elsewhere with restore_deleted_document); the watcher
 * then treats their files as second copies and says so in the log.
 */
export const m008VaultNormalizedPaths: Migration = {
  id: 8,
  name: 'vault: paths in NFC, the name on disk kept where it differs',
  up(db) {
    db.exec('ALTER TABLE documents ADD COLUMN disk_path TEXT');
    const rows = db.prepare('SELECT id, path, path_key, deleted_at FROM documents ORDER BY id').all() as {
      id: number;
      path: string;
      path_key: string;
      deleted_at: string | null;
    }[];
    const changed = rows.filter((r) => r.path.normalize('NFC') !== r.path);
    if (changed.length === 0) return;
    const live = new Map<string, number>();
    for (const row of rows) {
      if (row.deleted_at !== null) continue;
      const key = keyOf(row);
      if (!live.has(key)) live.set(key, row.id);
    }
    const now = new Date().toISOString();
    const retire = db.prepare(
      'UPDATE documents SET deleted_at = ?, trash_name = NULL, updated_at = ?, version = version + 1 WHERE id = ?',
    );
    const unindexWords = db.prepare('DELETE FROM documents_fts WHERE rowid = ?');
    const unindexTrigrams = db.prepare('DELETE FROM documents_trigram WHERE rowid = ?');
    // First out of the way, so no two live rows share a key (a unique index) while paths change.
    for (const row of rows) {
      if (row.deleted_at !== null || live.get(keyOf(row)) === row.id) continue;
      retire.run(now, now, row.id);
      unindexWords.run(row.id);
      unindexTrigrams.run(row.id);
    }
    const rename = db.prepare('UPDATE documents SET path = ?, path_key = ?, disk_path = ? WHERE id = ?');
    for (const row of changed) rename.run(row.path.normalize('NFC'), keyOf(row), row.path, row.id);
  },
};

/** The key as the code computes it now: NFC, lower-cased where the old key was (a case-folding system). */
function keyOf(row: { path: string; path_key: string }): string {
  const nfc = row.path.normalize('NFC');
  return row.path_key === row.path ? nfc : nfc.toLowerCase();
}
