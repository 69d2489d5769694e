import { saveToVault } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const saveToVaultOp = implement(
  saveToVault,
  async (ctx, input) => {
    // A destination the vault would refuse is refused before the page is fetched.
    if (input.destination) ctx.services.paths.resolveInVault(input.destination, { field: 'destination' });
    const { stringify } = await import('yaml');
    const page = await ctx.services.scraper.scrape(input.url, { format: 'markdown', render: input.render }, ctx);
    const front = stringify({
      title: page.title ?? page.final_url,
      source: page.final_url,
      fetched_at: page.fetched_at,
    });
    const heading = page.title ? `# ${page.title}\n\n` : '';
    const content = `---\n${front}---\n\n${heading}${page.content ?? ''}\n`;
    const document = await ctx.services.vault.upload(ctx, {
      content,
      encoding: 'utf8',
      destination: input.destination ?? defaultPath(page.final_url),
      overwrite: input.overwrite,
      ...(input.tags ? { metadata: { tags: input.tags } } : {}),
    });
    return { document, final_url: page.final_url, title: page.title, rendered: page.rendered, warnings: page.warnings };
  },
  { transaction: false },
);

/** web/<site>/<page>.md: readable, stable for the same address, and within the vault's path rules. */
function defaultPath(url: string): string {
  const parsed = new URL(url);
  const slug = (parsed.pathname + parsed.search)
    .toLowerCase()
    .replace(/\.(html?|php|aspx?)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `web/${parsed.hostname.replace(/^www\./, '')}/${slug || 'index'}.md`;
}
