import { extractSocialMediaLinks } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const extractSocialMediaLinksOp = implement(
  extractSocialMediaLinks,
  async (ctx, input) => {
    // cheerio and libphonenumber's full metadata load with the first call, not when Officina starts.
    const { extractSocialProfiles } = await import('../contacts.js');
    const source = await ctx.services.scraper.source({ url: input.url, html: input.html, render: input.render }, ctx);
    const profiles = extractSocialProfiles(source.html ?? '', source.url ?? input.url ?? undefined);
    const social_links: Record<string, string[]> = {};
    for (const profile of profiles) (social_links[profile.network] ??= []).push(profile.url);
    return {
      url: source.url ?? null,
      rendered: source.rendered,
      warnings: source.warnings,
      profiles,
      social_links,
      platforms_found: Object.keys(social_links),
    };
  },
  { transaction: false },
);
