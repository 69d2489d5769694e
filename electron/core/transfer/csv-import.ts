import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { createCustomer } from '../../../shared/customers.js';
import { OpError } from '../../../shared/errors.js';
import { createProduct } from '../../../shared/sales/products.js';
import { CSV_COLUMNS, type importCsv } from '../../../shared/transfer.js';
import type { Ctx, EventSink } from '../catalogue/context.js';
import { restoreFormula } from '../common/csv-cells.js';
import { lazyModule } from '../common/lazy-module.js';
import type * as CsvParse from 'csv-parse';

const csvParse = lazyModule<typeof CsvParse>('csv-parse');

type Input = z.output<typeof importCsv.input>;
type Output = z.input<typeof importCsv.output>;
type BadRow = Output['bad_rows'][number];

const REQUIRED = { customers: ['name', 'email'], products: ['sku', 'name', 'price'] } as const;
/** Bad rows reported in full; past this many the import is plainly the wrong file. */
const MAX_BAD_ROWS = 1_000;
const ROLLBACK = Symbol('rollback');

/**
 * Streams the CSV (file or text) through csv-parse, checks every row with the create operation's own
 * schema, then writes the good rows in one transaction, each in a savepoint so a row refused by the
 * store (a duplicate email) is reported by line without undoing the others. Parsing is done before the
 * write lock is taken, so a large file never blocks the other process for long.
 */
