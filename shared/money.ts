/**
 * Money at the boundary is a decimal amount in major units (10.5 USD); inside it is an integer of
 * minor units (1050) plus the ISO 4217 code. The exponent comes from the currency (JPY 0, USD 2,
 * KWD 3), as Intl knows it (iso-codes.ts holds its answers). Pure: used by core and the renderer.
 */

import { CURRENCY_DECIMALS } from './iso-codes.js';

export function currencyExponent(currency: string): number {
  return CURRENCY_DECIMALS.get(currency) ?? 2;
}

/**
 * Converts a decimal amount to minor units, or returns an error message when the amount has more
 * decimals than the currency has (10.555 USD), so the caller's mistake is named rather than rounded away.
 */
export function toMinorUnits(amount: number, currency: string): number | string {
  const exponent = currencyExponent(currency);
  const scaled = amount * 10 ** exponent;
  const minor = Math.round(scaled);
  // Decimal fractions are not exact in binary (0.29 * 100 = 28.999999999999996): allow that noise only.
  if (Math.abs(scaled - minor) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    return exponent === 0
      ? `${currency} has no minor unit: give a whole amount`
      : `${currency} has ${exponent} decimal places: give at most ${exponent} (like ${(1.5).toFixed(exponent)})`;
  }
  if (!Number.isSafeInteger(minor)) return 'amount is too large';
  return minor;
}

export function toMajorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

/** `value × numerator / denominator`, rounded half up (away from zero for the positive values money uses). */
export function mulDivHalfUp(value: number, numerator: number, denominator: number): number {
  const product = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  const quotient = (product * 2n + d) / (2n * d);
  return Number(quotient);
}

/** For messages: "12.50 USD". */
export function formatAmount(minor: number, currency: string): string {
  return `${(minor / 10 ** currencyExponent(currency)).toFixed(currencyExponent(currency))} ${currency}`;
}
