/** Numbers, money and dates in the person's locale and time zone. */

export const locale: string = typeof navigator !== 'undefined' ? navigator.language : 'en';

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const regionNames = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDateTime(iso: string, withSeconds = false): string {
  const date = parse(iso);
  if (!date) return iso;
  return (withSeconds ? dateTimeSeconds : dateTime).format(date);
}

export function formatDate(iso: string): string {
  const date = parse(iso);
  return date ? dateOnly.format(date) : iso;
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** Percent with up to two decimals: 825 basis points → "8.25%". */
export function formatPercent(fraction: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(fraction);
}

/** Money is stored in minor units (cents, yen); the currency decides where the decimal point goes. */
export function formatMoney(minorUnits: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
  } catch {
    return `${formatCount(minorUnits)} (${currency})`;
  }
}

export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const milliseconds = new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });

export function formatDuration(ms: number): string {
  return milliseconds.format(ms);
}

/** Money as the sales operations give it: a decimal in major units (12.5 USD). */
export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A short money label for chart axes: "$1.2K". */
export function formatAmountCompact(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' }).format(amount);
  } catch {
    return `${amount}`;
  }
}

const kilograms = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilogram', maximumFractionDigits: 3 });

export function formatWeight(kg: number): string {
  return kilograms.format(kg);
}

/** Who did something, as the person reads it: their own app's changes are theirs ("you"); others by name. */
export function whoDid(by: string): string {
  return by === 'browser' || by === 'desktop' || by === 'ui' ? 'you' : by;
}
