import type { z } from 'zod';
import { importCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { importCsvRows } from '../csv-import.js';
import { requireKindsOf } from '../kinds.js';

// Not one catalogue transaction: the file is read and checked first, then written in its own transaction.
export const importCsvOp = implement(
  importCsv,
  async (ctx, input) => {
    requireKindsOf(ctx, input.entity, { path: input.file_path, field: 'file_path', mode: 'read' });
    const result = await importCsvRows(ctx, input);
    // An import can take a while: its outcome is logged (and reaches an MCP client as a log message).
    ctx.log.info(importSummary(result));
    return result;
  },
  { transaction: false },
);

function importSummary(result: z.input<typeof importCsv.output>): string {
  const bad = result.bad_rows.length;
  const badLines = new Set(result.bad_rows.map((row) => row.line)).size;
  const problems = bad
    ? `; ${badLines} row${badLines === 1 ? '' : 's'} refused (first: line ${result.bad_rows[0]?.line})`
    : '';
  if (result.dry_run) {
    return `CSV import of ${result.entity} checked (dry run): ${result.imported} of ${result.rows} rows would be imported${problems}; nothing was written.`;
  }
  if (!result.committed) {
    return `CSV import of ${result.entity}: nothing imported, as on_error is reject_all${problems}.`;
  }
  return `CSV import of ${result.entity}: ${result.imported} of ${result.rows} rows imported${problems}.`;
}
