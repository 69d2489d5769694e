import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { toMajorUnits } from '../../../shared/money.js';
import { CSV_COLUMNS, INLINE_CSV_LIMIT, type exportCsv } from '../../../shared/transfer.js';
import type { Ctx } from '../catalogue/context.js';
import { defuseFormula } from '../common/csv-cells.js';
import { writeStreamAtomic } from '../common/files.js';
import type * as CsvStringify from 'csv-stringify';
import type * as WriteExcelFile from 'write-excel-file/node';
import { lazyModule } from '../common/lazy-module.js';
import { fulfillmentStatusSql, paymentStatusSql } from '../sales/fulfillment.js';
import { boundToIso } from '../sales/time.js';

const csvStringify = lazyModule<typeof CsvStringify>('csv-stringify');
const writeExcelFile = lazyModule<typeof WriteExcelFile>('write-excel-file/node');

type Input = z.output<typeof exportCsv.input>;
type Output = z.input<typeof exportCsv.output>;

const ORDER_COLUMNS = [
  'id',
  'created_at',
  'customer_id',
  'customer_name',
  'status',
  'currency',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'paid',
  'refunded',
  'items',
] as const;

const STATUSES: Record<Input['entity'], readonly string[]> = {
  customers: ['active', 'inactive'],
  products: ['active', 'archived'],
  orders: ['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'],
};

/**
 * Streams rows from SQLite through csv-stringify: to a new file (written beside it under a temporary
 * name, then linked into place, which fails rather than replace a file that appeared meanwhile), or
 * into the result, up to the inline limit. Import files read back: same columns, same formats.
 */
export async function exportCsvRows(ctx: Ctx, input: Input): Promise<Output> {
  if (input.status !== undefined && !STATUSES[input.entity].includes(input.status)) {
    throw new OpError('invalid_input', `status for ${input.entity} is one of ${STATUSES[input.entity].join(', ')}.`, [
      { path: 'status', message: 'Unknown status' },
    ]);
  }
  const target = input.destination_path
    ? ctx.services.paths.resolveForWrite(input.destination_path, { field: 'destination_path' })
    : null;
  const filters = filtersOf(ctx, input);
  let rows = 0;
  const records = function* (): Generator<unknown[]> {
    for (const record of rowsOf(ctx, input, filters)) {
      rows++;
      if (rows % 10_000 === 0) ctx.progress(rows, undefined, `${rows} rows written`);
      yield record;
    }
  };
  const header = input.entity === 'orders' ? ORDER_COLUMNS : CSV_COLUMNS[input.entity];
  if (input.format === 'xlsx')
    return exportXlsx(
      ctx,
      input,
      target,
      [...header],
      () => [...records()],
      () => rows,
    );
  // Text cells defused against formula injection; numbers stay numbers (common/csv-cells.ts says why).
  const csv = () =>
    Readable.from(records()).pipe(
      csvStringify().stringify({ header: true, columns: [...header], cast: { string: defuseFormula } }),
    );

  if (target === null) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    await pipeline(
      csv(),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > INLINE_CSV_LIMIT) {
            done(
              new OpError(
                'invalid_input',
                `The export is over 5 MB, too large to return inline; give destination_path (a new file in the vault or an allowed folder).`,
                [{ path: 'destination_path', message: 'Needed for large exports' }],
              ),
            );
            return;
          }
          chunks.push(chunk);
          done();
        },
      }),
      { signal: ctx.signal },
    );
    const content = Buffer.concat(chunks).toString('utf8');
    return { entity: input.entity, format: 'csv', rows, bytes, destination_path: null, content };
  }

  // Linked into place, never renamed over: a file that appeared meanwhile is not replaced (conflict).
  const { size } = await writeStreamAtomic(target, csv(), {
    mode: 'create',
    fileMode: 0o644,
    field: 'destination_path',
    signal: ctx.signal,
  });
  return { entity: input.entity, format: 'csv', rows, bytes: size, destination_path: target, content: null };
}

