import type { Migration } from './index.js';

/**
 * The document vault's records. The files themselves stay plain files in the vault folder; here are
 * their stable ids (a rename re-points `path`), metadata, the review history, the versions (content
 * lives in compressed, content-addressed blobs in the data directory) and the search index.
 */
export const m003Vault: Migration = {
  id: 3,
  name: 'vault: documents, versions, review history, full-text and trigram indexes',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- Vault-relative, "/" between folders, as on disk; path_key folds case where the file system does.
        path TEXT NOT NULL,
        path_key TEXT NOT NULL,
        file_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT NOT NULL,
        title TEXT,
        status TEXT NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'archived')),
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        custom TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom)),
        -- Metadata read from the file (markdown front matter), kept apart from what the person set.
        file_metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(file_metadata)),
        extract_error TEXT,
        indexed_bytes INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        -- Where a deleted file's content went: the trash (deleted here) or only its last version (deleted outside).
        trash_name TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX documents_live_path ON documents (path_key) WHERE deleted_at IS NULL;
      CREATE INDEX documents_hash ON documents (hash);
      CREATE INDEX documents_status ON documents (status, path) WHERE deleted_at IS NULL;
      CREATE INDEX documents_deleted ON documents (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE document_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents (id),
        blob TEXT NOT NULL,
        size INTEGER NOT NULL,
        path TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX document_versions_document ON document_versions (document_id, id);
      CREATE INDEX document_versions_blob ON document_versions (blob);

      -- One row per stored blob (versions share them): what the version store takes on disk.
      CREATE TABLE blobs (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        stored_bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE document_reviews (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id),
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        comment TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX document_reviews_document ON document_reviews (document_id, id);

      -- Word search (case and diacritics folded) and a trigram index for scripts without spaces
      -- (CJK), which unicode61 cannot segment. Both are written with the document row, in one transaction.
      CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, path, tags, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE VIRTUAL TABLE documents_trigram USING fts5 (body, tokenize = 'trigram remove_diacritics 1');
    `);
  },
};
