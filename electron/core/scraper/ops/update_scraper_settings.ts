import { updateScraperSettings } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const updateScraperSettingsOp = implement(updateScraperSettings, (ctx, input) =>
  ctx.services.scraper.update(input, ctx.events),
);
