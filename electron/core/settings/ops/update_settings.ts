import { updateSettings } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

export const updateSettingsOp = implement(updateSettings, (ctx, input) =>
  ctx.services.settings.update(input, ctx.events),
);
