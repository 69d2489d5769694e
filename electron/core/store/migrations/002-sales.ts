import type { Migration } from './index.js';

/**
 * Sales: the product catalog, a stock ledger with reservations, orders with their status history,
 * payments and refunds, shipping rates and shipments. Money is integer minor units plus an ISO 4217
 * code; weights are integer grams; rates are basis points. The CHECKs are the ledger's invariants,
 * held by SQLite itself: no code path can leave stock oversold or a payment over-refunded.
 */
export const m002Sales: Migration = {
  id: 2,
  name: 'sales: products, stock ledger, reservations, orders, payments, refunds, shipping',
  up(db) {
    db.exec(`
      CREATE TABLE products (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        category TEXT,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
        currency TEXT NOT NULL,
        weight_grams INTEGER NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
        reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX products_sku ON products (sku COLLATE NOCASE);
      CREATE INDEX products_status_category ON products (status, category, id);
      CREATE INDEX products_status_price ON products (status, currency, price_minor);

      CREATE VIRTUAL TABLE products_fts USING fts5 (
        name, sku, category, description,
        content = 'products', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
        INSERT INTO products_fts (rowid, name, sku, category, description)
        VALUES (new.id, new.name, new.sku, new.category, new.description);
      END;
      CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
        INSERT INTO products_fts (products_fts, rowid, name, sku, category, description)
        VALUES ('delete', old.id, old.name, old.sku, old.category, old.description);
      END;
      CREATE TRIGGER products_fts_update AFTER UPDATE OF name, sku, category, description ON products BEGIN
        INSERT INTO products_fts (products_fts, rowid, name, sku, category, description)
        VALUES ('delete', old.id, old.name, old.sku, old.category, old.description);
        INSERT INTO products_fts (rowid, name, sku, category, description)
        VALUES (new.id, new.name, new.sku, new.category, new.description);
      END;

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')),
        currency TEXT NOT NULL,
        subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
        shipping_minor INTEGER NOT NULL CHECK (shipping_minor >= 0),
        tax_minor INTEGER NOT NULL CHECK (tax_minor >= 0),
        tax_rate_bps INTEGER NOT NULL,
        total_minor INTEGER NOT NULL CHECK (total_minor = subtotal_minor + shipping_minor + tax_minor),
        paid_minor INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
        refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= paid_minor),
        shipping_service TEXT,
        shipping_address TEXT CHECK (shipping_address IS NULL OR json_valid(shipping_address)),
        notes TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (paid_minor - refunded_minor <= total_minor)
      );
      CREATE INDEX orders_created ON orders (created_at, id);
      CREATE INDEX orders_customer_created ON orders (customer_id, created_at, id);
      CREATE INDEX orders_status_created ON orders (status, created_at, id);

      CREATE TABLE order_items (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products (id),
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        line_total_minor INTEGER NOT NULL CHECK (line_total_minor = unit_price_minor * quantity),
        weight_grams INTEGER NOT NULL,
        shipped_quantity INTEGER NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0 AND shipped_quantity <= quantity)
      );
      CREATE INDEX order_items_order ON order_items (order_id);
      CREATE INDEX order_items_product ON order_items (product_id);

      CREATE TABLE order_status_history (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        note TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

      -- Holds on stock. Active ones are counted in products.reserved; an order's are consumed when it ships.
      CREATE TABLE reservations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        product_id INTEGER NOT NULL REFERENCES products (id),
        order_id INTEGER REFERENCES orders (id),
        quantity INTEGER NOT NULL CHECK (quantity >= 0),
        status TEXT NOT NULL CHECK (status IN ('active', 'released', 'expired', 'consumed')),
        expires_at TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE INDEX reservations_product_active ON reservations (product_id, status, expires_at);
      CREATE INDEX reservations_order ON reservations (order_id, product_id);
      CREATE INDEX reservations_due ON reservations (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

      -- The stock ledger: every change of on_hand or reserved, with why and who.
      CREATE TABLE stock_movements (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products (id),
        kind TEXT NOT NULL,
        on_hand_delta INTEGER NOT NULL,
        reserved_delta INTEGER NOT NULL,
        on_hand_after INTEGER NOT NULL,
        reserved_after INTEGER NOT NULL,
        reason TEXT,
        order_id INTEGER,
        reservation_id INTEGER,
        shipment_id INTEGER,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX stock_movements_product ON stock_movements (product_id, id);

      CREATE TABLE payments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        transaction_id TEXT NOT NULL UNIQUE,
        order_id INTEGER REFERENCES orders (id),
        customer_id INTEGER REFERENCES customers (id),
        customer_info TEXT NOT NULL CHECK (json_valid(customer_info)),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        method TEXT NOT NULL,
        provider TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('succeeded')),
        refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
        reference TEXT,
        note TEXT,
        idempotency_key TEXT UNIQUE,
        request_fingerprint TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX payments_order ON payments (order_id, id);
      CREATE INDEX payments_customer ON payments (customer_id, id);

      CREATE TABLE refunds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        refund_id TEXT NOT NULL UNIQUE,
        payment_id INTEGER NOT NULL REFERENCES payments (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        reason TEXT,
        idempotency_key TEXT UNIQUE,
        request_fingerprint TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX refunds_payment ON refunds (payment_id, id);

      -- Rates the person edits, per service and currency; a currency without rows uses the default table.
      CREATE TABLE shipping_rates (
        service TEXT NOT NULL,
        currency TEXT NOT NULL,
        label TEXT NOT NULL,
        base_minor INTEGER NOT NULL CHECK (base_minor >= 0),
        per_kg_minor INTEGER NOT NULL CHECK (per_kg_minor >= 0),
        value_bps INTEGER NOT NULL CHECK (value_bps >= 0),
        multiplier_pct INTEGER NOT NULL CHECK (multiplier_pct > 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (currency, service)
      ) WITHOUT ROWID;

      CREATE TABLE shipments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id INTEGER REFERENCES orders (id),
        service TEXT NOT NULL,
        carrier TEXT,
        tracking TEXT,
        status TEXT NOT NULL CHECK (status IN ('created', 'in_transit', 'delivered', 'returned', 'lost')),
        destination TEXT NOT NULL CHECK (json_valid(destination)),
        items TEXT NOT NULL CHECK (json_valid(items)),
        weight_grams INTEGER NOT NULL,
        declared_value_minor INTEGER NOT NULL,
        cost_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        history TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(history)),
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX shipments_order ON shipments (order_id, id);

      -- Sales figures kept ahead of time for get_order_analytics, by SQLite triggers on orders and
      -- order_items, so every write path (and raw SQL) keeps them exact. Buckets are of UTC time:
      -- 15 minutes for orders (every zone offset and DST change falls on a quarter hour, so buckets
      -- group exactly into local days, weeks and months), a day for products (the report reads the
      -- partial days at a range's ends from the orders themselves). created_at is ISO-8601 UTC.
      CREATE TABLE order_stats (
        currency TEXT NOT NULL,
        bucket INTEGER NOT NULL, -- unixepoch(created_at) / 900
        status TEXT NOT NULL,
        orders INTEGER NOT NULL,
        gross_minor INTEGER NOT NULL,
        refunded_minor INTEGER NOT NULL,
        PRIMARY KEY (currency, bucket, status)
      ) WITHOUT ROWID;

      -- Lines of orders neither cancelled nor refunded; revenue nets refunds in proportion, the REAL
      -- sum of line_total_minor * (1 - refunded_minor / total_minor), rounded only when reported.
      CREATE TABLE product_sales_daily (
        currency TEXT NOT NULL,
        product_id INTEGER NOT NULL,
        day INTEGER NOT NULL, -- unixepoch(created_at) / 86400
        lines INTEGER NOT NULL,
        quantity INTEGER NOT NULL,
        revenue REAL NOT NULL,
        PRIMARY KEY (currency, product_id, day)
      ) WITHOUT ROWID;
      -- All time, per product: revenue_bound (the sum of the lines' positive revenue) bounds the
      -- product's revenue in any period, so the top products of a period are found without
      -- reading every product.
      CREATE TABLE product_sales_totals (
        currency TEXT NOT NULL,
        product_id INTEGER NOT NULL,
        lines INTEGER NOT NULL,
        revenue_bound REAL NOT NULL,
        PRIMARY KEY (currency, product_id)
      ) WITHOUT ROWID;
      CREATE INDEX product_sales_totals_bound ON product_sales_totals (currency, revenue_bound DESC);

      ${salesStatsTriggers()}
    `);
  },
};

