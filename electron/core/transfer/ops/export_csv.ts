import { exportCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { exportCsvRows } from '../csv-export.js';
import { requireKindsOf } from '../kinds.js';

export const exportCsvOp = implement(
  exportCsv,
  (ctx, input) => {
    requireKindsOf(ctx, input.entity, { path: input.destination_path, field: 'destination_path', mode: 'write' });
    return exportCsvRows(ctx, input);
  },
  { transaction: false },
);
