import { z } from 'zod';
import { CURRENCY_CODES, KNOWN_COUNTRY_CODES, RETIRED_COUNTRY_CODES } from './iso-codes.js';

/** Pure primitives used by several domains' contracts. */

export const Id = z
  .number({ error: 'Expected an integer id' })
  .int('Expected an integer id')
  .positive('Ids are positive integers')
  .max(Number.MAX_SAFE_INTEGER);

/**
 * A form a face accepts without listing it: clients that send it get what they meant, and the tool
 * list (read on every connection) stays the length of what a model should send.
 */
export const ACCEPTED_UNLISTED = 'x-accepted-unlisted';

/** Accepts 42 or "42" (MCP clients often stringify ids); tools list the integer. */
export const IdLike = z.union([
  Id,
  z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'Expected an integer id')
    .transform(Number)
    .meta({ [ACCEPTED_UNLISTED]: true }),
]);

export const Limit = (defaultValue: number, max = 500) =>
  z
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(defaultValue);

export const Offset = z
  .number()
  .int('offset must be a whole number')
  .min(0, 'offset cannot be negative')
  .max(10_000_000, 'offset must be at most 10,000,000; use cursor to page through large lists')
  .default(0);

/** A list's `sort`: one of its whitelisted columns (the store never sorts by the caller's text). */
export const SortColumn = <const C extends readonly [string, ...string[]]>(columns: C, fallback: C[number]) =>
  z.enum(columns, { error: `sort is one of ${columns.join(', ')}` }).default(fallback);

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
/** Left out, a list runs in its column's natural direction: newest first for dates, ascending otherwise. */
export const SortDirection = z.enum(SORT_DIRECTIONS, { error: 'order is asc or desc' }).optional();
export const naturalOrder = (order: SortDirection | undefined, isDate: boolean): SortDirection =>
  order ?? (isDate ? 'desc' : 'asc');

export const Cursor = z
  .string()
  // A name-sorted cursor carries a name of up to 200 characters, base64-encoded.
  .max(1_000)
  // Checked, not listed: a cursor is copied from next_cursor, and its pattern would lengthen every list tool.
  .refine((v) => /^[A-Za-z0-9_-]+$/.test(v), 'cursor must be the next_cursor value of a previous page');

export const Timestamp = z.string().describe('ISO-8601 UTC timestamp');

export const Email = z
  .string()
  .trim()
  .max(254, 'Email addresses are at most 254 characters')
  .pipe(z.email('Enter a valid email address, like name@example.com'));

export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .overwrite(currentCountryCode)
  .refine(isCountryCode, 'Use a two-letter ISO 3166 country code, like US, DE or JP');

export const CurrencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'Use a three-letter ISO 4217 currency code, like USD, EUR or JPY');

export const TimeZone = z.string().trim().refine(isTimeZone, 'Use an IANA time zone, like Europe/Berlin or UTC');

export function isCountryCode(value: string): boolean {
  return KNOWN_COUNTRY_CODES.has(value);
}

/**
 * The code a country has now: retired codes that CLDR still names become their successors (UK → GB,
 * FX → FR, DD → DE, YU → RS), so one country is stored, listed and matched under one code.
 */
export function currentCountryCode(value: string): string {
  return RETIRED_COUNTRY_CODES.get(value) ?? value;
}

export function isCurrencyCode(value: string): boolean {
  return CURRENCY_CODES.has(value);
}

export function isTimeZone(value: string): boolean {
  if (value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The shape of every list result, on every face: `{ items, next_cursor }`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
    total: z.number().int().optional().describe('Total matching items, when include_total was set'),
  });
}