/** An order's or line's contribution to the sales figures, added (sign 1) or taken away (sign -1). */
function orderStatsDelta(o: 'new' | 'old', sign: 1 | -1): string {
  return `
    INSERT INTO order_stats (currency, bucket, status, orders, gross_minor, refunded_minor)
    VALUES (${o}.currency, unixepoch(${o}.created_at) / 900, ${o}.status, ${sign}, ${sign} * ${o}.total_minor, ${sign} * ${o}.refunded_minor)
    ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
      refunded_minor = refunded_minor + excluded.refunded_minor;
    ${sign < 0 ? `DELETE FROM order_stats WHERE currency = ${o}.currency AND bucket = unixepoch(${o}.created_at) / 900 AND status = ${o}.status AND orders = 0;` : ''}`;
}

/**
 * Lines' contribution to the product figures. `o` is the order's row (its new or old values, or a
 * table alias), `i` the lines, `from` what to select them from, `where` which of them.
 */
function productStatsDelta(o: string, i: string, from: string, where: string, sign: 1 | -1): string {
  const revenue = `${i}.line_total_minor * (1.0 - CAST(${o}.refunded_minor AS REAL) / MAX(${o}.total_minor, 1))`;
  const counts = `${o}.status NOT IN ('cancelled', 'refunded')`;
  return `
    INSERT INTO product_sales_daily (currency, product_id, day, lines, quantity, revenue)
    SELECT ${o}.currency, ${i}.product_id, unixepoch(${o}.created_at) / 86400, ${sign}, ${sign} * ${i}.quantity, ${sign} * ${revenue}
    FROM ${from} WHERE ${where} AND ${counts}
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines, quantity = quantity + excluded.quantity,
      revenue = revenue + excluded.revenue;
    INSERT INTO product_sales_totals (currency, product_id, lines, revenue_bound)
    SELECT ${o}.currency, ${i}.product_id, ${sign}, ${sign} * MAX(${revenue}, 0.0)
    FROM ${from} WHERE ${where} AND ${counts}
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines, revenue_bound = revenue_bound + excluded.revenue_bound;
    ${
      sign < 0
        ? `DELETE FROM product_sales_daily WHERE lines = 0 AND (currency, product_id, day) IN
             (SELECT ${o}.currency, ${i}.product_id, unixepoch(${o}.created_at) / 86400 FROM ${from} WHERE ${where});
           DELETE FROM product_sales_totals WHERE lines = 0 AND (currency, product_id) IN
             (SELECT ${o}.currency, ${i}.product_id FROM ${from} WHERE ${where});`
        : ''
    }`;
}

