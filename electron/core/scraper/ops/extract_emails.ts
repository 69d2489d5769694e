import { extractEmails } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const extractEmailsOp = implement(
  extractEmails,
  async (ctx, input) => {
    // cheerio and libphonenumber's full metadata load with the first call, not when Officina starts.
    const { extractEmails: findEmails } = await import('../contacts.js');
    const source = await ctx.services.scraper.source(input, ctx);
    const emails = findEmails(source);
    return {
      url: source.url ?? null,
      rendered: source.rendered,
      warnings: source.warnings,
      emails,
      count: emails.length,
    };
  },
  { transaction: false },
);
