import { z } from 'zod';
import { defineContract } from './operation.js';

/** Bulk moves of records in and out as CSV files (or CSV text inline). */

export const IMPORTABLE = ['customers', 'products'] as const;
export const EXPORTABLE = ['customers', 'products', 'orders'] as const;
/** Inline CSV, in either direction; larger files go through file_path / destination_path. */
export const INLINE_CSV_LIMIT = 5 * 1024 * 1024;

const FilePath = z.string().min(1, 'give a path').max(4096, 'paths are at most 4096 characters');

export const CSV_COLUMNS = {
  customers: [
    'name',
    'email',
    'phone',
    'status',
    'tags',
    'notes',
    'address_line1',
    'address_line2',
    'city',
    'region',
    'postal_code',
    'country',
  ],
  products: ['sku', 'name', 'description', 'category', 'price', 'currency', 'weight_kg', 'tags', 'stock'],
} as const;

// Rows are customers or products, and file_path may be a document of the vault: what a call needs of
// those is checked per call (the entity, where the file is), refusing only calls that need a hidden kind.
export const importCsv = defineContract({
  name: 'import_csv',
  domain: 'data',
  reveals: ['customers', 'sales', 'documents'],
  redacts: ['customers', 'sales', 'documents'],
  title: 'Import CSV',
  description:
    'Import customers or products from CSV with a header row: a file (`file_path`, in the vault or a folder ' +
    'the person allowed) or text (`content`). ' +
    `Customer columns: ${CSV_COLUMNS.customers.join(', ')} (name and email required; tags separated by ";"). ` +
    `Product columns: ${CSV_COLUMNS.products.join(', ')} (sku, name and price required; stock = initial stock). ` +
    'Rows are checked as create_customer / create_product check them; bad rows are reported by line with the ' +
    'reason. on_error "reject_all" (default) imports nothing if any row is bad; "skip_bad_rows" imports the ' +
    'good ones. dry_run checks without importing. Returns counts and the bad rows.',
  input: z
    .strictObject({
      entity: z.enum(IMPORTABLE, { error: 'entity must be "customers" or "products"' }),
      file_path: FilePath.optional(),
      content: z
        .string()
        .max(INLINE_CSV_LIMIT, 'content is at most 5 MB; save larger files and pass file_path')
        .optional(),
      on_error: z
        .enum(['reject_all', 'skip_bad_rows'], { error: 'on_error is reject_all or skip_bad_rows' })
        .default('reject_all'),
      dry_run: z.boolean().default(false),
    })
    .refine((v) => (v.file_path === undefined) !== (v.content === undefined), {
      message: 'Give either file_path or content',
      path: ['file_path'],
    }),
  output: z.object({
    entity: z.string(),
    rows: z.number().int().describe('Data rows read (the header not counted)'),
    imported: z.number().int(),
    bad_rows: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
    committed: z.boolean().describe('False on a dry run, or when reject_all found bad rows'),
    dry_run: z.boolean(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const exportCsv = defineContract({
  name: 'export_csv',
  domain: 'data',
  reveals: ['customers', 'sales', 'documents'],
  redacts: ['customers', 'sales', 'documents'],
  title: 'Export CSV',
  description:
    'Export customers, products or orders as CSV with a header row: to a new file at destination_path (in ' +
    'the vault or an allowed folder; an existing file outside the vault is never overwritten) or, without ' +
    'it, as text in the result (up to 5 MB). Orders are one row per order with an items column ' +
    '("SKU×quantity; ..."). `status` keeps records in that status. A text cell a spreadsheet would run as a ' +
    'formula (= + - @ …) gets a leading apostrophe; import_csv takes it away. Returns the number of rows ' +
    'and where they went.',
  input: z.strictObject({
    entity: z.enum(EXPORTABLE, { error: 'entity must be customers, products or orders' }),
    destination_path: FilePath.optional(),
    status: z.string().trim().min(1).max(20).optional(),
  }),
  output: z.object({
    entity: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
    destination_path: z.string().nullable(),
    content: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const transferContracts = [importCsv, exportCsv] as const;
