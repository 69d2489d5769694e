import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { Customer, Tags } from './customers.js';
import { Timestamp, listOf } from './schemas.js';
import { Document, VaultPath } from './vault.js';

/** An http(s) address; the scraper checks it (scheme, private addresses) before anything is sent. */
export const WebUrl = z
  .string({ error: 'Give the page’s address, like https://example.com/contact' })
  .trim()
  .min(1, 'Give the page’s address, like https://example.com/contact')
  .max(4096, 'addresses are at most 4096 characters');

const SelectorSpec = z.strictObject({
  selector: z.string().min(1).max(1000),
  attribute: z.string().min(1).max(100).optional(),
});

export const Selectors = z
  .record(
    z.string().min(1).max(100),
    z.union([z.string().min(1, 'a selector cannot be empty').max(1000), SelectorSpec]),
  )
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 selectors')
  .describe(
    'name → CSS selector (the text of every match), or { selector, attribute } (that attribute instead: href, src… made absolute)',
  );

export const CONTENT_FORMATS = ['text', 'markdown', 'html'] as const;
const Format = z
  .enum(CONTENT_FORMATS, { error: 'format is text, markdown or html' })
  .default('text')
  .describe('How the main content comes back: text (default), markdown or html');

export const RENDER_MODES = ['auto', 'never', 'always'] as const;
export const Render = z
  .enum(RENDER_MODES, { error: 'render is auto, never or always' })
  .describe('Run the page’s scripts in a browser first: auto (only if it has no text without them), always, never');

const Link = z.object({ url: z.string(), text: z.string(), internal: z.boolean(), rel: z.string().nullable() });

export const ScrapedPage = z.object({
  url: z.string().describe('The address asked for'),
  final_url: z.string().describe('Where the page was found, after redirects'),
  status: z.number().int(),
  fetched_at: Timestamp,
  rendered: z.boolean().describe('Read after its scripts ran'),
  title: z.string().nullable(),
  description: z.string().nullable(),
  language: z.string().nullable(),
  canonical_url: z.string().nullable(),
  open_graph: z.record(z.string(), z.string()),
  json_ld: z.array(z.unknown()),
  content: z
    .string()
    .nullable()
    .describe('The main text, in the format asked for; null when the page is not HTML or text'),
  content_source: z.enum(['readability', 'body', 'plain']).nullable(),
  links: z.array(Link).nullable().describe('With extract_links: every link, absolute and once'),
  images: z.array(z.object({ url: z.string(), alt: z.string() })).nullable(),
  selectors: z.record(z.string(), z.array(z.string())).nullable().describe('Each selector’s matches'),
  warnings: z.array(z.string()),
});
export type ScrapedPage = z.infer<typeof ScrapedPage>;

