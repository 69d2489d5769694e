import { listActivity } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';

export const listActivityOp = implement(listActivity, (ctx, input) => ctx.services.activity.list(input));
