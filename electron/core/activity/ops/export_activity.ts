import { exportActivity } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';

export const exportActivityOp = implement(exportActivity, (ctx, input) => ctx.services.activity.export(input));
