import { updateAppPreferences } from '../../../../shared/app-preferences.js';
import { implement } from '../../catalogue/operation.js';

export const updateAppPreferencesOp = implement(updateAppPreferences, (ctx, input) =>
  ctx.services.appPreferences.update(input, ctx.events),
);
