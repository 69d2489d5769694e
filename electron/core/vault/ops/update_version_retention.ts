import { updateVersionRetention } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const updateVersionRetentionOp = implement(updateVersionRetention, (ctx, input) =>
  ctx.services.versionRetention.update(input, ctx.events),
);
