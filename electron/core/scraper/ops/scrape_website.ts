import { scrapeWebsite } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

const MAX_FOLLOWED = 50;

export const scrapeWebsiteOp = implement(
  scrapeWebsite,
  async (ctx, input) => {
    const { scraper } = ctx.services;
    const options = { ...input, extract_links: input.extract_links === true || input.max_depth > 1 };
    const page = await scraper.scrape(input.url, options, ctx);
    if (input.max_depth === 1) return { ...page, pages: [] };
    // The seed's max_depth: follow the page's links on its own site, one level per step of depth.
    // From where the page was found: after a redirect (http → https, a new domain) its links are "same site" there.
    const pages = await scraper.crawl(
      page.final_url,
      {
        maxPages: MAX_FOLLOWED + 1,
        maxDepth: input.max_depth - 1,
        sameOrigin: true,
        include: [],
        exclude: [],
        concurrency: 4,
      },
      { ...input, extract_links: input.extract_links },
      ctx,
      page,
    );
    return {
      ...page,
      links: input.extract_links ? page.links : null,
      // The first outcome is the start page: it is the result itself.
      pages: pages.slice(1),
    };
  },
  { transaction: false },
);
