import { getSettings } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

export const getSettingsOp = implement(getSettings, (ctx) => ctx.services.settings.get());
