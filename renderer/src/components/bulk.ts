import { errorMessage, notifyError, notifySuccess } from '../notify.js';

export type BulkResult = { done: number; failed: { name: string; why: string }[] };

/**
 * Runs one call per record, one after another (each through its own operation, so each is checked and
 * recorded as if done by hand), all of them, and keeps which went through and which did not.
 */
export async function eachRecord<T>(
  records: readonly T[],
  nameOf: (record: T) => string,
  run: (record: T) => Promise<unknown>,
): Promise<BulkResult> {
  const result: BulkResult = { done: 0, failed: [] };
  for (const record of records) {
    try {
      await run(record);
      result.done++;
    } catch (error) {
      result.failed.push({ name: nameOf(record), why: errorMessage(error) });
    }
  }
  return result;
}

/** How many were changed, and each that was not, by name, in one sentence. */
export function tellBulk(result: BulkResult, nouns: [one: string, many: string], did: string): void {
  const [one, many] = nouns;
  if (result.done > 0) notifySuccess(`${result.done} ${result.done === 1 ? one : many} ${did}`);
  if (result.failed.length === 0) return;
  const SHOWN = 3;
  const listed = result.failed
    .slice(0, SHOWN)
    .map((f) => `${f.name}: ${f.why.replace(/\.$/, '')}`)
    .join('; ');
  const more = result.failed.length > SHOWN ? `; and ${result.failed.length - SHOWN} more` : '';
  notifyError(
    `${result.failed.length} ${result.failed.length === 1 ? one : many} could not be changed`,
    new Error(`${listed}${more}.`),
  );
}

/** A spreadsheet must not run a cell as a formula: such text gets a leading apostrophe, as exports do. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
