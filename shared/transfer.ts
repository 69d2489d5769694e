import { z } from 'zod';
import { defineContract } from './operation.js';
import { DateOrTimestamp } from './sales/common.js';
import { FulfillmentStatusSchema, PaymentStatusSchema } from './sales/orders.js';
import { IdLike } from './schemas.js';

/** Bulk moves of records in and out as CSV or Excel files (or their content inline). */

export const IMPORTABLE = ['customers', 'products', 'orders'] as const;
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

/**
 * What a column of an imported file can fill: Officina's own columns, and a few that other shops' exports
 * have — `description_html` (Shopify's "Body (HTML)", kept as text), `weight_grams` ("Variant Grams"),
 * `handle` (Shopify's product handle: a product's further rows are its variants, which take the
 * first row's title, description, category and tags) and `variant` ("Option1 Value", added to the
 * variant's name). Several columns may fill one field: names are joined with a space (First Name, Last
 * Name), notes with a line break, tags together.
 */
export const IMPORT_FIELDS = {
  customers: CSV_COLUMNS.customers,
  products: [...CSV_COLUMNS.products, 'description_html', 'weight_grams', 'handle', 'variant'],
  /**
   * One row per order line. `order_ref` (Shopify's "Name", such as #1001) groups the lines of one order;
   * a row without it is an order of its own. The customer is found by `email`, the product by `sku`;
   * `price` and `item_name` are compared with the catalog (a difference is a warning: orders are priced
   * from the catalog); `shipping` is the amount charged for shipping, `notes` the order's notes.
   */
  orders: ['order_ref', 'email', 'sku', 'quantity', 'price', 'item_name', 'shipping', 'notes'],
} as const;
export type ImportField<E extends (typeof IMPORTABLE)[number]> = (typeof IMPORT_FIELDS)[E][number];

/** Rows shown back as they would be imported, for a person to check the mapping. */
export const IMPORT_PREVIEW_ROWS = 5;
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
/** An Excel file is unpacked whole in memory: larger ones are refused before reading. */
export const XLSX_FILE_LIMIT = 20 * 1024 * 1024;

