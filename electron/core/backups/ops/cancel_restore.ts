import { cancelRestore } from '../../../../shared/backups.js';
import { implement } from '../../catalogue/operation.js';

export const cancelRestoreOp = implement(
  cancelRestore,
  (ctx) => ({ cancelled: ctx.services.backups.cancelRestore() }),
  {
    transaction: false,
  },
);
