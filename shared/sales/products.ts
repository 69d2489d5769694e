import { z } from 'zod';
import { PERSON_ONLY, defineContract } from '../operation.js';
import { CurrencyCode, Cursor, Limit, Offset, Timestamp, listOf } from '../schemas.js';
import { Amount, Money, ProductRef, SKU_PATTERN, ShortText } from './common.js';

export const PRODUCT_STATUSES = ['active', 'archived'] as const;
export const ProductStatus = z.enum(PRODUCT_STATUSES, { error: 'status must be "active" or "archived"' });

export const Sku = z
  .string()
  .trim()
  .min(1, 'sku cannot be empty')
  .max(64, 'sku is at most 64 characters')
  .regex(SKU_PATTERN, 'sku may contain letters, digits and . _ - / and must start with a letter or digit')
  .refine((v) => !/^[0-9]+$/.test(v), 'sku cannot be only digits (it would read as a product id)');

const WeightKg = z
  .number({ error: 'weight_kg must be a number of kilograms' })
  .finite()
  .min(0, 'weight_kg cannot be negative')
  .max(100_000, 'weight_kg is at most 100,000')
  .refine((v) => Number.isInteger(Math.round(v * 1000 * 1e6) / 1e6), 'weight_kg has at most 3 decimals (grams)');

const Tags = z
  .array(z.string().trim().min(1, 'tags cannot be empty').max(50, 'a tag is at most 50 characters'))
  .max(50, 'at most 50 tags')
  .transform((tags) => [...new Set(tags)]);

/** Low stock warns at this many available units or fewer unless a product sets its own threshold. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

export const STOCK_LEVELS = ['in_stock', 'low', 'out'] as const;
export type StockLevel = (typeof STOCK_LEVELS)[number];

/** Out of stock: nothing available (on hand − reserved ≤ 0). Low: 1 to the threshold; a threshold of 0 never warns. */
export function stockLevel(available: number, threshold: number): StockLevel {
  if (available <= 0) return 'out';
  return available <= threshold ? 'low' : 'in_stock';
}

const LowStockThreshold = z
  .number({ error: 'low_stock_threshold must be a whole number of units' })
  .int('low_stock_threshold must be a whole number of units')
  .min(0, 'low_stock_threshold cannot be negative (0 never warns)')
  .max(1_000_000_000, 'low_stock_threshold is at most 1,000,000,000');

export const Stock = z.object({
  on_hand: z.number().int().describe('Units in the warehouse'),
  reserved: z.number().int().describe('Units held for orders and open reservations'),
  available: z.number().int().describe('on_hand − reserved: what can still be sold'),
  level: z.enum(STOCK_LEVELS).describe('out: available ≤ 0; low: available ≤ low_stock_threshold'),
});
export type Stock = z.infer<typeof Stock>;

