import type { ActivityEntry } from '../../../shared/activity.js';
import { defuseFormula } from '../common/csv-cells.js';

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
 * One CSV field: RFC 4180 quoting, and text defused as every export does (a caller's name comes from
 * the MCP client and an input from the assistant, so neither is trusted).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
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
