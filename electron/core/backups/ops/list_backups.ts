import { listBackups } from '../../../../shared/backups.js';
import { implement } from '../../catalogue/operation.js';

export const listBackupsOp = implement(listBackups, (ctx) => {
  const backups = ctx.services.backups;
  return {
    items: backups.list(),
    folder: backups.folder(),
    policy: backups.policy(),
    pending_restore: backups.pending(),
  };
});
