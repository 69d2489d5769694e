import type { Migration } from './index.js';

/**
 * A trash for customers and products, and what the activity log needs to read as sentences.
 *
 * Customers and products are moved to the trash by `deleted_at`, not out of their tables: orders,
 * payments and the stock ledger keep pointing at them, and a restore gives back the same id.
 *
 * Customer search also finds a customer by city and by tag: the word index now holds both (tags as
 * their JSON text, which the tokenizer splits into words), rebuilt from the table.
 *
 * Activity: `is_read` lets the log hide reads by default (a partial index keeps that list as fast
 * as the whole one); `subject_*` hold the record's name as it was at the call, so "deleted customer
 * Bad Phone Co" still reads after the record is gone; `changes` holds before/after values of what an
 * update changed; `undo` the inverse the person may apply, and `undone_at` when they did.
 */
export const m014TrashAndActivitySentences: Migration = {
  id: 14,
  name: 'trash for customers and products; activity subjects, changes and undo',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN deleted_at TEXT;
      ALTER TABLE products ADD COLUMN deleted_at TEXT;
      CREATE INDEX customers_deleted ON customers (deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX products_deleted ON products (deleted_at) WHERE deleted_at IS NOT NULL;

      ALTER TABLE activity ADD COLUMN is_read INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE activity ADD COLUMN subject_entity TEXT;
      ALTER TABLE activity ADD COLUMN subject_id TEXT;
      ALTER TABLE activity ADD COLUMN subject_name TEXT;
      ALTER TABLE activity ADD COLUMN changes TEXT;
      ALTER TABLE activity ADD COLUMN undo TEXT;
      ALTER TABLE activity ADD COLUMN undone_at TEXT;

      -- Entries written before this migration: their reads are known by their names.
      UPDATE activity SET is_read = 1
      WHERE operation LIKE 'get\\_%' ESCAPE '\\' OR operation LIKE 'list\\_%' ESCAPE '\\'
         OR operation LIKE 'search\\_%' ESCAPE '\\' OR operation LIKE 'check\\_%' ESCAPE '\\'
         OR operation IN ('read_document', 'download_document', 'diff_document_versions', 'calculate_shipping',
                          'export_activity', 'export_csv', 'reveal_mcp_token');

      DROP TRIGGER customers_fts_insert;
      DROP TRIGGER customers_fts_delete;
      DROP TRIGGER customers_fts_update;
      DROP TABLE customers_fts;
      CREATE VIRTUAL TABLE customers_fts USING fts5 (
        name, email, address_city, tags,
        content = 'customers', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3 4'
      );
      INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
      CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customers_fts (rowid, name, email, address_city, tags)
        VALUES (new.id, new.name, new.email, new.address_city, new.tags);
      END;
      CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, name, email, address_city, tags)
        VALUES ('delete', old.id, old.name, old.email, old.address_city, old.tags);
      END;
      CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, email, address_city, tags ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, name, email, address_city, tags)
        VALUES ('delete', old.id, old.name, old.email, old.address_city, old.tags);
        INSERT INTO customers_fts (rowid, name, email, address_city, tags)
        VALUES (new.id, new.name, new.email, new.address_city, new.tags);
      END;

      CREATE INDEX activity_changes ON activity (id) WHERE is_read = 0;
      CREATE INDEX activity_subject ON activity (subject_entity, id);
    `);
  },
};
