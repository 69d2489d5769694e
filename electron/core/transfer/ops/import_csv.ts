import { importCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { importCsvRows } from '../csv-import.js';
import { requireKindsOf } from '../kinds.js';

// Not one catalogue transaction: the file is read and checked first, then written in its own transaction.
export const importCsvOp = implement(
  importCsv,
  (ctx, input) => {
    requireKindsOf(ctx, input.entity, { path: input.file_path, field: 'file_path', mode: 'read' });
    return importCsvRows(ctx, input);
  },
  { transaction: false },
);
