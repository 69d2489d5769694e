import type { Migration } from './index.js';

/**
 * Version content in the database. A cold index of 10k notes wrote 10k blob files, each with its own
 * fsync: ~4-5 s of a 9 s scan. Small blobs (nearly all of them: notes compress to a few KB) now go
 * into this table, in the same transaction as their `blobs` row and version, so a scan batch costs
 * one commit; blobs that compress to more than 128 KB stay files in the data directory, as every
 * blob was before this migration (those are still read from there: a `blobs` row with no row here).
 */
export const m004VaultBlobs: Migration = {
  id: 4,
  name: 'vault: small version blobs stored in the database',
  up(db) {
    db.exec(`
      -- A rowid table apart from blobs (WITHOUT ROWID, scanned whole to sum the history's size): the
      -- content pages are read only when a version is. Deleting a blobs row deletes its content.
      CREATE TABLE blob_data (
        hash TEXT PRIMARY KEY REFERENCES blobs (hash) ON DELETE CASCADE,
        content BLOB NOT NULL
      );
    `);
  },
};
