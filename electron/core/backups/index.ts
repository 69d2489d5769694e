import { backupDataOp } from './ops/backup_data.js';
import { cancelRestoreOp } from './ops/cancel_restore.js';
import { listBackupsOp } from './ops/list_backups.js';
import { restoreBackupOp } from './ops/restore_backup.js';
import { updateBackupPolicyOp } from './ops/update_backup_policy.js';

export { BackupService } from './service.js';
export { BackupScheduler } from './scheduler.js';
export { applyStagedRestore } from './restore.js';
export const backupOperations = [backupDataOp, listBackupsOp, updateBackupPolicyOp, restoreBackupOp, cancelRestoreOp];
