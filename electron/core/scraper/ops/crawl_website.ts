import { crawlWebsite } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';
import { UrlPattern } from '../url-pattern.js';

export const crawlWebsiteOp = implement(
  crawlWebsite,
  async (ctx, input) => {
    const items = await ctx.services.scraper.crawl(
      input.start_url,
      {
        maxPages: input.max_pages,
        maxDepth: input.max_depth,
        sameOrigin: input.same_origin,
        include: (input.include ?? []).map((p) => new UrlPattern(p)),
        exclude: (input.exclude ?? []).map((p) => new UrlPattern(p)),
        concurrency: input.max_concurrent,
      },
      input,
      ctx,
    );
    const succeeded = items.filter((item) => item.ok).length;
    return { items, next_cursor: null, succeeded, failed: items.length - succeeded };
  },
  { transaction: false },
);
