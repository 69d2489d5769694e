#!/usr/bin/env node
// Seeds a data directory for the sales benchmark: the 1M customers of seed-customers.mjs (copied
// from its cache), then 200k products, 2M orders over two years with 1–5 items each, and the stock
// holds of the orders still open, all with raw SQL: one transaction, prepared statements. The
// schema comes from the product's own migrations (via the customers seed, which opens the store
// through createOfficina). Cached under bench/.data/ while the seed and the migrations stay the same.
//
//   node bench/seed-sales.mjs        (seeds the cache, or says it is current)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { cachedSeed, writeSeedMarker } from './lib/seed-cache.mjs';
import { CACHE_DIR, ensureSeeded, random, SEED_VERSION as CUSTOMERS_SEED_VERSION } from './seed-customers.mjs';

/** Bump when the generated data changes, so cached databases are rebuilt. */
export const SALES_SEED_VERSION = 1;
export const CUSTOMERS = 1_000_000;
export const PRODUCTS = 200_000;
export const ORDERS = 2_000_000;
/** The data ends here; the two years before it hold the orders. */
export const END = Date.parse('2025-06-30T12:00:00Z');
export const START = END - 2 * 365 * 86_400_000;
/** Products with practically unlimited stock, for the create_order benchmark (ids 1..AMPLE). */
export const AMPLE = 100;
export const AMPLE_STOCK = 100_000_000;

const OUT = join(resolve(fileURLToPath(import.meta.url), '..', '..'), 'out', 'node', 'electron', 'core');

// prettier-ignore
export const ADJECTIVES = [
  'Red', 'Blue', 'Green', 'Black', 'White', 'Grey', 'Yellow', 'Orange', 'Purple', 'Pink', 'Navy', 'Olive',
  'Large', 'Small', 'Compact', 'Deluxe', 'Classic', 'Modern', 'Vintage', 'Rustic', 'Organic', 'Premium',
  'Handmade', 'Foldable', 'Portable', 'Waterproof', 'Wireless', 'Ergonomic', 'Heavy-duty', 'Slim',
];
// prettier-ignore
export const MATERIALS = [
  'ceramic', 'steel', 'oak', 'walnut', 'bamboo', 'cotton', 'linen', 'wool', 'leather', 'glass', 'copper',
  'brass', 'silicone', 'cork', 'marble', 'felt', 'canvas', 'enamel', 'titanium', 'aluminium',
];
// prettier-ignore
export const NOUNS = [
  ['mug', 'Kitchen'], ['teapot', 'Kitchen'], ['bowl', 'Kitchen'], ['plate', 'Kitchen'], ['knife', 'Kitchen'],
  ['pan', 'Kitchen'], ['kettle', 'Kitchen'], ['jar', 'Kitchen'], ['tray', 'Kitchen'], ['whisk', 'Kitchen'],
  ['lamp', 'Home'], ['vase', 'Home'], ['cushion', 'Home'], ['blanket', 'Home'], ['clock', 'Home'],
  ['mirror', 'Home'], ['candle', 'Home'], ['basket', 'Home'], ['rug', 'Home'], ['shelf', 'Home'],
  ['notebook', 'Office'], ['pen', 'Office'], ['stapler', 'Office'], ['desk organiser', 'Office'], ['folder', 'Office'],
  ['backpack', 'Travel'], ['suitcase', 'Travel'], ['wallet', 'Travel'], ['bottle', 'Travel'], ['umbrella', 'Travel'],
  ['t-shirt', 'Clothing'], ['sweater', 'Clothing'], ['scarf', 'Clothing'], ['hat', 'Clothing'], ['socks', 'Clothing'],
  ['jacket', 'Clothing'], ['gloves', 'Clothing'], ['apron', 'Clothing'],
  ['headphones', 'Electronics'], ['speaker', 'Electronics'], ['charger', 'Electronics'], ['cable', 'Electronics'],
  ['keyboard', 'Electronics'], ['mouse', 'Electronics'], ['watch', 'Electronics'],
  ['trowel', 'Garden'], ['planter', 'Garden'], ['hose', 'Garden'], ['watering can', 'Garden'], ['shears', 'Garden'],
  ['yoga mat', 'Sports'], ['dumbbell', 'Sports'], ['racket', 'Sports'], ['ball', 'Sports'], ['helmet', 'Sports'],
  ['puzzle', 'Toys'], ['kite', 'Toys'], ['robot', 'Toys'], ['doll', 'Toys'], ['blocks', 'Toys'],
];

