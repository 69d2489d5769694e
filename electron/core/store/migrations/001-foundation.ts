import type { Migration } from './index.js';

export const m001Foundation: Migration = {
  id: 1,
  name: 'foundation: customers, settings, activity, change feed',
  up(db) {
    db.exec(`
      -- AUTOINCREMENT: a deleted customer's id is never reused, so old activity entries and
      -- references in the assistant's conversations never point at someone else.
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        email_normalized TEXT NOT NULL,
        phone TEXT,
        phone_e164 TEXT,
        address_line1 TEXT,
        address_line2 TEXT,
        address_city TEXT,
        address_region TEXT,
        address_postal_code TEXT,
        address_country TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        notes TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX customers_email_normalized ON customers (email_normalized);
      CREATE INDEX customers_status_id ON customers (status, id);
      CREATE INDEX customers_name_id ON customers (name COLLATE NOCASE, id);
      CREATE INDEX customers_status_name_id ON customers (status, name COLLATE NOCASE, id);

      -- Token-prefix search over names and emails; remove_diacritics folds "Müller" to "muller".
      CREATE VIRTUAL TABLE customers_fts USING fts5 (
        name, email,
        content = 'customers', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3 4'
      );
      CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customers_fts (rowid, name, email) VALUES (new.id, new.name, new.email);
      END;
      CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
      END;
      CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, email ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
        INSERT INTO customers_fts (rowid, name, email) VALUES (new.id, new.name, new.email);
      END;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        caller_kind TEXT NOT NULL,
        caller TEXT NOT NULL,
        operation TEXT NOT NULL,
        input TEXT NOT NULL,
        outcome TEXT NOT NULL,
        error_message TEXT,
        duration_ms REAL NOT NULL,
        process_id TEXT NOT NULL
      );
      CREATE INDEX activity_caller ON activity (caller, id);
      CREATE INDEX activity_operation ON activity (operation, id);
      CREATE INDEX activity_caller_kind ON activity (caller_kind, id);

      -- Events another process must republish (DESIGN.md, "Store"); pruned by age.
      CREATE TABLE change_feed (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        process_id TEXT NOT NULL,
        event TEXT NOT NULL
      );
    `);
  },
};