export const Product = z.object({
  id: z.number().int(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  price: Money,
  currency: z.string(),
  weight_kg: z.number(),
  tags: z.array(z.string()),
  status: ProductStatus,
  stock: Stock,
  low_stock_threshold: z.number().int(),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Product = z.infer<typeof Product>;

export const createProduct = defineContract({
  name: 'create_product',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Create product',
  description:
    'Add a product to the catalog. `sku` is unique (case-insensitive); `price` is in `currency` (default: ' +
    'settings currency). `initial_stock` records a first stock receipt in the ledger. Returns the product ' +
    'with its id and stock.',
  input: z.strictObject({
    sku: Sku,
    name: ShortText('name').min(1, 'name cannot be empty'),
    description: ShortText('description', 5_000).optional(),
    category: ShortText('category', 100).min(1, 'category cannot be empty').optional(),
    price: Amount,
    currency: CurrencyCode.optional(),
    weight_kg: WeightKg.default(0),
    tags: Tags.optional(),
    initial_stock: z.number().int('initial_stock must be a whole number').min(0).max(1_000_000_000).default(0),
    low_stock_threshold: LowStockThreshold.default(DEFAULT_LOW_STOCK_THRESHOLD),
  }),
  output: Product,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const updateProduct = defineContract({
  name: 'update_product',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Update product',
  description:
    'Change some fields of a product; fields left out stay as they are. null clears description, category ' +
    'or tags (for the other fields it changes nothing). Status "archived" hides it from search and new ' +
    'orders (old orders keep it). Price changes apply to new orders only. Stock changes with ' +
    'adjust_inventory, not here.',
  input: z.strictObject({
    product_id: ProductRef,
    sku: Sku.optional(),
    name: ShortText('name').min(1, 'name cannot be empty').optional(),
    description: ShortText('description', 5_000).nullable().optional(),
    category: ShortText('category', 100).min(1, 'category cannot be empty').nullable().optional(),
    price: Amount.optional(),
    currency: CurrencyCode.optional(),
    weight_kg: WeightKg.optional(),
    tags: Tags.nullable().optional(),
    status: ProductStatus.optional(),
    low_stock_threshold: LowStockThreshold.optional(),
    expected_version: z.number().int().positive().optional(),
  }),
  output: Product,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
});

export const PRODUCT_SORTS = [
  'name',
  'sku',
  'category',
  'price',
  'on_hand',
  'reserved',
  'available',
  'status',
  'created_at',
] as const;

export const searchProducts = defineContract({
  name: 'search_products',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Search products',
  description:
    'Find products: `query` matches word beginnings in name, SKU, category and description, best first; ' +
    'else by name. `min_price`/`max_price` in `currency` (default: settings). `in_stock`, or `stock` low|out. ' +
    'Archived hidden unless include_archived. `sort`/`order` by a column. Each item has its stock.',
  input: z.strictObject({
    query: z.string().max(200, 'query is at most 200 characters').optional(),
    category: ShortText('category', 100).optional(),
    min_price: Amount.optional(),
    max_price: Amount.optional(),
    currency: CurrencyCode.optional(),
    in_stock: z.boolean().optional(),
    stock: z.enum(['low', 'out'], { error: 'stock must be "low" or "out"' }).optional(),
    include_archived: z.boolean().default(false),
    sort: z.enum(PRODUCT_SORTS, { error: `sort is one of ${PRODUCT_SORTS.join(', ')}` }).optional(),
    order: z.enum(['asc', 'desc'], { error: 'order is asc or desc' }).default('asc'),
    limit: Limit(20, 200),
    offset: Offset,
    cursor: Cursor.optional(),
  }),
  output: listOf(Product),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const getProductDetails = defineContract({
  name: 'get_product_details',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Get product details',
  description:
    'Read one product by integer id or SKU, with price, weight, stock (on hand, reserved, available) and status.',
  input: z.strictObject({ product_id: ProductRef }),
  output: Product,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const listProductCategories = defineContract({
  name: 'list_product_categories',
  domain: 'sales',
  reveals: ['sales'],
  title: 'List product categories',
  description: 'The categories used by active products, with how many products each has.',
  input: z.strictObject({}),
  output: z.object({
    items: z.array(z.object({ category: z.string(), products: z.number().int() })),
    next_cursor: z.null(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const deleteProduct = defineContract({
  name: 'delete_product',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Delete product',
  description:
    'Move a product to the trash: out of search and new orders; past orders keep their lines. The person can ' +
    'restore it from the trash. Refused while open orders hold its stock. To stop selling it but keep it, ' +
    'archive it (update_product).',
  input: z.strictObject({ product_id: ProductRef, expected_version: z.number().int().positive().optional() }),
  output: z.object({ id: z.number().int(), deleted: z.literal(true) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

export const restoreProduct = defineContract({
  name: 'restore_product',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Restore product',
  description: 'Take a product out of the trash, as it was. Returns the product.',
  // The trash is the person's (as list_trash is): what an assistant deleted, the person restores or undoes.
  faces: PERSON_ONLY,
  input: z.strictObject({ product_id: ProductRef }),
  output: Product,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const productContracts = [
  createProduct,
  updateProduct,
  searchProducts,
  getProductDetails,
  listProductCategories,
  deleteProduct,
  restoreProduct,
] as const;
