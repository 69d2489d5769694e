import { backupData } from '../../../../shared/backups.js';
import { implement } from '../../catalogue/operation.js';

// No transaction: the copy is made by SQLite's backup API between other work, not inside a write.
export const backupDataOp = implement(backupData, (ctx) => ctx.services.backups.create('manual'), {
  transaction: false,
});
