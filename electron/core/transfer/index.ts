import { exportCsvOp } from './ops/export_csv.js';
import { importCsvOp } from './ops/import_csv.js';

export const transferOperations = [importCsvOp, exportCsvOp];
