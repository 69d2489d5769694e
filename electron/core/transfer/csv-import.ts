import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { countryCodeOf } from '../../../shared/countries.js';
import { createCustomer } from '../../../shared/customers.js';
import { OpError } from '../../../shared/errors.js';
import { phoneWarning } from '../../../shared/phone.js';
import { createProduct } from '../../../shared/sales/products.js';
import { IMPORT_PREVIEW_ROWS, XLSX_FILE_LIMIT, type importCsv } from '../../../shared/transfer.js';
import type { Ctx, EventSink } from '../catalogue/context.js';
import { restoreFormula } from '../common/csv-cells.js';
import { lazyModule } from '../common/lazy-module.js';
import type * as Cheerio from 'cheerio';
import type * as CsvParse from 'csv-parse';
import type * as PhoneNumbers from 'libphonenumber-js/min';
import type * as ReadExcelFile from 'read-excel-file/node';
import { mapColumns } from './columns.js';
import { checkOrderRow, createOrders, OrderGroups, type OrderRowInput } from './order-import.js';

const csvParse = lazyModule<typeof CsvParse>('csv-parse');
const readExcelFile = lazyModule<typeof ReadExcelFile>('read-excel-file/node');
const cheerio = lazyModule<typeof Cheerio>('cheerio');
const phoneNumbers = lazyModule<typeof PhoneNumbers>('libphonenumber-js/min');

type Input = z.output<typeof importCsv.input>;
type Output = z.input<typeof importCsv.output>;
type BadRow = Output['bad_rows'][number];
type Warning = Output['warnings'][number];
type Preview = Output['preview'][number];
type Skipped = Output['skipped'][number];

const REQUIRED = {
  customers: ['name', 'email'],
  products: ['sku', 'name', 'price'],
  orders: ['email', 'sku', 'quantity'],
} as const;
/** Bad rows reported in full; past this many the import is plainly the wrong file. */
const MAX_BAD_ROWS = 1_000;
const ROLLBACK = Symbol('rollback');

type Entity = Input['entity'];
type SourceRow = { record: string[]; line: number };

/**
 * Reads the file (CSV streamed through csv-parse, or the first sheet of an Excel workbook), checks every
 * row with the create operation's own schema, then writes the good rows in one transaction, each record
 * in a savepoint so a record refused by the store (a duplicate email, a short stock) is reported by line
 * without undoing the others. Reading is done before the write lock is taken, so a large file never
 * blocks the other process for long.
 */
