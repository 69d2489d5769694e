import { getAppPreferences } from '../../../../shared/app-preferences.js';
import { implement } from '../../catalogue/operation.js';

export const getAppPreferencesOp = implement(getAppPreferences, (ctx) => ctx.services.appPreferences.get());