/**
 * An Excel workbook (write-excel-file): one sheet, the header in bold, numbers as numbers. Cells are typed,
 * so a text that starts with "=" stays text (an xlsx cell is a formula only when written as one) and
 * needs no apostrophe. The workbook is built in memory, as the xlsx format is a zip of whole parts.
 */
async function exportXlsx(
  ctx: Ctx,
  input: Input,
  target: string | null,
  header: string[],
  collect: () => unknown[][],
  count: () => number,
): Promise<Output> {
  const data = [
    header.map((value) => ({ value, fontWeight: 'bold' as const })),
    ...collect().map((row) =>
      row.map((value) =>
        typeof value === 'number' ? value : value === null || value === undefined ? null : String(value),
      ),
    ),
  ];
  const buffer = await writeExcelFile()
    .default(data, { sheet: SHEET_NAMES[input.entity], stickyRowsCount: 1 })
    .toBuffer();
  if (target === null) {
    const content = buffer.toString('base64');
    if (content.length > INLINE_CSV_LIMIT) {
      throw new OpError(
        'invalid_input',
        'The export is over 5 MB, too large to return inline; give destination_path (a new file in the vault or an allowed folder).',
        [{ path: 'destination_path', message: 'Needed for large exports' }],
      );
    }
    return {
      entity: input.entity,
      format: 'xlsx',
      rows: count(),
      bytes: buffer.length,
      destination_path: null,
      content,
    };
  }
  const { size } = await writeStreamAtomic(target, Readable.from([buffer]), {
    mode: 'create',
    fileMode: 0o644,
    field: 'destination_path',
    signal: ctx.signal,
  });
  return { entity: input.entity, format: 'xlsx', rows: count(), bytes: size, destination_path: target, content: null };
}

const SHEET_NAMES: Record<Input['entity'], string> = { customers: 'Customers', products: 'Products', orders: 'Orders' };

interface Filters {
  /** Customers or products that the list's own search keeps (query, tag, category), in id order; null: all. */
  ids: number[] | null;
  start: string | undefined;
  end: string | undefined;
}

/**
 * What the lists filter on, found as the lists find it: a search goes through the list services (the same
 * word matching, tags and categories), and the export then reads those records.
 */
