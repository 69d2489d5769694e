import { restoreBackup } from '../../../../shared/backups.js';
import { implement } from '../../catalogue/operation.js';

// Stages the restore only: the database in use is replaced at the next start (backups/restore.ts).
export const restoreBackupOp = implement(
  restoreBackup,
  (ctx, input) => ctx.services.backups.stageRestore(input.backup),
  {
    transaction: false,
  },
);
