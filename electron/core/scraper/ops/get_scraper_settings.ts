import { getScraperSettings } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const getScraperSettingsOp = implement(getScraperSettings, (ctx) => ctx.services.scraper.settings());
