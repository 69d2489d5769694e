import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { toMajorUnits } from '../../../shared/money.js';
import {
  stockLevel,
  type Product,
  type createProduct,
  type getProductDetails,
  type searchProducts,
  type updateProduct,
} from '../../../shared/sales/products.js';
import type { ProductRef } from '../../../shared/sales/common.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { prefixMatchExpression } from '../store/fts.js';
import type { ProductsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import { minorOrThrow } from './money.js';

export type ProductRow = Omit<ProductsTable, 'id'> & { id: number };
type CreateInput = z.output<typeof createProduct.input>;
type UpdateInput = z.output<typeof updateProduct.input>;
type SearchInput = z.output<typeof searchProducts.input>;

/** bm25 weights of products_fts's columns: name, sku, category, description. */
const BM25_WEIGHTS = sql.raw('10.0, 8.0, 3.0, 1.0');
type GetInput = z.output<typeof getProductDetails.input>;

export class ProductsService {
  private readonly store: Store;
  private readonly settings: SettingsService;
  private readonly clock: Clock;
  /** Looked up on every order line and stock change: compiled once (Store.prepare). */
  private readonly queries;

  constructor(deps: { store: Store; settings: SettingsService; clock: Clock }) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.clock = deps.clock;
    this.queries = {
      byId: this.store.prepare((q, id: number) => q.selectFrom('products').selectAll().where('id', '=', id)),
      // Products in the trash are out of reach of orders, stock changes and lookups by reference.
      liveById: this.store.prepare((q, id: number) =>
        q.selectFrom('products').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
      ),
      bySku: this.store.prepare((q, sku: string) =>
        q
          .selectFrom('products')
          .selectAll()
          .where(sql<string>`sku COLLATE NOCASE`, '=', sku)
          .where('deleted_at', 'is', null),
      ),
    };
  }

  create(input: CreateInput, events: EventSink, actor: string): Product {
    const currency = input.currency ?? this.settings.get().currency;
    const price = minorOrThrow(input.price, currency, 'price');
    this.assertSkuFree(input.sku, undefined);
    const now = this.clock.now().toISOString();
    const { lastInsertRowid: id } = this.store.run(
      this.store.query.insertInto('products').values({
        sku: input.sku,
        name: input.name,
        description: input.description || null,
        category: input.category ?? null,
        price_minor: price,
        currency,
        weight_grams: Math.round(input.weight_kg * 1000),
        tags: JSON.stringify(input.tags ?? []),
        status: 'active',
        on_hand: input.initial_stock,
        reserved: 0,
        low_stock_threshold: input.low_stock_threshold,
        version: 1,
        created_at: now,
        updated_at: now,
      }),
    );
    if (input.initial_stock > 0) {
      this.store.run(
        this.store.query.insertInto('stock_movements').values({
          product_id: id,
          kind: 'receipt',
          on_hand_delta: input.initial_stock,
          reserved_delta: 0,
          on_hand_after: input.initial_stock,
          reserved_after: 0,
          reason: 'initial stock',
          order_id: null,
          reservation_id: null,
          shipment_id: null,
          actor,
          at: now,
        }),
      );
    }
    events.emit({ type: 'record.changed', entity: 'product', id, action: 'created' });
    return toProduct(this.row(id));
  }

  update(input: UpdateInput, events: EventSink): Product {
    const { product_id, expected_version, ...fields } = input;
    if (Object.keys(fields).length === 0) {
      throw new OpError('invalid_input', 'Nothing to update: give at least one field to change besides product_id.');
    }
    const current = this.resolve(product_id);
    if (expected_version !== undefined && expected_version !== current.version) {
      throw new OpError(
        'conflict',
        `Product ${current.sku} was changed since you read it (it is at version ${current.version}, you had ${expected_version}); read it again.`,
        [{ path: 'expected_version', message: 'Stale version' }],
      );
    }
    const changes: Partial<ProductRow> = {};
    if (fields.sku !== undefined) {
      this.assertSkuFree(fields.sku, current.id);
      changes.sku = fields.sku;
    }
    if (fields.name !== undefined) changes.name = fields.name;
    if (fields.description !== undefined) changes.description = fields.description || null;
    if (fields.category !== undefined) changes.category = fields.category;
    const currency = fields.currency ?? current.currency;
    if (fields.currency !== undefined) changes.currency = fields.currency;
    if (fields.price !== undefined) changes.price_minor = minorOrThrow(fields.price, currency, 'price');
    else if (fields.currency !== undefined && fields.currency !== current.currency) {
      throw new OpError('invalid_input', 'Changing the currency needs the price in the new currency too.', [
        { path: 'price', message: 'Give the price in the new currency' },
      ]);
    }
    if (fields.weight_kg !== undefined) changes.weight_grams = Math.round(fields.weight_kg * 1000);
    if (fields.tags !== undefined) changes.tags = JSON.stringify(fields.tags ?? []);
    if (fields.status !== undefined) changes.status = fields.status;
    if (fields.low_stock_threshold !== undefined) changes.low_stock_threshold = fields.low_stock_threshold;

    const result = this.store.run(
      this.store.query
        .updateTable('products')
        .set({ ...changes, version: current.version + 1, updated_at: this.clock.now().toISOString() })
        .where('id', '=', current.id)
        .where('version', '=', current.version),
    );
    if (result.changes === 0) {
      throw new OpError('conflict', `Product ${current.sku} was changed by someone else meanwhile; read it again.`);
    }
    events.emit({ type: 'record.changed', entity: 'product', id: current.id, action: 'updated' });
    return toProduct(this.row(current.id));
  }

  get(input: GetInput): Product {
    return toProduct(this.resolve(input.product_id));
  }

  /** By integer id, or by SKU (case-insensitive). */
  resolve(ref: ProductRef, path = 'product_id'): ProductRow {
    const row = typeof ref === 'number' ? this.queries.liveById.first(ref) : this.queries.bySku.first(ref);
    if (!row) {
      const trashed = this.trashedByRef(ref);
      if (trashed) {
        throw new OpError(
          'not_found',
          `Product ${trashed.sku} (${trashed.name}) is in the trash; restore it with restore_product to use it again.`,
          [{ path, message: 'In the trash' }],
        );
      }
      const what = typeof ref === 'number' ? `id ${ref}` : `SKU "${ref}"`;
      throw new OpError('not_found', `There is no product with ${what}. Find products with search_products.`, [
        { path, message: 'No such product' },
      ]);
    }
    return row;
  }

  private trashedByRef(ref: ProductRef): ProductRow | undefined {
    const q = this.store.query.selectFrom('products').selectAll().where('deleted_at', 'is not', null);
    return this.store.first(
      typeof ref === 'number' ? q.where('id', '=', ref) : q.where(sql<string>`sku COLLATE NOCASE`, '=', ref),
    );
  }

  /**
   * Moves a product to the trash: out of search, orders and stock changes; past orders keep their
   * lines. A product that open orders hold stock of stays until they ship or are cancelled.
   */
  trash(ref: ProductRef, expectedVersion: number | undefined, events: EventSink): { id: number; deleted: true } {
    const current = this.resolve(ref);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new OpError(
        'conflict',
        `Product ${current.sku} was changed since you read it (it is at version ${current.version}, you had ${expectedVersion}); read it again.`,
        [{ path: 'expected_version', message: 'Stale version' }],
      );
    }
    if (current.reserved > 0) {
      throw new OpError(
        'conflict',
        `Product ${current.sku} (${current.name}) has ${current.reserved} held for open orders; ship or cancel those orders first, or archive the product (status "archived").`,
      );
    }
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('products')
        .set({ deleted_at: now, version: current.version + 1, updated_at: now })
        .where('id', '=', current.id),
    );
    events.emit({ type: 'record.changed', entity: 'product', id: current.id, action: 'deleted' });
    return { id: current.id, deleted: true };
  }

  /** Takes a product out of the trash, as it was. */
  restore(ref: ProductRef, events: EventSink): Product {
    const row = this.trashedRow(ref);
    const clash = this.store.first(
      this.store.query
        .selectFrom('products')
        .select(['id', 'sku'])
        .where(sql<string>`sku COLLATE NOCASE`, '=', row.sku)
        .where('id', '!=', row.id)
        .where('deleted_at', 'is', null),
    );
    if (clash) {
      throw new OpError(
        'conflict',
        `Product ${clash.id} now has the SKU ${clash.sku}; change its SKU before restoring ${row.name}.`,
      );
    }
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('products')
        .set({ deleted_at: null, version: row.version + 1, updated_at: now })
        .where('id', '=', row.id),
    );
    events.emit({ type: 'record.changed', entity: 'product', id: row.id, action: 'created' });
    return toProduct(this.row(row.id));
  }

  /**
   * Deletes a product in the trash for good, with its stock history. One that past orders name stays
   * in the trash: those orders keep their lines.
   */
  purge(ref: ProductRef, events: EventSink): { id: number; name: string } {
    const row = this.trashedRow(ref);
    const sold = this.store.first(
      this.store.query
        .selectFrom('order_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('product_id', '=', row.id),
    );
    if ((sold?.n ?? 0) > 0) {
      throw new OpError(
        'conflict',
        `${row.name} appears in ${sold?.n} order line(s), so it stays in the trash: those orders keep showing what was sold.`,
      );
    }
    this.store.run(this.store.query.deleteFrom('stock_movements').where('product_id', '=', row.id));
    this.store.run(this.store.query.deleteFrom('reservations').where('product_id', '=', row.id));
    this.store.run(this.store.query.deleteFrom('products').where('id', '=', row.id));
    events.emit({ type: 'record.changed', entity: 'product', id: row.id, action: 'deleted' });
    return { id: row.id, name: row.name };
  }

  /** Products in the trash, most recently deleted first. */
  trashed(): { id: number; name: string; detail: string; deleted_at: string }[] {
    return this.store
      .all(
        this.store.query
          .selectFrom('products')
          .select(['id', 'name', 'sku', 'deleted_at'])
          .where('deleted_at', 'is not', null)
          .orderBy('deleted_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1000),
      )
      .map((r) => ({ id: r.id, name: r.name, detail: r.sku, deleted_at: r.deleted_at ?? '' }));
  }

  private trashedRow(ref: ProductRef): ProductRow {
    const row = this.trashedByRef(ref);
    if (row) return row;
    const live = typeof ref === 'number' ? this.queries.liveById.first(ref) : this.queries.bySku.first(ref);
    if (live) {
      throw new OpError('conflict', `Product ${live.sku} (${live.name}) is not in the trash.`, [
        { path: 'product_id', message: 'Not in the trash' },
      ]);
    }
    throw new OpError('not_found', `There is no product ${typeof ref === 'number' ? `with id ${ref}` : ref}.`, [
      { path: 'product_id', message: 'No such product' },
    ]);
  }

  row(id: number): ProductRow {
    const row = this.queries.byId.first(id);
    if (!row) throw new OpError('not_found', `There is no product with id ${id}.`);
    return row;
  }

  search(input: SearchInput): { items: Product[]; next_cursor: string | null } {
    const currency = input.currency ?? this.settings.get().currency;
    const priced = input.min_price !== undefined || input.max_price !== undefined;
    if (input.min_price !== undefined && input.max_price !== undefined && input.min_price > input.max_price) {
      throw new OpError('invalid_input', 'min_price is above max_price.', [
        { path: 'min_price', message: 'Must not exceed max_price' },
      ]);
    }
    const conditions = [];
    if (input.category) conditions.push(sql`p.category = ${input.category} COLLATE NOCASE`);
    if (priced) conditions.push(sql`p.currency = ${currency}`);
    if (input.min_price !== undefined)
      conditions.push(sql`p.price_minor >= ${minorOrThrow(input.min_price, currency, 'min_price')}`);
    if (input.max_price !== undefined)
      conditions.push(sql`p.price_minor <= ${minorOrThrow(input.max_price, currency, 'max_price')}`);
    if (input.in_stock === true) conditions.push(sql`p.on_hand - p.reserved > 0`);
    if (input.in_stock === false) conditions.push(sql`p.on_hand - p.reserved <= 0`);
    // As stockLevel (shared/sales/products.ts) reads a product's stock.
    if (input.stock === 'out') conditions.push(sql`p.on_hand - p.reserved <= 0`);
    if (input.stock === 'low') {
      conditions.push(sql`p.on_hand - p.reserved > 0 AND p.on_hand - p.reserved <= p.low_stock_threshold`);
    }
    const narrowed = conditions.length > 0;
    if (!input.include_archived) conditions.push(sql`p.status = 'active'`);
    conditions.push(sql`p.deleted_at IS NULL`);

    // The cursor is tagged with the sort, so a page of one sort is never continued in another.
    const list = input.sort ? `products:search:${input.sort}:${input.order}` : 'products:search';
    const offset = input.cursor ? (decodeCursor(list, input.cursor, ['number'])[0] as number) : input.offset;
    const match = input.query?.trim() ? prefixMatchExpression(input.query) : null;
    const where = conditions.length ? sql.join(conditions, sql` AND `) : sql`1`;
    const limit = input.limit + 1;
    const rows = input.sort
      ? this.store.all(
          this.store.raw(sql<ProductRow>`
            SELECT p.* FROM products p WHERE ${where}
            ${match ? sql`AND p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ${match})` : sql``}
            ORDER BY ${productOrder(input.sort, input.order)}
            LIMIT ${limit} OFFSET ${offset}`),
        )
      : !match
        ? this.store.all(
            this.store.raw(sql<ProductRow>`
            SELECT p.* FROM products p WHERE ${where}
            ORDER BY p.name COLLATE NOCASE, p.id
            LIMIT ${limit} OFFSET ${offset}`),
          )
        : narrowed
          ? this.store.all(
              // CROSS JOIN keeps the match as the outer loop: with a price or category filter the planner
              // would otherwise walk an index of products and probe the full-text index once per row
              // (60k probes, ~0.3 s, on 200k products).
              this.store.raw(sql<ProductRow>`
              SELECT p.* FROM products_fts f CROSS JOIN products p ON p.id = f.rowid
              WHERE products_fts MATCH ${match} AND ${where}
              ORDER BY bm25(products_fts, ${BM25_WEIGHTS}), p.id
              LIMIT ${limit} OFFSET ${offset}`),
            )
          : this.rankedInIndex(match, where, limit, offset);
    const items = rows.slice(0, input.limit).map(toProduct);
    // Ranked results have no stable key to seek to: the cursor carries the next offset.
    const next = rows.length > input.limit ? encodeCursor(list, [offset + input.limit]) : null;
    return { items, next_cursor: next };
  }

  /**
   * A search whose only filter is the status: ranked inside the full-text index, and only the best
   * `offset + limit` joined to their products. Joining every match before ranking cost as much as
   * ranking did (a category word matches ~33k of 200k products: 28 → 14 ms). Archived products are
   * few, so the first pass nearly always fills the page; when it does not, a longer one runs.
   */
  private rankedInIndex(match: string, where: RawBuilder<unknown>, limit: number, offset: number): ProductRow[] {
    for (let candidates = offset + limit + 16; ; candidates *= 4) {
      const rows = this.store.all(
        this.store.raw(sql<ProductRow & { ranked: number }>`
          WITH ranked AS MATERIALIZED (
            SELECT rowid AS id, bm25(products_fts, ${BM25_WEIGHTS}) AS score FROM products_fts
            WHERE products_fts MATCH ${match} ORDER BY score, rowid LIMIT ${candidates})
          SELECT p.*, (SELECT COUNT(*) FROM ranked) AS ranked
          FROM ranked r CROSS JOIN products p ON p.id = r.id
          WHERE ${where}
          ORDER BY r.score, r.id
          LIMIT ${limit} OFFSET ${offset}`),
      );
      // Enough rows for the page, or every match was ranked: the answer is complete.
      const ranked = rows[0]?.ranked ?? this.countMatches(match);
      if (rows.length === limit || ranked < candidates) return rows.map(({ ranked: _, ...row }) => row);
    }
  }

  private countMatches(match: string): number {
    return this.store.first(
      this.store.raw(sql<{ n: number }>`SELECT COUNT(*) AS n FROM products_fts WHERE products_fts MATCH ${match}`),
    )!.n;
  }

  categories(): { items: { category: string; products: number }[]; next_cursor: null } {
    const rows = this.store.all(
      this.store.raw(sql<{ category: string; products: number }>`
        SELECT category, COUNT(*) AS products FROM products
        WHERE status = 'active' AND deleted_at IS NULL AND category IS NOT NULL
        GROUP BY category COLLATE NOCASE ORDER BY category COLLATE NOCASE`),
    );
    return { items: rows, next_cursor: null };
  }

  private assertSkuFree(sku: string, exceptId: number | undefined): void {
    const existing = this.store.first(
      this.store.query
        .selectFrom('products')
        .select(['id', 'sku', 'deleted_at'])
        .where(sql<string>`sku COLLATE NOCASE`, '=', sku),
    );
    if (existing && existing.id !== exceptId && existing.deleted_at !== null) {
      throw new OpError(
        'conflict',
        `A product with the SKU ${existing.sku} is in the trash (id ${existing.id}); restore it with restore_product, or delete it for good from the trash first.`,
        [{ path: 'sku', message: 'A product in the trash has this SKU' }],
      );
    }
    if (existing && existing.id !== exceptId) {
      throw new OpError('conflict', `A product with the SKU ${existing.sku} already exists (id ${existing.id}).`, [
        { path: 'sku', message: 'Another product has this SKU' },
      ]);
    }
  }
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    price: toMajorUnits(row.price_minor, row.currency),
    currency: row.currency,
    weight_kg: row.weight_grams / 1000,
    tags: JSON.parse(row.tags) as string[],
    status: row.status,
    stock: {
      on_hand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
      level: stockLevel(row.on_hand - row.reserved, row.low_stock_threshold),
    },
    low_stock_threshold: row.low_stock_threshold,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * The ORDER BY of a sorted product list, from the contract's allow-list only (never the caller's text).
 * Prices compare within a currency, so a catalog in several currencies is grouped by currency first.
 */
function productOrder(sort: NonNullable<SearchInput['sort']>, order: 'asc' | 'desc'): RawBuilder<unknown> {
  const dir = order === 'desc' ? sql`DESC` : sql`ASC`;
  switch (sort) {
    case 'name':
      return sql`p.name COLLATE NOCASE ${dir}, p.id ${dir}`;
    case 'sku':
      return sql`p.sku COLLATE NOCASE ${dir}, p.id ${dir}`;
    case 'category':
      // Products without a category last, whichever the direction.
      return sql`p.category IS NULL, p.category COLLATE NOCASE ${dir}, p.id ${dir}`;
    case 'price':
      return sql`p.currency, p.price_minor ${dir}, p.id ${dir}`;
    case 'on_hand':
      return sql`p.on_hand ${dir}, p.id ${dir}`;
    case 'reserved':
      return sql`p.reserved ${dir}, p.id ${dir}`;
    case 'available':
      return sql`p.on_hand - p.reserved ${dir}, p.id ${dir}`;
    case 'status':
      return sql`p.status ${dir}, p.id ${dir}`;
    case 'created_at':
      return sql`p.created_at ${dir}, p.id ${dir}`;
  }
}
