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
import { lazyModule } from '../common/lazy-module.js';

const csvStringify = lazyModule<typeof CsvStringify>('csv-stringify');

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
  let rows = 0;
  const records = function* (): Generator<unknown[]> {
    for (const record of rowsOf(ctx, input)) {
      rows++;
      if (rows % 10_000 === 0) ctx.progress(rows, undefined, `${rows} rows written`);
      yield record;
    }
  };
  const header = input.entity === 'orders' ? ORDER_COLUMNS : CSV_COLUMNS[input.entity];
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
    return { entity: input.entity, rows, bytes, destination_path: null, content };
  }

  // Linked into place, never renamed over: a file that appeared meanwhile is not replaced (conflict).
  const { size } = await writeStreamAtomic(target, csv(), {
    mode: 'create',
    fileMode: 0o644,
    field: 'destination_path',
    signal: ctx.signal,
  });
  return { entity: input.entity, rows, bytes: size, destination_path: target, content: null };
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

function* rowsOf(ctx: Ctx, input: Input): Generator<unknown[]> {
  const db = ctx.db;
  if (input.entity === 'customers') {
    let query = db.query.selectFrom('customers').selectAll().orderBy('id').limit(PAGE);
    if (input.status) query = query.where('status', '=', input.status as 'active' | 'inactive');
    for (const c of pages((after) => db.all(query.where('id', '>', after)))) {
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
    let query = db.query.selectFrom('products').selectAll().orderBy('id').limit(PAGE);
    if (input.status) query = query.where('status', '=', input.status as 'active' | 'archived');
    for (const p of pages((after) => db.all(query.where('id', '>', after)))) {
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
    for (const o of pages((after) => db.all(query.where('o.id', '>', after)))) {
      const m = (minor: number) => toMajorUnits(minor, o.currency);
      yield [
        o.id,
        o.created_at,
        o.customer_id,
        o.customer_name ?? '',
        o.status,
        o.currency,
        m(o.subtotal_minor),
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
