import { importCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { importCsvRows } from '../csv-import.js';

// Not one catalogue transaction: the file is read and checked first, then written in its own transaction.
export const importCsvOp = implement(importCsv, (ctx, input) => importCsvRows(ctx, input), { transaction: false });
