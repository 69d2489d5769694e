import { z } from 'zod';
import { IdLike } from '../schemas.js';

/** A decimal amount in major units (10.5 = ten and a half dollars); converted to minor units with the currency. */
export const Amount = z
  .number({ error: 'Expected an amount as a number in major units, like 19.99' })
  .finite('amount must be a finite number')
  .nonnegative('amounts cannot be negative')
  // A guard against overflow, not a limit anyone comes near: checked, not listed (a maximum would be).
  .refine((v) => v <= 1e12, 'amount is too large');

export const PositiveAmount = Amount.refine((v) => v > 0, 'amount must be greater than zero');

/** A SKU: letters, digits and . _ - /, starting with a letter or digit. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

/** What MCP clients send for a product: 42, "42" or a SKU like "MUG-RED". */
export const ProductRef = z
  .union([
    IdLike,
    z
      .string()
      .trim()
      .min(1, 'product_id cannot be empty')
      .max(64, 'a SKU is at most 64 characters')
      // Checked, not listed: a caller names a product it knows, so the pattern would only lengthen every tool.
      .refine((v) => SKU_PATTERN.test(v), 'product_id must be a product id or a SKU (letters, digits, . _ - /)'),
  ])
  .describe('The product’s id or SKU');
export type ProductRef = z.output<typeof ProductRef>;

export const Quantity = z
  .number({ error: 'quantity must be a whole number' })
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(1_000_000, 'quantity is at most 1,000,000');

export const Money = z.number().describe('Decimal amount in major units of `currency`');

/** ISO dates or timestamps for report ranges: "2026-01-31" means that whole day in the settings time zone. */
export const DateOrTimestamp = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v)),
    'Use a date like 2026-01-31 or an ISO-8601 timestamp',
  );

export const ShortText = (label: string, max = 200) =>
  z.string().trim().max(max, `${label} is at most ${max} characters`);