export async function importCsvRows(ctx: Ctx, input: Input): Promise<Output> {
  const source = input.file_path
    ? createReadStream(ctx.services.paths.resolveForRead(input.file_path, { field: 'file_path' }))
    : Readable.from([input.content ?? '']);
  const parser = source.pipe(
    csvParse().parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }),
  );
  const abort = () => parser.destroy(new Error('cancelled'));
  ctx.signal.addEventListener('abort', abort, { once: true });

  const columns: string[] = [];
  const valid: { line: number; input: unknown }[] = [];
  const bad: BadRow[] = [];
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns.length === 0) {
        columns.push(...checkHeader(input.entity, record));
        continue;
      }
      rows++;
      const line = info.lines;
      if (record.length !== columns.length) {
        bad.push({ line, field: null, message: `has ${record.length} fields; the header has ${columns.length}` });
      } else {
        const checked = checkRow(input.entity, columns, record);
        if ('issues' in checked) bad.push(...checked.issues.map((issue) => ({ line, ...issue })));
        else valid.push({ line, input: checked.input });
      }
      if (bad.length > MAX_BAD_ROWS) {
        throw new OpError(
          'invalid_input',
          `More than ${MAX_BAD_ROWS} bad rows by line ${line}: is this a ${input.entity} file? First problem: line ` +
            `${bad[0]?.line}${bad[0]?.field ? ` (${bad[0].field})` : ''}: ${bad[0]?.message}. Nothing was imported.`,
        );
      }
      if (rows % 1000 === 0) ctx.progress(rows, undefined, `${rows} rows read`);
    }
  } catch (error) {
    if (error instanceof csvParse().CsvError) {
      const where = (error as CsvParse.CsvError & { lines?: number }).lines;
      throw new OpError(
        'invalid_input',
        `The CSV cannot be read${where ? ` at line ${where}` : ''}: ${error.message.replace(/^Invalid \w+: /, '')}. ` +
          'Check the quoting (a field with a comma, quote or line break must be in double quotes, with inner quotes doubled). Nothing was imported.',
        [{ path: input.file_path ? 'file_path' : 'content', message: error.code }],
      );
    }
    if (ctx.signal.aborted) throw new OpError('conflict', 'The import was cancelled; nothing was imported.');
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', abort);
  }
  if (columns.length === 0) {
    throw new OpError('invalid_input', 'The CSV is empty: it needs a header row and at least one row.', [
      { path: input.file_path ? 'file_path' : 'content', message: 'Empty' },
    ]);
  }

  let imported = 0;
  let committed = false;
  const quiet: EventSink = { emit: () => undefined };
  try {
    ctx.db.transaction(() => {
      for (const row of valid) {
        try {
          ctx.db.transaction(() => create(ctx, input.entity, row.input, quiet));
          imported++;
        } catch (error) {
          if (!(error instanceof OpError)) throw error;
          bad.push({ line: row.line, field: error.issues?.[0]?.path ?? null, message: error.message });
        }
      }
      if (input.dry_run || (input.on_error === 'reject_all' && bad.length > 0)) throw ROLLBACK;
      // One event for the batch: a feed row per imported record would flood the other process.
      if (imported > 0)
        ctx.events.emit({ type: 'record.changed', entity: singular(input.entity), id: '*', action: 'created' });
      committed = true;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  bad.sort((a, b) => a.line - b.line);
  return {
    entity: input.entity,
    rows,
    imported: committed ? imported : 0,
    bad_rows: bad,
    committed,
    dry_run: input.dry_run,
  };
}

function create(ctx: Ctx, entity: Input['entity'], input: unknown, events: EventSink): void {
  if (entity === 'customers') {
    ctx.services.customers.create(input as z.output<typeof createCustomer.input>, events);
  } else {
    ctx.services.products.create(input as z.output<typeof createProduct.input>, events, ctx.caller.name);
  }
}

function singular(entity: Input['entity']): string {
  return entity === 'customers' ? 'customer' : 'product';
}

function checkHeader(entity: Input['entity'], header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const known = CSV_COLUMNS[entity] as readonly string[];
  const unknown = names.filter((n) => !known.includes(n));
  const missing = REQUIRED[entity].filter((n) => !names.includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    unknown.length ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}` : '',
    missing.length ? `missing ${missing.join(', ')}` : '',
    repeated.length ? `repeated ${[...new Set(repeated)].join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) {
    throw new OpError(
      'invalid_input',
      `Line 1 (the header) has ${problems.join('; ')}. The columns for ${entity} are: ${known.join(', ')} ` +
        `(${REQUIRED[entity].join(', ')} required). Nothing was imported.`,
      [{ path: 'header', message: problems.join('; ') }],
    );
  }
  return names;
}

type Checked = { input: unknown } | { issues: { field: string | null; message: string }[] };

function checkRow(entity: Input['entity'], columns: string[], record: string[]): Checked {
  // A cell is taken as given, less the apostrophe an export put before a formula sign, so export and
  // import round-trip; trimming is the create schema's to do, as on every other face (it keeps notes'
  // leading tabs). A blank cell is a field left out.
  const cell = new Map<string, string>();
  columns.forEach((name, i) => {
    const value = restoreFormula(record[i] ?? '');
    if (value.trim() !== '') cell.set(name, value);
  });
  const issues: { field: string | null; message: string }[] = [];
  const number = (name: string): number | undefined => {
    const text = cell.get(name)?.trim();
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || !/^-?[0-9]*\.?[0-9]+$/.test(text)) {
      issues.push({ field: name, message: `${name} must be a number (use a dot for decimals), not "${text}"` });
      return undefined;
    }
    return value;
  };
  const tags = (cell.get('tags') ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean);

  let candidate: Record<string, unknown>;
  if (entity === 'customers') {
    const address = ['address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'].some((c) =>
      cell.has(c),
    )
      ? {
          ...(cell.has('address_line1') ? { line1: cell.get('address_line1') } : {}),
          ...(cell.has('address_line2') ? { line2: cell.get('address_line2') } : {}),
          ...(cell.has('city') ? { city: cell.get('city') } : {}),
          ...(cell.has('region') ? { region: cell.get('region') } : {}),
          ...(cell.has('postal_code') ? { postal_code: cell.get('postal_code') } : {}),
          ...(cell.has('country') ? { country: cell.get('country') } : {}),
        }
      : undefined;
    candidate = {
      name: cell.get('name'),
      email: cell.get('email'),
      ...(cell.has('phone') ? { phone: cell.get('phone') } : {}),
      ...(cell.has('status') ? { status: cell.get('status')?.trim().toLowerCase() } : {}),
      ...(tags.length ? { tags } : {}),
      ...(cell.has('notes') ? { notes: cell.get('notes') } : {}),
      ...(address ? { address } : {}),
    };
  } else {
    const price = number('price');
    const weight = number('weight_kg');
    const stock = number('stock');
    candidate = {
      sku: cell.get('sku'),
      name: cell.get('name'),
      ...(cell.has('description') ? { description: cell.get('description') } : {}),
      ...(cell.has('category') ? { category: cell.get('category') } : {}),
      price: price ?? (cell.has('price') ? Number.NaN : undefined),
      ...(cell.has('currency') ? { currency: cell.get('currency') } : {}),
      ...(weight !== undefined ? { weight_kg: weight } : {}),
      ...(tags.length ? { tags } : {}),
      ...(stock !== undefined ? { initial_stock: stock } : {}),
    };
  }
  if (issues.length) return { issues };
  const schema = entity === 'customers' ? createCustomer.input : createProduct.input;
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { input: parsed.data };
  return {
    issues: parsed.error.issues.map((issue) => ({
      field: columnOf(issue.path.map(String)),
      message: issue.message,
    })),
  };
}

/** The CSV column a schema path comes from: address.line1 → address_line1, initial_stock → stock. */
function columnOf(path: string[]): string | null {
  if (path.length === 0) return null;
  if (path[0] === 'address')
    return path[1] === 'line1' || path[1] === 'line2' ? `address_${path[1]}` : (path[1] ?? 'address_line1');
  if (path[0] === 'initial_stock') return 'stock';
  return path[0] ?? null;
}