function salesStatsTriggers(): string {
  const orderMoved = `old.status IS NOT new.status OR old.total_minor IS NOT new.total_minor
    OR old.refunded_minor IS NOT new.refunded_minor OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at`;
  // Moves between paid, processing, shipped and delivered leave the lines' figures as they were.
  const linesMoved = `(old.status IN ('cancelled', 'refunded')) IS NOT (new.status IN ('cancelled', 'refunded'))
    OR old.total_minor IS NOT new.total_minor OR old.refunded_minor IS NOT new.refunded_minor
    OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at`;
  const lineMoved = `old.order_id IS NOT new.order_id OR old.product_id IS NOT new.product_id
    OR old.quantity IS NOT new.quantity OR old.line_total_minor IS NOT new.line_total_minor`;
  return `
    CREATE TRIGGER orders_stats_insert AFTER INSERT ON orders BEGIN
      ${orderStatsDelta('new', 1)}
    END;
    CREATE TRIGGER orders_stats_update AFTER UPDATE OF status, total_minor, refunded_minor, currency, created_at ON orders
    WHEN ${orderMoved} BEGIN
      ${orderStatsDelta('old', -1)}
      ${orderStatsDelta('new', 1)}
      ${productStatsDelta('old', 'i', 'order_items i', `i.order_id = old.id AND (${linesMoved})`, -1)}
      ${productStatsDelta('new', 'i', 'order_items i', `i.order_id = new.id AND (${linesMoved})`, 1)}
    END;
    CREATE TRIGGER orders_stats_delete AFTER DELETE ON orders BEGIN
      ${orderStatsDelta('old', -1)}
    END;
    -- BEFORE: a cascade deletes the lines after the order row is gone, so its lines leave here.
    CREATE TRIGGER orders_stats_delete_lines BEFORE DELETE ON orders BEGIN
      ${productStatsDelta('old', 'i', 'order_items i', 'i.order_id = old.id', -1)}
    END;
    CREATE TRIGGER order_items_stats_insert AFTER INSERT ON order_items BEGIN
      ${productStatsDelta('o', 'new', 'orders o', 'o.id = new.order_id', 1)}
    END;
    CREATE TRIGGER order_items_stats_update AFTER UPDATE OF order_id, product_id, quantity, line_total_minor ON order_items
    WHEN ${lineMoved} BEGIN
      ${productStatsDelta('o', 'old', 'orders o', 'o.id = old.order_id', -1)}
      ${productStatsDelta('o', 'new', 'orders o', 'o.id = new.order_id', 1)}
    END;
    CREATE TRIGGER order_items_stats_delete AFTER DELETE ON order_items BEGIN
      ${productStatsDelta('o', 'old', 'orders o', 'o.id = old.order_id', -1)}
    END;`;
}
