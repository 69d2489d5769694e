import type { Migration } from './index.js';

/**
 * Each document's versions numbered 1, 2, 3… A version's id is the rowid of one table shared by every
 * document, so one document's history read 1, 4, 7… to the person and to the assistant. The id stays
 * the stable identifier; `number` is what a history shows. A new version takes MAX(number) + 1 for
 * its document in the write transaction that inserts it (BEGIN IMMEDIATE, so the desktop app and the
 * stdio server take turns), and the unique index makes a duplicate fail loudly rather than be kept.
 * Numbers only grow: retention keeps a document's newest version, so MAX never falls back.
 * Existing versions are numbered in the order they were kept (versions pruned before this migration
 * leave no gaps: the history as it is now reads 1..n).
 */
export const m006VaultVersionNumbers: Migration = {
  id: 6,
  name: 'vault: versions numbered per document',
  up(db) {
    db.exec(`
      -- ADD COLUMN NOT NULL needs a default; every row gets its number below, and a writer that forgot
      -- one would leave 0 twice, which the unique index refuses.
      ALTER TABLE document_versions ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
      UPDATE document_versions SET number = numbered.n
      FROM (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY document_id ORDER BY id) AS n FROM document_versions
      ) AS numbered
      WHERE document_versions.id = numbered.id;
      CREATE UNIQUE INDEX document_versions_number ON document_versions (document_id, number);
    `);
  },
};