function filtersOf(ctx: Ctx, input: Input): Filters {
  let ids: number[] | null = null;
  if (input.entity === 'customers' && (input.query !== undefined || input.tag !== undefined)) {
    ids = [];
    let cursor: string | undefined;
    do {
      const page = ctx.services.customers.list({
        ...(input.query !== undefined && { query: input.query }),
        ...(input.tag !== undefined && { tag: input.tag }),
        ...(input.status !== undefined && { status: input.status as 'active' | 'inactive' }),
        sort: 'newest',
        limit: 100,
        offset: 0,
        include_total: false,
        ...(cursor !== undefined && { cursor }),
      });
      ids.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  } else if (
    input.entity === 'products' &&
    (input.query !== undefined || input.category !== undefined || input.stock !== undefined)
  ) {
    ids = [];
    let cursor: string | undefined;
    do {
      const page = ctx.services.products.search({
        ...(input.query !== undefined && { query: input.query }),
        ...(input.category !== undefined && { category: input.category }),
        ...(input.stock !== undefined && { stock: input.stock }),
        include_archived: input.status !== 'active',
        order: 'asc',
        limit: 200,
        offset: 0,
        ...(cursor !== undefined && { cursor }),
      });
      ids.push(...page.items.map((p) => p.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }
  if (ids) ids.sort((a, b) => a - b);
  const tz = ctx.services.settings.get().time_zone;
  const start = input.start_date ? boundToIso(input.start_date, tz, 'start', 'start_date') : undefined;
  const end = input.end_date ? boundToIso(input.end_date, tz, 'end', 'end_date') : undefined;
  if (start && end && start >= end) {
    throw new OpError('invalid_input', 'start_date is after end_date.', [
      { path: 'start_date', message: 'After end_date' },
    ]);
  }
  return { ids, start, end };
}

/** Rows read a page at a time (by id): an open SQLite iterator would keep the connection busy across awaits. */
const PAGE = 1_000;

function* pages<T extends { id: number }>(read: (afterId: number) => T[]): Generator<T> {
  let after = 0;
  for (;;) {
    const page = read(after);
    yield* page;
    if (page.length < PAGE) return;
    after = page.at(-1)!.id;
  }
}

/** The ids a search kept, a page at a time (each page's ids are read with `IN`). */
function* idPages(ids: number[]): Generator<number[]> {
  for (let i = 0; i < ids.length; i += PAGE) yield ids.slice(i, i + PAGE);
}

function* rowsOf(ctx: Ctx, input: Input, filters: Filters): Generator<unknown[]> {
  const db = ctx.db;
  if (input.entity === 'customers') {
    let query = db.query.selectFrom('customers').selectAll().where('deleted_at', 'is', null).orderBy('id').limit(PAGE);
    if (input.status) query = query.where('status', '=', input.status as 'active' | 'inactive');
    const found = filters.ids
      ? (function* () {
          for (const chunk of idPages(filters.ids!)) yield* db.all(query.where('id', 'in', chunk));
        })()
      : pages((after) => db.all(query.where('id', '>', after)));
    for (const c of found) {
      yield [
        c.name,
        c.email,
        c.phone ?? '',
        c.status,
        (JSON.parse(c.tags) as string[]).join('; '),
        c.notes ?? '',
        c.address_line1 ?? '',
        c.address_line2 ?? '',
        c.address_city ?? '',
        c.address_region ?? '',
        c.address_postal_code ?? '',
        c.address_country ?? '',
      ];
    }
  } else if (input.entity === 'products') {
    let query = db.query.selectFrom('products').selectAll().where('deleted_at', 'is', null).orderBy('id').limit(PAGE);
    if (input.status) query = query.where('status', '=', input.status as 'active' | 'archived');
    const found = filters.ids
      ? (function* () {
          for (const chunk of idPages(filters.ids!)) yield* db.all(query.where('id', 'in', chunk));
        })()
      : pages((after) => db.all(query.where('id', '>', after)));
    for (const p of found) {
      yield [
        p.sku,
        p.name,
        p.description ?? '',
        p.category ?? '',
        toMajorUnits(p.price_minor, p.currency),
        p.currency,
        p.weight_grams / 1000,
        (JSON.parse(p.tags) as string[]).join('; '),
        p.on_hand,
      ];
    }
  } else {
    let query = db.query
      .selectFrom('orders as o')
      .selectAll('o')
      .select([
        sql<string>`(SELECT name FROM customers c WHERE c.id = o.customer_id)`.as('customer_name'),
        sql<string>`(SELECT group_concat(sku || '×' || quantity, '; ') FROM order_items i WHERE i.order_id = o.id)`.as(
          'items',
        ),
      ])
      .orderBy('o.id')
      .limit(PAGE);
    if (input.status) query = query.where('o.status', '=', input.status);
    if (input.customer_id !== undefined) query = query.where('o.customer_id', '=', input.customer_id);
    if (filters.start) query = query.where('o.created_at', '>=', filters.start);
    if (filters.end) query = query.where('o.created_at', '<', filters.end);
    if (input.fulfillment_status)
      query = query.where(sql<boolean>`${fulfillmentStatusSql} = ${input.fulfillment_status}`);
    if (input.payment_status) query = query.where(sql<boolean>`${paymentStatusSql} = ${input.payment_status}`);
    for (const o of pages((after) => db.all(query.where('o.id', '>', after)))) {
      const m = (minor: number) => toMajorUnits(minor, o.currency);
      yield [
        o.id,
        o.created_at,
        o.customer_id,
        o.customer_name ?? '',
        o.status,
        o.currency,
        // subtotal_minor is after the discount (migration 016); the file shows the items before it.
        m(o.subtotal_minor + o.discount_minor),
        m(o.discount_minor),
        m(o.shipping_minor),
        m(o.tax_minor),
        m(o.total_minor),
        m(o.paid_minor),
        m(o.refunded_minor),
        o.items ?? '',
      ];
    }
  }
}
