import { updateBackupPolicy } from '../../../../shared/backups.js';
import { implement } from '../../catalogue/operation.js';

export const updateBackupPolicyOp = implement(updateBackupPolicy, (ctx, input) =>
  ctx.services.backups.updatePolicy(input, ctx.events),
);
