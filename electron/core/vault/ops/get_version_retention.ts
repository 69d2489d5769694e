import { getVersionRetention } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const getVersionRetentionOp = implement(getVersionRetention, (ctx) => ctx.services.versionRetention.describe());
