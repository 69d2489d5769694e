import { exportCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { exportCsvRows } from '../csv-export.js';

export const exportCsvOp = implement(exportCsv, (ctx, input) => exportCsvRows(ctx, input), { transaction: false });
