import { extractPhoneNumbers } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const extractPhoneNumbersOp = implement(
  extractPhoneNumbers,
  async (ctx, input) => {
    // cheerio and libphonenumber's full metadata load with the first call, not when Officina starts.
    const { extractPhones, phoneRegion } = await import('../contacts.js');
    // Checked before fetching: a wrong region is the caller's mistake, not worth a request.
    const given = phoneRegion(input.default_region, undefined);
    const source = await ctx.services.scraper.source(input, ctx);
    const region = given ?? phoneRegion(null, source.url);
    const phone_numbers = extractPhones(source, region);
    return {
      url: source.url ?? null,
      rendered: source.rendered,
      warnings: source.warnings,
      region: region ?? null,
      phone_numbers,
      count: phone_numbers.length,
    };
  },
  { transaction: false },
);