export async function importCsvRows(ctx: Ctx, input: Input): Promise<Output> {
  const header: string[] = [];
  const fields: (string | null)[] = [];
  const valid: { line: number; input: unknown }[] = [];
  const bad: BadRow[] = [];
  const warnings: Warning[] = [];
  const preview: Preview[] = [];
  const skipped: Skipped[] = [];
  const products = new ProductGroups();
  const orders = new OrderGroups();
  const refusedRefs = new Set<string>();
  const country = ctx.services.settings.get().default_country;
  const format = formatOf(input);
  const where = input.file_path ? 'file_path' : 'content';
  let rows = 0;
  let missing: OpError | undefined;
  for await (const { record, line } of format === 'xlsx' ? sheetRows(ctx, input) : csvRows(ctx, input)) {
    if (header.length === 0) {
      header.push(...record);
      const checked = checkHeader(input.entity, record, input.mapping);
      fields.push(...checked.fields);
      if (checked.missing) {
        // A dry run shows the columns and the first rows even so, for the mapping to be completed.
        if (!input.dry_run) throw checked.missing;
        missing = checked.missing;
        bad.push({ line: 1, field: 'header', message: checked.missing.message });
      }
      continue;
    }
    rows++;
    // A spreadsheet's rows are as wide as its widest: only a CSV row can have too few or too many cells.
    if (record.length !== fields.length && format === 'csv') {
      bad.push({ line, field: null, message: `has ${record.length} fields; the header has ${fields.length}` });
    } else {
      let cells = cellsOf(fields, record);
      if (input.entity === 'products') cells = products.fill(cells);
      if (input.entity === 'orders') cells = orders.fill(cells);
      if (cells.size === 0) {
        skipped.push({ line, message: 'Nothing to import in this row (such as an image row of a Shopify export)' });
        continue;
      }
      if (missing) {
        if (preview.length < IMPORT_PREVIEW_ROWS) preview.push({ line, values: previewOf(cells) });
        continue;
      }
      const phone = cells.get('phone');
      // Read in the row's own country when it names one ("Germany", "DE"), as the customer will be.
      const rowCountry = countryCodeOf(cells.get('country') ?? '') ?? country;
      const doubt =
        phone === undefined ? undefined : phoneWarning(phone, rowCountry, phoneNumbers().parsePhoneNumberFromString);
      if (doubt) warnings.push({ line, field: 'phone', message: doubt });
      const checked = input.entity === 'orders' ? checkOrderRow(cells) : checkRow(input.entity, cells);
      if (preview.length < IMPORT_PREVIEW_ROWS) preview.push({ line, values: previewOf(checked.cells) });
      if ('issues' in checked) {
        bad.push(...checked.issues.map((issue) => ({ line, ...issue })));
        const ref = checked.cells.get('order_ref')?.trim();
        if (input.entity === 'orders' && ref) refusedRefs.add(ref);
      } else valid.push({ line, input: checked.input });
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
  if (header.length === 0) {
    throw new OpError(
      'invalid_input',
      `The ${format === 'xlsx' ? 'workbook' : 'CSV'} is empty: it needs a header row and at least one row.`,
      [{ path: where, message: 'Empty' }],
    );
  }

  let imported = 0;
  let committed = false;
  const quiet: EventSink = { emit: () => undefined };
  try {
    ctx.db.transaction(() => {
      if (input.entity === 'orders') {
        const placed = createOrders(
          ctx,
          valid as { line: number; input: OrderRowInput }[],
          refusedRefs,
          bad,
          skipped,
          quiet,
        );
        imported = placed.imported;
        warnings.push(...placed.warnings);
      } else {
        for (const row of valid) {
          try {
            ctx.db.transaction(() => create(ctx, input.entity, row.input, quiet));
            imported++;
          } catch (error) {
            if (!(error instanceof OpError)) throw error;
            bad.push({ line: row.line, field: error.issues?.[0]?.path ?? null, message: error.message });
          }
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
  warnings.sort((a, b) => a.line - b.line);
  skipped.sort((a, b) => a.line - b.line);
  return {
    entity: input.entity,
    rows,
    imported: committed ? imported : 0,
    ready: imported,
    bad_rows: bad,
    columns: header.map((column, i) => ({ column, field: fields[i] ?? null })),
    preview,
    warnings,
    skipped,
    committed,
    dry_run: input.dry_run,
  };
}

function formatOf(input: Input): 'csv' | 'xlsx' {
  return input.format ?? (input.file_path !== undefined && /\.xlsx$/i.test(input.file_path) ? 'xlsx' : 'csv');
}

/** The CSV's records as csv-parse reads them, each with the line it ends on. */
async function* csvRows(ctx: Ctx, input: Input): AsyncGenerator<SourceRow> {
  const source = input.file_path
    ? createReadStream(ctx.services.paths.resolveForRead(input.file_path, { field: 'file_path' }))
    : Readable.from([input.content ?? '']);
  const parser = source.pipe(
    csvParse().parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }),
  );
  const abort = () => parser.destroy(new Error('cancelled'));
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { record, line: info.lines };
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
    parser.destroy();
  }
}

/**
 * The first sheet of an Excel workbook (read-excel-file), as text cells: numbers as the file writes them
 * (so "0012" stays, and 19.9 is not 19.899999), dates as ISO dates, empty rows left out. A row's line is
 * its row number in the spreadsheet.
 */
async function* sheetRows(ctx: Ctx, input: Input): AsyncGenerator<SourceRow> {
  const path = input.file_path ? 'file_path' : 'content';
  let bytes: Buffer;
  if (input.file_path !== undefined) {
    const file = ctx.services.paths.resolveForRead(input.file_path, { field: 'file_path' });
    if ((await stat(file)).size > XLSX_FILE_LIMIT) {
      throw new OpError('invalid_input', 'The workbook is larger than 20 MB; save it as CSV and import that.', [
        { path, message: 'Too large' },
      ]);
    }
    bytes = await readFile(file);
  } else {
    const text = (input.content ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
      throw new OpError('invalid_input', 'content must be the workbook in base64 when format is "xlsx".', [
        { path, message: 'Not base64' },
      ]);
    }
    bytes = Buffer.from(text, 'base64');
  }
  if (bytes.length === 0) {
    throw new OpError('invalid_input', 'The workbook is empty: it needs a header row and at least one row.', [
      { path, message: 'Empty' },
    ]);
  }
  let sheet: ReadExcelFile.SheetData<string>;
  try {
    sheet = await readExcelFile().readSheet(bytes, { trim: false, parseNumber: (text: string) => text });
  } catch (error) {
    throw new OpError(
      'invalid_input',
      `This is not an Excel workbook (.xlsx) that can be read (${error instanceof Error ? error.message : String(error)}). ` +
        'Open it in a spreadsheet and save it as .xlsx or as CSV, then import that. Nothing was imported.',
      [{ path, message: 'Not a readable .xlsx file' }],
    );
  }
  for (const [index, row] of sheet.entries()) {
    if (ctx.signal.aborted) throw new OpError('conflict', 'The import was cancelled; nothing was imported.');
    const record = row.map(cellText);
    if (record.every((cell) => cell.trim() === '')) continue;
    yield { record, line: index + 1 };
  }
}

function cellText(value: ReadExcelFile.CellValue<string> | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

function create(ctx: Ctx, entity: Entity, input: unknown, events: EventSink): void {
  if (entity === 'customers') {
    ctx.services.customers.create(input as z.output<typeof createCustomer.input>, events);
  } else {
    ctx.services.products.create(input as z.output<typeof createProduct.input>, events, ctx.caller.name);
  }
}

function singular(entity: Entity): string {
  return entity === 'customers' ? 'customer' : entity === 'products' ? 'product' : 'order';
}

const REQUIRED_WORDS: Record<string, string> = {
  name: 'name',
  email: 'email',
  sku: 'SKU',
  price: 'price',
  quantity: 'quantity',
};

/** The field each column fills (null: left out), and the refusal when no column gives a required field. */
function checkHeader(
  entity: Input['entity'],
  header: string[],
  mapping: Input['mapping'],
): { fields: (string | null)[]; missing?: OpError } {
  const fields = mapColumns(entity, header, mapping);
  const unknownMapped = Object.keys(mapping ?? {}).filter(
    (column) => !header.some((h) => h.trim().toLowerCase() === column.trim().toLowerCase()),
  );
  if (unknownMapped.length > 0) {
    throw new OpError(
      'invalid_input',
      `The file has no column ${unknownMapped.map((c) => `"${c}"`).join(', ')}; its columns are ${header
        .map((h) => `"${h}"`)
        .join(', ')}. Nothing was imported.`,
      unknownMapped.map((column) => ({ path: `mapping.${column}`, message: 'No such column in the file' })),
    );
  }
  const missing = REQUIRED[entity].filter((field) => !fields.includes(field));
  if (missing.length > 0) {
    const refusal = new OpError(
      'invalid_input',
      `No column gives the ${missing.map((f) => REQUIRED_WORDS[f] ?? f).join(' or the ')} of each ${
        entity === 'orders' ? 'order line' : singular(entity)
      } (the file's columns: ${header.map((h) => `"${h}"`).join(', ')}). Name the column with mapping, like ` +
        `{ "${header[0] ?? 'Column'}": "${missing[0]}" }. Nothing was imported.`,
      [{ path: 'header', message: `missing ${missing.join(', ')}` }],
    );
    return { fields, missing: refusal };
  }
  return { fields };
}

/** Fields that several columns fill together; any other field takes the first column that is not blank. */
const JOINED: Record<string, string> = { name: ' ', notes: '\n', tags: ';', description: '\n' };

/**
 * A row's cells by field. A cell is taken as given, less the apostrophe an export put before a formula
 * sign, so export and import round-trip; trimming is the create schema's to do, as on every other face
 * (it keeps notes' leading tabs). A blank cell is a field left out.
 */
function cellsOf(fields: readonly (string | null)[], record: readonly string[]): Map<string, string> {
  const cells = new Map<string, string>();
  fields.forEach((field, i) => {
    if (field === null) return;
    const value = restoreFormula(record[i] ?? '');
    if (value.trim() === '') return;
    const before = cells.get(field);
    if (before === undefined) cells.set(field, value);
    else if (JOINED[field] !== undefined) cells.set(field, before + JOINED[field] + value);
  });
  return cells;
}

const INHERITED = ['name', 'description', 'description_html', 'category', 'tags'] as const;

/**
 * Shopify's products export has one row per variant and per extra image, under the product's handle:
 * the first row carries the title, description, type and tags, later ones only the variant (or only an
 * image). A variant's row takes what its product's first row says; a row with no SKU, price or name
 * of its own has nothing to import.
 */
class ProductGroups {
  private readonly first = new Map<string, Map<string, string>>();

  fill(cells: Map<string, string>): Map<string, string> {
    const handle = cells.get('handle')?.trim();
    if (handle === undefined) return withVariantName(cells, cells.get('name'));
    const own = ['sku', 'price', 'name', 'stock'].some((field) => cells.has(field));
    const first = this.first.get(handle);
    if (!first) {
      this.first.set(handle, cells);
      return own ? withVariantName(cells, cells.get('name')) : new Map();
    }
    if (!own) return new Map();
    const filled = new Map(cells);
    for (const field of INHERITED) {
      const value = first.get(field);
      if (!filled.has(field) && value !== undefined) filled.set(field, value);
    }
    return withVariantName(filled, filled.get('name'));
  }
}

/** "T-shirt" and variant "Large" → "T-shirt – Large"; Shopify's "Default Title" names no variant. */
function withVariantName(cells: Map<string, string>, name: string | undefined): Map<string, string> {
  const variant = cells.get('variant')?.trim();
  if (name === undefined || variant === undefined || variant === '' || variant === 'Default Title') return cells;
  const named = new Map(cells);
  named.set('name', `${name.trim()} – ${variant}`);
  return named;
}

/** HTML as the text it shows, paragraphs and line breaks kept as line breaks. */
function textOfHtml(html: string): string {
  const marked = html.replace(/<br\s*\/?>|<\/(p|div|li|h[1-6])>/gi, '$&\n');
  return cheerio()
    .load(marked, null, false)
    .text()
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Tags separated by ";" (Officina's files) or, when a cell has none, by "," (Shopify's, HubSpot's). */
function tagsOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(text.includes(';') ? ';' : ',')
    .map((t) => t.trim())
    .filter(Boolean);
}

type Checked = { cells: Map<string, string> } & (
  { input: unknown } | { issues: { field: string | null; message: string }[] }
);

function checkRow(entity: 'customers' | 'products', given: Map<string, string>): Checked {
  const cell = new Map(given);
  const issues: { field: string | null; message: string }[] = [];
  // A required cell left blank is said so, rather than in the schema's words for a missing value.
  for (const field of REQUIRED[entity]) {
    if (!cell.has(field)) issues.push({ field, message: `${field} is empty in this row, and it is required` });
  }
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
  const tags = tagsOf(cell.get('tags'));

  let candidate: Record<string, unknown>;
  if (entity === 'customers') {
    const countryText = cell.get('country');
    if (countryText !== undefined) {
      const code = countryCodeOf(countryText);
      // A name that is no country is left for the schema to refuse, with its own message.
      if (code !== undefined) cell.set('country', code);
    }
    const parts = {
      line1: cell.get('address_line1'),
      line2: cell.get('address_line2'),
      city: cell.get('city'),
      region: cell.get('region'),
      postal_code: cell.get('postal_code'),
      country: cell.get('country'),
    };
    const address = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
    candidate = {
      name: cell.get('name'),
      email: cell.get('email'),
      ...(cell.has('phone') ? { phone: cell.get('phone') } : {}),
      ...(cell.has('status') ? { status: cell.get('status')?.trim().toLowerCase() } : {}),
      ...(tags.length ? { tags } : {}),
      ...(cell.has('notes') ? { notes: cell.get('notes') } : {}),
      ...(Object.keys(address).length ? { address } : {}),
    };
  } else {
    const html = cell.get('description_html');
    if (!cell.has('description') && html !== undefined) {
      const text = textOfHtml(html);
      if (text !== '') cell.set('description', text);
    }
    const price = number('price');
    const grams = number('weight_grams');
    const weight = number('weight_kg') ?? (grams === undefined ? undefined : grams / 1000);
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
  if (issues.length) return { cells: cell, issues };
  const schema = entity === 'customers' ? createCustomer.input : createProduct.input;
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { cells: cell, input: parsed.data };
  return {
    cells: cell,
    issues: parsed.error.issues.map((issue) => ({
      field: columnOf(issue.path.map(String)),
      message: issue.message,
    })),
  };
}

/** A row as the preview shows it: the fields it fills, by the names import_csv gives them. */
function previewOf(cells: Map<string, string>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [field, value] of cells) if (field !== 'handle' && field !== 'variant') shown[field] = value;
  if (shown['description_html'] !== undefined && shown['description'] !== undefined) delete shown['description_html'];
  return shown;
}

/** The field a schema path comes from: address.line1 → address_line1, address.city → city, initial_stock → stock. */
function columnOf(path: string[]): string | null {
  if (path.length === 0) return null;
  if (path[0] === 'address') {
    if (path[1] === 'line1' || path[1] === 'line2') return `address_${path[1]}`;
    return path[1] ?? 'address';
  }
  if (path[0] === 'initial_stock') return 'stock';
  return path[0] ?? null;
}
