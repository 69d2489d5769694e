import { OpError } from '../../../shared/errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at `at` (CET in winter: 60). */
export function zoneOffsetMinutes(timeZone: string, at: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    +parts['year']!,
    +parts['month']! - 1,
    +parts['day']!,
    +parts['hour']!,
    +parts['minute']!,
    +parts['second']!,
  );
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The UTC instant at which local midnight of `date` (YYYY-MM-DD) falls in `timeZone`. */
export function localMidnightUtc(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Two rounds settle the offset across a DST change near midnight.
  let instant = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
  instant = wall - zoneOffsetMinutes(timeZone, instant) * 60_000;
  return instant;
}

/**
 * A report or filter bound: a plain date is a whole day in the person's time zone (the start of it,
 * or for an end bound the start of the next day, exclusive); a timestamp is taken as it is.
 */
export function boundToIso(value: string, timeZone: string, edge: 'start' | 'end', path: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = localMidnightUtc(value, timeZone);
    if (Number.isNaN(start))
      throw new OpError('invalid_input', `${path} is not a real date.`, [{ path, message: 'Not a date' }]);
    if (edge === 'start') return new Date(start).toISOString();
    const next = new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return new Date(localMidnightUtc(next, timeZone)).toISOString();
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new OpError('invalid_input', `${path} is not a valid timestamp.`, [{ path, message: 'Not a timestamp' }]);
  return new Date(edge === 'end' ? ms + 1 : ms).toISOString();
}

/** Local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: number, timeZone: string): string {
  return new Date(at + zoneOffsetMinutes(timeZone, at) * 60_000).toISOString().slice(0, 10);
}