/** One page of a batch or crawl: its result, or why it failed (the batch goes on). */
export const PageOutcome = z.object({
  url: z.string(),
  depth: z.number().int().describe('0 for the pages given, 1 for pages they link to, …'),
  ok: z.boolean(),
  page: ScrapedPage.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type PageOutcome = z.infer<typeof PageOutcome>;

const scrapeOptions = {
  selectors: Selectors.optional(),
  format: Format,
  extract_links: z.boolean().optional().describe('Also list the page’s links (default false)'),
  extract_images: z.boolean().optional(),
  include_content: z
    .boolean()
    .optional()
    .describe('false: skip the main text (metadata, selectors and links only; several times faster on large pages)'),
  render: Render.default('auto'),
};

export const scrapeWebsite = defineContract({
  name: 'scrape_website',
  domain: 'scraper',
  title: 'Scrape a web page',
  description:
    'Fetch one page politely (robots.txt honoured, private addresses refused) and read its title, meta, ' +
    'OpenGraph, JSON-LD, readable text, CSS `selectors` values, and with extract_links its links. max_depth > 1 ' +
    'follows same-site links (≤ 50 pages; else crawl_website) into `pages`, each with its own error.',
  input: z.strictObject({
    url: WebUrl,
    ...scrapeOptions,
    max_depth: z
      .number()
      .int('max_depth is a whole number')
      .min(1, 'max_depth is at least 1 (the page itself)')
      .max(3, 'max_depth is at most 3; use crawl_website for deeper crawls')
      .default(1),
  }),
  output: ScrapedPage.extend({ pages: z.array(PageOutcome).describe('With max_depth > 1: the pages followed') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

export const scrapeMultiplePages = defineContract({
  name: 'scrape_multiple_pages',
  domain: 'scraper',
  title: 'Scrape several pages',
  description:
    'Fetch and read up to 100 pages like scrape_website, `max_concurrent` at a time (a site still gets at ' +
    'most two requests at once). A page that fails has its error in its item; the others go on. ' +
    'Returns { items, succeeded, failed } in the order given.',
  input: z.strictObject({
    urls: z
      .array(WebUrl)
      .min(1, 'give at least one URL')
      .max(100, 'at most 100 URLs at a time; crawl_website follows links for you'),
    ...scrapeOptions,
    max_concurrent: z
      .number()
      .int()
      .min(1, 'max_concurrent is at least 1')
      .max(16, 'max_concurrent is at most 16')
      .default(5),
  }),
  output: listOf(PageOutcome).extend({ succeeded: z.number().int(), failed: z.number().int() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

const Pattern = z.string().min(1).max(500);

export const crawlWebsite = defineContract({
  name: 'crawl_website',
  domain: 'scraper',
  title: 'Crawl a website',
  description:
    'Follow links from `start_url`, breadth first, up to `max_pages` pages and `max_depth` links away, ' +
    'reading each like scrape_website. same_origin keeps to its site; `include`/`exclude` are URL patterns ' +
    '(`*` matches anything; without `*`, contains). A failed page has its error in its item. Returns ' +
    '{ items, succeeded, failed }.',
  input: z.strictObject({
    start_url: WebUrl,
    max_pages: z.number().int().min(1).max(1000, 'max_pages is at most 1000').default(20),
    max_depth: z.number().int().min(0).max(10, 'max_depth is at most 10').default(2),
    same_origin: z.boolean().default(true),
    include: z.array(Pattern).max(20).optional(),
    exclude: z.array(Pattern).max(20).optional(),
    ...scrapeOptions,
    max_concurrent: z.number().int().min(1).max(16).default(4),
  }),
  output: listOf(PageOutcome).extend({ succeeded: z.number().int(), failed: z.number().int() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

/** extract_* read a page (url), or what the caller already has (text or html); exactly one. */
const sourceInput = {
  url: WebUrl.optional(),
  text: z.string().max(5_000_000, 'text is at most 5,000,000 characters').optional(),
  html: z.string().max(5_000_000, 'html is at most 5,000,000 characters').optional(),
};
/** A page read from `url` may need its scripts run first, as scrape_website's `render` says. */
const RenderUrl = z
  .enum(RENDER_MODES, { error: 'render is auto, never or always' })
  .default('auto')
  .describe('With url: as scrape_website');
/** What the extract_* tools add about the page they read. */
const readNotes = {
  rendered: z.boolean().describe('The page was read after its scripts ran'),
  warnings: z.array(z.string()),
};
const oneSource = (v: { url?: string | null; text?: string | null; html?: string | null }) =>
  [v.url, v.text, v.html].filter((x) => x !== undefined && x !== null).length === 1;
const ONE_SOURCE = { message: 'Give exactly one of url, text or html', path: ['url'] };

export const extractEmails = defineContract({
  name: 'extract_emails',
  domain: 'scraper',
  title: 'Extract email addresses',
  description:
    'Find the email addresses in a web page (`url`), or in `text` or `html` you already have: written out, ' +
    'in mailto: links, obfuscated as "name [at] example [dot] com", or Cloudflare-protected. Deduplicated and ' +
    'validated. Returns { url, emails: [{ email, found_in }], count }.',
  input: z.strictObject({ ...sourceInput, render: RenderUrl }).refine(oneSource, ONE_SOURCE),
  output: z.object({
    url: z.string().nullable(),
    ...readNotes,
    emails: z.array(
      z.object({
        email: z.string(),
        found_in: z.enum(['text', 'mailto', 'obfuscated', 'cloudflare', 'structured_data']),
      }),
    ),
    count: z.number().int(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

export const extractPhoneNumbers = defineContract({
  name: 'extract_phone_numbers',
  domain: 'scraper',
  title: 'Extract phone numbers',
  description:
    'Find the phone numbers of any country in a web page (`url`), `text` or `html`, with tel: links. Numbers ' +
    'written without a country code are read in `default_region` (ISO 3166, e.g. DE), else in the country of ' +
    'the page’s domain (.de, .fr…); without either only international numbers (+…) are found. Returns each ' +
    'in E.164 and national form with its country and type (MOBILE, FIXED_LINE, TOLL_FREE…).',
  input: z
    .strictObject({
      ...sourceInput,
      default_region: z.string().trim().min(2).max(3).optional().describe('ISO 3166 alpha-2 code, e.g. US, DE, JP'),
      render: RenderUrl,
    })
    .refine(oneSource, ONE_SOURCE),
  output: z.object({
    url: z.string().nullable(),
    ...readNotes,
    region: z.string().nullable().describe('The region numbers without a country code were read in'),
    phone_numbers: z.array(
      z.object({
        e164: z.string(),
        national: z.string(),
        international: z.string(),
        country: z.string().nullable(),
        type: z.string().nullable(),
        raw: z.string(),
        found_in: z.enum(['text', 'tel']),
      }),
    ),
    count: z.number().int(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

export const extractSocialMediaLinks = defineContract({
  name: 'extract_social_media_links',
  domain: 'scraper',
  title: 'Extract social media profiles',
  description:
    'Find links to social media profiles in a web page (`url`) or `html`: X/Twitter, LinkedIn, Facebook, ' +
    'Instagram, YouTube, TikTok, GitHub, Mastodon, Bluesky, Threads, Pinterest. Normalised (https, no www, no ' +
    'tracking), deduplicated; share buttons and links to single posts are left out. Returns { url, profiles, ' +
    'social_links: network → [url], platforms_found }.',
  input: z
    .strictObject({ url: WebUrl.optional(), html: sourceInput.html, render: RenderUrl })
    .refine((v) => (v.url ?? null) !== null || (v.html ?? null) !== null, {
      message: 'Give url or html',
      path: ['url'],
    }),
  output: z.object({
    url: z.string().nullable(),
    ...readNotes,
    profiles: z.array(z.object({ network: z.string(), url: z.string(), handle: z.string().nullable() })),
    social_links: z.record(z.string(), z.array(z.string())),
    platforms_found: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  reveals: [],
});

export const saveToVault = defineContract({
  name: 'save_to_vault',
  domain: 'scraper',
  title: 'Save a web page to the vault',
  description:
    'Keep a page’s readable content in the vault as Markdown with title, address and time in front matter. ' +
    '`destination` defaults to web/<site>/<page>.md; an existing document is replaced only with overwrite: ' +
    'true (old content kept as a version). Returns the document.',
  input: z.strictObject({
    url: WebUrl,
    destination: VaultPath.optional(),
    overwrite: z.boolean().default(false),
    tags: Tags.optional(),
    render: Render.default('auto'),
  }),
  output: z.object({ document: Document, final_url: z.string(), title: z.string().nullable(), ...readNotes }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  reveals: ['documents'],
});

export const importContactsAsCustomers = defineContract({
  name: 'import_contacts_as_customers',
  domain: 'scraper',
  title: 'Import a page’s contacts as customers',
  description:
    'Make a customer of each email address in a page (`url`), `text` or `html` that is not one yet. Names ' +
    'come from the page (JSON-LD, mailto text) or the address; a phone is added when the page ties it to the ' +
    'contact. Customers get `tags` (default ["web"]) and a note naming the page. dry_run makes nothing.',
  input: z
    .strictObject({
      ...sourceInput,
      default_region: z.string().trim().min(2).max(3).optional(),
      tags: Tags.optional(),
      dry_run: z.boolean().default(false),
      render: RenderUrl,
    })
    .refine(oneSource, ONE_SOURCE),
  output: z.object({
    url: z.string().nullable(),
    ...readNotes,
    dry_run: z.boolean(),
    created: z.array(Customer).describe('The customers made (with dry_run: those that would be, id 0)'),
    existing: z.array(z.object({ email: z.string(), customer_id: z.number().int() })),
    skipped: z.array(z.object({ email: z.string(), reason: z.string() })),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  reveals: ['customers'],
});

/** The person's scraper rules. Widening what may be reached is theirs alone, never an assistant's. */
export const ScraperSettings = z.object({
  allowed_private_hosts: z
    .array(z.string())
    .describe(
      'Host names, addresses or ranges on the local network that may be fetched (e.g. intranet.lan, 192.168.1.0/24)',
    ),
  cli_allowed_private_hosts: z.array(z.string()).describe('Given with --allow-private-hosts when Officina started'),
  concurrency_per_host: z.number().int(),
  delay_ms: z.number().int().describe('At least this long between two requests to one site'),
});
export type ScraperSettings = z.infer<typeof ScraperSettings>;

export const getScraperSettings = defineContract({
  name: 'get_scraper_settings',
  domain: 'scraper',
  title: 'Get scraper settings',
  description: 'Which local-network hosts the scraper may reach, and how politely it fetches.',
  input: z.strictObject({}),
  output: ScraperSettings,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const updateScraperSettings = defineContract({
  name: 'update_scraper_settings',
  domain: 'scraper',
  title: 'Update scraper settings',
  description: 'Change the local-network hosts the scraper may reach and its pace. For the person only.',
  input: z.strictObject({
    allowed_private_hosts: z.array(z.string().trim().min(1).max(300)).max(200).optional(),
    concurrency_per_host: z
      .number()
      .int()
      .min(1, 'at least 1')
      .max(4, 'at most 4 requests at once to one site')
      .optional(),
    delay_ms: z.number().int().min(0).max(60_000, 'at most 60,000 ms (a minute)').optional(),
  }),
  output: ScraperSettings,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  reveals: [],
  faces: PERSON_ONLY,
});

export const scraperContracts = [
  scrapeWebsite,
  scrapeMultiplePages,
  crawlWebsite,
  extractEmails,
  extractPhoneNumbers,
  extractSocialMediaLinks,
  saveToVault,
  importContactsAsCustomers,
  getScraperSettings,
  updateScraperSettings,
] as const;