// Rows are customers or products, and file_path may be a document of the vault: what a call needs of
// those is checked per call (the entity, where the file is), refusing only calls that need a hidden kind.
export const importCsv = defineContract({
  name: 'import_csv',
  domain: 'data',
  reveals: ['customers', 'sales', 'documents'],
  redacts: ['customers', 'sales', 'documents'],
  title: 'Import CSV',
  description:
    'Import customers, products or orders from CSV or .xlsx (first sheet) with a header row: `file_path` ' +
    '(vault or allowed folder) or `content` (CSV text; xlsx base64). ' +
    `Fields: customers ${CSV_COLUMNS.customers.join(', ')}; products ${IMPORT_FIELDS.products.join(', ')}; ` +
    `orders ${IMPORT_FIELDS.orders.join(', ')} (a row per line, grouped by order_ref; customers by email and ` +
    'SKUs must exist; each order whole or none; an order_ref imported before is skipped). Shopify/HubSpot ' +
    'headers are recognised; `mapping` names other columns. Rows are checked as create_* checks them. ' +
    'Run dry_run first. Returns counts, bad rows by line, column readings, a preview.',
  input: z
    .strictObject({
      entity: z.enum(IMPORTABLE, { error: 'entity must be "customers", "products" or "orders"' }),
      file_path: FilePath.optional(),
      content: z
        .string()
        .max(INLINE_CSV_LIMIT, 'content is at most 5 MB; save larger files and pass file_path')
        .optional(),
      format: z
        .enum(IMPORT_FORMATS, { error: 'format is csv or xlsx' })
        .optional()
        .describe('Default: xlsx for a .xlsx file_path, else csv'),
      on_error: z
        .enum(['reject_all', 'skip_bad_rows'], { error: 'on_error is reject_all or skip_bad_rows' })
        .default('reject_all'),
      dry_run: z.boolean().default(false),
      mapping: z
        .record(z.string().max(200, 'a column name is at most 200 characters'), z.string().max(40).nullable())
        .optional()
        .describe('The field each column of the file fills ({ column: field }); null leaves a column out'),
    })
    .refine((v) => (v.file_path === undefined) !== (v.content === undefined), {
      message: 'Give either file_path or content',
      path: ['file_path'],
    })
    .superRefine((v, ctx) => {
      const fields: readonly string[] = IMPORT_FIELDS[v.entity];
      for (const [column, field] of Object.entries(v.mapping ?? {})) {
        if (field !== null && !fields.includes(field)) {
          ctx.addIssue({
            code: 'custom',
            path: ['mapping', column],
            message: `"${field}" is not a field of ${v.entity}; use one of ${fields.join(', ')}, or null to leave the column out`,
          });
        }
      }
    }),
  output: z.object({
    entity: z.string(),
    rows: z.number().int().describe('Data rows read (the header not counted)'),
    imported: z.number().int().describe('Records imported: customers, products, or orders (not their lines)'),
    ready: z.number().int().describe("Records that passed every check, the store's too: what a dry run would import"),
    bad_rows: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
    columns: z
      .array(z.object({ column: z.string(), field: z.string().nullable() }))
      .describe('Each column of the file and the field it fills (null: left out)'),
    preview: z
      .array(z.object({ line: z.number().int(), values: z.record(z.string(), z.string()) }))
      .describe(`The first ${IMPORT_PREVIEW_ROWS} rows as they would be imported, by field`),
    warnings: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
    skipped: z
      .array(z.object({ line: z.number().int(), message: z.string(), order_id: z.number().int().optional() }))
      .describe(
        'Rows with nothing to import (the image rows of a Shopify products export), and the rows of orders ' +
          'imported before under the same order_ref, with the order_id each became',
      ),
    committed: z.boolean().describe('False on a dry run, or when reject_all found bad rows'),
    dry_run: z.boolean(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export const exportCsv = defineContract({
  name: 'export_csv',
  domain: 'data',
  reveals: ['customers', 'sales', 'documents'],
  redacts: ['customers', 'sales', 'documents'],
  title: 'Export CSV',
  description:
    'Export customers, products or orders as CSV (or `format` xlsx): to a new file at destination_path (vault ' +
    'or allowed folder) or in the result (≤ 5 MB; xlsx base64), filtered as the lists are. Formula-like cells get a leading apostrophe. Returns the row ' +
    'count and where they went.',
  input: z
    .strictObject({
      entity: z.enum(EXPORTABLE, { error: 'entity must be customers, products or orders' }),
      destination_path: FilePath.optional(),
      format: z.enum(EXPORT_FORMATS, { error: 'format is csv or xlsx' }).default('csv'),
      status: z.string().trim().min(1).max(20).optional(),
      query: z.string().max(200, 'query is at most 200 characters').optional(),
      tag: z.string().trim().min(1).max(50).optional(),
      category: z.string().trim().min(1).max(100).optional(),
      stock: z.enum(['low', 'out'], { error: 'stock is low or out' }).optional(),
      customer_id: IdLike.optional(),
      start_date: DateOrTimestamp.optional(),
      end_date: DateOrTimestamp.optional(),
      fulfillment_status: FulfillmentStatusSchema.optional(),
      payment_status: PaymentStatusSchema.optional(),
    })
    .superRefine((v, ctx) => {
      const only: [keyof typeof v, string][] = [
        ['query', 'customers or products'],
        ['tag', 'customers'],
        ['category', 'products'],
        ['stock', 'products'],
        ['customer_id', 'orders'],
        ['start_date', 'orders'],
        ['end_date', 'orders'],
        ['fulfillment_status', 'orders'],
        ['payment_status', 'orders'],
      ];
      for (const [key, entities] of only) {
        if (v[key] !== undefined && !entities.includes(v.entity)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} filters ${entities} only` });
        }
      }
    }),
  output: z.object({
    entity: z.string(),
    format: z.enum(EXPORT_FORMATS),
    rows: z.number().int(),
    bytes: z.number().int(),
    destination_path: z.string().nullable(),
    content: z.string().nullable().describe('CSV text; for xlsx, the file in base64'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const transferContracts = [importCsv, exportCsv] as const;