/** Order statuses by age: open orders only in the last two weeks, as a shop that ships its orders. */
function statusFor(rand, ageDays) {
  const r = rand();
  if (ageDays < 3) {
    if (r < 0.35) return 'pending';
    if (r < 0.6) return 'paid';
    if (r < 0.8) return 'processing';
    if (r < 0.95) return 'shipped';
    return 'cancelled';
  }
  if (ageDays < 14) {
    if (r < 0.03) return 'pending';
    if (r < 0.08) return 'paid';
    if (r < 0.15) return 'processing';
    if (r < 0.55) return 'shipped';
    if (r < 0.9) return 'delivered';
    if (r < 0.95) return 'refunded';
    return 'cancelled';
  }
  if (r < 0.86) return 'delivered';
  if (r < 0.92) return 'refunded';
  if (r < 0.97) return 'cancelled';
  return 'shipped'; // a parcel that never got its delivery scan
}

const OPEN = new Set(['pending', 'paid', 'processing']);
const SHIPPED = new Set(['shipped', 'delivered']);

/** Inserts the sales rows into an open database that already has the schema and the customers. */
function seedSalesRows(db, log) {
  const rand = random(20250630);
  const iso = (ms) => new Date(ms).toISOString();

  // Products: SKU, a name of adjective + material + noun, a category by noun, a price and a weight.
  const insertProduct = db.prepare(
    `INSERT INTO products (id, sku, name, description, category, price_minor, currency, weight_grams, tags, status,
       on_hand, reserved, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, 0, 1, ?, ?)`,
  );
  const products = new Array(PRODUCTS + 1);
  const productsStart = START - 365 * 86_400_000;
  for (let id = 1; id <= PRODUCTS; id++) {
    const adjective = ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)];
    const material = MATERIALS[Math.floor(rand() * MATERIALS.length)];
    const [noun, category] = NOUNS[Math.floor(rand() * NOUNS.length)];
    const name = `${adjective} ${material} ${noun}`;
    const sku = `${category.slice(0, 3).toUpperCase()}-${String(id).padStart(6, '0')}`;
    const price = 199 + Math.floor(rand() * rand() * 49_800); // $1.99–$500, most of them cheap
    const weight = 50 + Math.floor(rand() * 2_000);
    const archived = id > AMPLE && rand() < 0.05;
    const onHand = id <= AMPLE ? AMPLE_STOCK : Math.floor(rand() * 500);
    const created = iso(productsStart + (id / PRODUCTS) * (END - productsStart) * 0.5);
    insertProduct.run(
      id,
      sku,
      name,
      rand() < 0.5 ? `${name} in ${material}, from our ${category.toLowerCase()} range.` : null,
      category,
      price,
      weight,
      rand() < 0.2 ? '["bestseller"]' : '[]',
      archived ? 'archived' : 'active',
      onHand,
      created,
      created,
    );
    products[id] = { sku, name, price, weight };
  }
  log(`  ${PRODUCTS.toLocaleString('en-US')} products…`);

  const insertOrder = db.prepare(
    `INSERT INTO orders (id, customer_id, status, currency, subtotal_minor, shipping_minor, tax_minor, tax_rate_bps,
       total_minor, paid_minor, refunded_minor, shipping_service, shipping_address, notes, version, created_at, updated_at)
     VALUES (?, ?, ?, 'USD', ?, ?, ?, 0, ?, ?, ?, ?, NULL, NULL, 1, ?, ?)`,
  );
  const insertItem = db.prepare(
    `INSERT INTO order_items (order_id, product_id, sku, name, quantity, unit_price_minor, line_total_minor,
       weight_grams, shipped_quantity)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertHistory = db.prepare(
    `INSERT INTO order_status_history (order_id, from_status, to_status, note, actor, at) VALUES (?, ?, ?, NULL, 'seed', ?)`,
  );
  const insertHold = db.prepare(
    `INSERT INTO reservations (product_id, order_id, quantity, status, expires_at, actor, created_at, ended_at)
     VALUES (?, ?, ?, 'active', NULL, 'seed', ?, NULL)`,
  );
  const reserved = new Map();
  const step = (END - START) / ORDERS;
  let items = 0;
  for (let id = 1; id <= ORDERS; id++) {
    const created = START + (id - 1) * step + rand() * step;
    const at = iso(created);
    const status = statusFor(rand, (END - created) / 86_400_000);
    // Customers order more than once: a skewed pick, so some have dozens of orders and most a few.
    const customerId = 1 + Math.floor(rand() * rand() * CUSTOMERS);
    const lines = 1 + Math.floor(rand() * 5);
    const chosen = new Set();
    let subtotal = 0;
    let weight = 0;
    const rows = [];
    while (chosen.size < lines) {
      // Skip the AMPLE products (the create_order bench's) so their ledger stays simple.
      const productId = AMPLE + 1 + Math.floor(rand() * rand() * (PRODUCTS - AMPLE));
      if (chosen.has(productId)) continue;
      chosen.add(productId);
      const p = products[productId];
      const quantity = rand() < 0.8 ? 1 : 2 + Math.floor(rand() * 4);
      subtotal += p.price * quantity;
      weight += p.weight * quantity;
      rows.push([productId, p, quantity]);
    }
    const shipping = subtotal >= 10_000 ? 0 : 499 + Math.floor(weight / 1000) * 150;
    const total = subtotal + shipping; // tax_rate_bps 0, as the default settings
    const paid = status === 'pending' || status === 'cancelled' ? 0 : total;
    const refunded =
      status === 'refunded' ? paid : status === 'delivered' && rand() < 0.04 ? Math.floor(paid * rand()) : 0;
    const updated = iso(Math.min(END, created + (status === 'pending' ? 0 : 3 * 86_400_000 * rand())));
    insertOrder.run(id, customerId, status, subtotal, shipping, 0, total, paid, refunded, 'standard', at, updated);
    const shipped = SHIPPED.has(status);
    for (const [productId, p, quantity] of rows) {
      insertItem.run(
        id,
        productId,
        p.sku,
        p.name,
        quantity,
        p.price,
        p.price * quantity,
        p.weight,
        shipped ? quantity : 0,
      );
      if (OPEN.has(status)) {
        insertHold.run(productId, id, quantity, at);
        reserved.set(productId, (reserved.get(productId) ?? 0) + quantity);
      }
    }
    items += rows.length;
    insertHistory.run(id, null, 'pending', at);
    if (status !== 'pending') insertHistory.run(id, 'pending', status, updated);
    if (id % 500_000 === 0) log(`  ${id.toLocaleString('en-US')} orders (${items.toLocaleString('en-US')} items)…`);
  }

  // The open orders hold stock: products.reserved is the sum of the active holds, and on hand covers it.
  const hold = db.prepare('UPDATE products SET reserved = ?, on_hand = on_hand + ? WHERE id = ?');
  for (const [productId, quantity] of reserved) hold.run(quantity, quantity, productId);
  return { items, holds: reserved.size };
}

/**
 * Drops the indexes of `tables` and the FTS insert triggers, runs `load`, then recreates them exactly as
 * they were and rebuilds the full-text indexes (several times faster than indexing row by row).
 */
function withoutIndexes(db, tables, fts, load) {
  const list = tables.map((t) => `'${t}'`).join(', ');
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${list})`)
    .all();
  const triggers = fts.map((name) => {
    const sql = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
      .pluck()
      .get(`${name}_insert`);
    if (!sql) throw new Error(`${name}_insert trigger not found: has the schema changed? Update bench/seed-sales.mjs.`);
    return sql;
  });
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  for (const name of fts) db.exec(`DROP TRIGGER ${name}_insert`);
  const result = load();
  for (const index of indexes) db.exec(index.sql);
  for (const name of fts) db.exec(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`);
  for (const sql of triggers) db.exec(sql);
  return result;
}

/**
 * The sales data directory under bench/.data/, seeded when missing or stale.
 * Returns { dataDir, seeded, seconds, counts }.
 */
export async function ensureSalesSeeded({ log = () => {} } = {}) {
  const dataDir = join(CACHE_DIR, 'sales-2m');
  const marker = join(dataDir, 'bench-seed.json');
  const seed = { sales: SALES_SEED_VERSION, customers: CUSTOMERS_SEED_VERSION, counts: [CUSTOMERS, PRODUCTS, ORDERS] };
  const cached = existsSync(join(dataDir, 'officina.db')) && cachedSeed(marker, seed);
  if (cached) return { dataDir, marker, seeded: false, seconds: cached.seconds, counts: cached.counts };
  const customers = await ensureSeeded(CUSTOMERS, { log });
  const started = performance.now();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(`Seeding sales into ${dataDir} (cached for later runs)…`);
  // The product creates and migrates the database, so the bench never drifts from the real schema.
  const { createOfficina } = await import(pathToFileURL(join(OUT, 'app.js')).href);
  await createOfficina({ dataDir, watchOtherProcesses: false, logLevel: 'warn' }).close();
  const db = new Database(join(dataDir, 'officina.db'));
  let counts;
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    // The customers come from the customers benchmark's cache (same migration 001, same columns).
    db.prepare('ATTACH DATABASE ? AS source').run(join(customers.dataDir, 'officina.db'));
    counts = db.transaction(() =>
      withoutIndexes(
        db,
        ['customers', 'products', 'orders', 'order_items', 'order_status_history', 'reservations'],
        ['customers_fts', 'products_fts'],
        () => {
          db.exec('INSERT INTO main.customers SELECT * FROM source.customers');
          log(`  ${CUSTOMERS.toLocaleString('en-US')} customers copied…`);
          return seedSalesRows(db, log);
        },
      ),
    )();
    db.exec('DETACH DATABASE source');
    // No ANALYZE: the product never runs it, so the planner sees what it sees on a person's machine.
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  const seconds = (performance.now() - started) / 1000;
  writeSeedMarker(marker, seed, { seconds, counts });
  log(`  sales seeded in ${seconds.toFixed(1)} s`);
  return { dataDir, marker, seeded: true, seconds, counts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await ensureSalesSeeded({ log: console.log });
  console.log(result.seeded ? `Seeded ${result.dataDir}` : `Cached: ${result.dataDir}`);
}
