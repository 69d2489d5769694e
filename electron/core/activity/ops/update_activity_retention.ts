import { updateActivityRetention } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';

export const updateActivityRetentionOp = implement(updateActivityRetention, (ctx, input) =>
  ctx.services.activity.updateRetention(input, ctx.events),
);
