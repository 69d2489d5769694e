import type { OutputOf } from '../../../../shared/contracts.js';
import { locale } from '../../format.js';

export type GroupBy = 'day' | 'week' | 'month';
type Report = OutputOf<'get_order_analytics'>;
export type PeriodPoint = Report['periods'][number] & { label: string };

/** YYYY-MM-DD of a local day, `days` before today. */
export function localDateBefore(days: number, today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (iso: string) => new Date(iso + (iso.length === 7 ? '-01' : '') + 'T00:00:00Z');
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The key the server gives a period: the day, the Monday of the week, or YYYY-MM. */
function periodKey(day: Date, groupBy: GroupBy): string {
  if (groupBy === 'day') return isoDay(day);
  if (groupBy === 'month') return isoDay(day).slice(0, 7);
  const monday = new Date(day);
  monday.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return isoDay(monday);
}

const dayLabel = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthLabel = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });

export function periodLabel(key: string, groupBy: GroupBy): string {
  const date = utc(key);
  if (Number.isNaN(date.getTime())) return key;
  return groupBy === 'month' ? monthLabel.format(date) : dayLabel.format(date);
}

/**
 * The server lists only periods with orders; a chart reads better with the quiet ones at zero, so
 * every period from start to end is present.
 */
export function fillPeriods(report: Report, startDate: string, endDate: string, groupBy: GroupBy): PeriodPoint[] {
  const byKey = new Map(report.periods.map((p) => [p.period, p]));
  const points: PeriodPoint[] = [];
  const seen = new Set<string>();
  const end = utc(endDate);
  for (let day = utc(startDate); day <= end && points.length < 1000; day.setUTCDate(day.getUTCDate() + 1)) {
    const key = periodKey(day, groupBy);
    if (seen.has(key)) continue;
    seen.add(key);
    const found = byKey.get(key);
    points.push({
      ...(found ?? { period: key, orders: 0, gross: 0, refunds: 0, net: 0 }),
      label: periodLabel(key, groupBy),
    });
  }
  // Periods the range did not foresee (a time zone at the edge) are kept rather than dropped.
  for (const p of report.periods) {
    if (!seen.has(p.period)) points.push({ ...p, label: periodLabel(p.period, groupBy) });
  }
  return points.sort((a, b) => a.period.localeCompare(b.period));
}
