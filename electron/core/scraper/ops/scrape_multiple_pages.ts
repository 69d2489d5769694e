import { scrapeMultiplePages } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const scrapeMultiplePagesOp = implement(
  scrapeMultiplePages,
  async (ctx, input) => {
    const items = await ctx.services.scraper.batch(input.urls, input, input.max_concurrent, ctx);
    const succeeded = items.filter((item) => item.ok).length;
    return { items, next_cursor: null, succeeded, failed: items.length - succeeded };
  },
  { transaction: false },
);
