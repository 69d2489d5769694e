import type { Migration } from './index.js';

/**
 * Where an imported order came from: `import_ref` is the order's own reference in the file it was
 * imported from (Shopify's Name, such as "#1001"). Importing the same file again finds the orders it
 * placed by that reference and skips them, so a re-run after a partial import (or by mistake) places
 * no order twice. Unique among the orders that have one; orders made in Officina have none.
 */
export const m018OrderImportRefs: Migration = {
  id: 18,
  name: 'orders: the reference an imported order had in its file',
  up(db) {
    db.exec(`
      ALTER TABLE orders ADD COLUMN import_ref TEXT;
      CREATE UNIQUE INDEX orders_import_ref ON orders (import_ref) WHERE import_ref IS NOT NULL;
    `);
  },
};
