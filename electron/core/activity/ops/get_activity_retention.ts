import { getActivityRetention } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';

export const getActivityRetentionOp = implement(getActivityRetention, (ctx) => ctx.services.activity.retention());
