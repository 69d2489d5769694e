import type { ActivityEntry } from '../../../shared/activity.js';

export const CSV_COLUMNS = [
  'id',
  'at',
  'caller_kind',
  'caller',
  'operation',
  'outcome',
  'error_message',
  'duration_ms',
  'input',
] as const;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV injection"); a
 * caller's name comes from the MCP client and an input from the assistant, so neither is trusted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: RFC 4180 quoting, and an apostrophe before anything a spreadsheet would evaluate. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 records end with CRLF, the header included. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(entry: ActivityEntry): string {
  const cells = CSV_COLUMNS.map((column) =>
    column === 'input' ? csvCell(JSON.stringify(entry.input) ?? 'null') : csvCell(entry[column]),
  );
  return `${cells.join(',')}\r\n`;
}

export function jsonlRow(entry: ActivityEntry): string {
  return `${JSON.stringify(entry)}\n`;
}
