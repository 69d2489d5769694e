import { exportCsv } from '../../../../shared/transfer.js';
import { implement } from '../../catalogue/operation.js';
import { exportCsvRows } from '../csv-export.js';
import { requireKindsOf } from '../kinds.js';

export const exportCsvOp = implement(
  exportCsv,
  async (ctx, input) => {
    requireKindsOf(ctx, input.entity, { path: input.destination_path, field: 'destination_path', mode: 'write' });
    const result = await exportCsvRows(ctx, input);
    ctx.log.info(
      `CSV export of ${result.entity}: ${result.rows} rows, ${result.bytes} bytes` +
        (result.destination_path ? ` written to ${result.destination_path}.` : ' returned inline.'),
    );
    return result;
  },
  { transaction: false },
);
