import { extractEmails } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';
import { extractEmails as findEmails } from '../contacts.js';

export const extractEmailsOp = implement(
  extractEmails,
  async (ctx, input) => {
    const source = await ctx.services.scraper.source(input, ctx);
    const emails = findEmails(source);
    return { url: source.url ?? null, emails, count: emails.length };
  },
  { transaction: false },
);
