import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import {
  ScraperSettings,
  type PageOutcome,
  type ScrapedPage,
  type updateScraperSettings,
} from '../../../shared/scraper.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { AddressGuard, HostAllowlist } from './address-guard.js';
import type { ContentFormat, SelectorSpec } from './extract.js';
import { checkSelectors } from './selector-check.js';
import { ExtractPool } from './extract-pool.js';
import { Fetcher, type FetchedPage } from './fetcher.js';
import { DEFAULT_POLITENESS, Politeness } from './politeness.js';
import { chromiumSandbox, findChromium } from './render/chromium.js';
import type { PageRenderer } from './render/page-renderer.js';
import { PlaywrightRenderer } from './render/playwright-renderer.js';
import { needsRendering, type RenderMode } from './render/render-policy.js';
import { RenderSession, type RenderBudget } from './render/render-session.js';
import type { UrlPattern } from './url-pattern.js';

const KEY = 'scraper';
type Patch = z.output<typeof updateScraperSettings.input>;

export interface ReadOptions {
  selectors?: Record<string, string | SelectorSpec> | null | undefined;
  format: ContentFormat;
  extract_links?: boolean | null | undefined;
  extract_images?: boolean | null | undefined;
  include_content?: boolean | null | undefined;
  /** Run the page's scripts first: auto (when the page has no text without them), never, always. */
  render?: RenderMode | null | undefined;
}

/** A fetched page, possibly replaced by what its scripts made of it. */
export interface PageForReading {
  page: FetchedPage;
  rendered: boolean;
  warnings: string[];
}

export interface RunContext {
  signal: AbortSignal;
  progress(done: number, total?: number, message?: string): void;
  /** Per-page failures of a batch or crawl go here too (MCP log messages, the log file). */
  log?: Pick<Logger, 'warn'>;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml', '']);
const TEXT_TYPES = new Set([
  'text/plain',
  'text/markdown',
  'text/csv',
  'application/json',
  'text/xml',
  'application/xml',
]);

/**
 * Fetching and reading pages for the scraper's tools: one Fetcher (address guard, robots.txt,
 * politeness) per app, following the person's settings (allowed local hosts, pace) as they change.
 */
export class ScraperService {
  readonly fetcher: Fetcher;
  private readonly pool: ExtractPool;
  private readonly renderer: PageRenderer;
  private readonly renderBudget: RenderBudget | undefined;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly cliHosts: readonly string[];
  private readonly readSettings;
  private cached: { raw: string | undefined; settings: ScraperSettings; allowlist: HostAllowlist } | undefined;

  constructor(deps: {
    store: Store;
    clock: Clock;
    version: string;
    cliAllowedHosts?: readonly string[];
    /** The extract pool's worker file, where a bundle puts it; the Node build finds its own. */
    extractWorker?: string | undefined;
    /** Runs pages' scripts; default: a Chromium found on the machine, through Playwright. */
    renderer?: ((fetcher: Fetcher) => PageRenderer) | undefined;
    /** What one rendered page may cost (tests give a small one). */
    renderBudget?: RenderBudget | undefined;
  }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.cliHosts = deps.cliAllowedHosts ?? [];
    for (const host of this.cliHosts) {
      const problem = HostAllowlist.problem(host);
      if (problem) throw new Error(`--allow-private-hosts ${host}: ${problem}.`);
    }
    this.readSettings = this.store.prepare((q) => q.selectFrom('settings').select('value').where('key', '=', KEY));
    const guard = new AddressGuard({ allowlist: () => this.current().allowlist });
    const politeness = new Politeness({
      rules: () => {
        const { concurrency_per_host, delay_ms } = this.current().settings;
        return { concurrency: concurrency_per_host, delayMs: delay_ms };
      },
    });
    this.fetcher = new Fetcher({ guard, politeness, version: deps.version });
    this.pool = new ExtractPool({ workerPath: deps.extractWorker });
    this.renderer =
      deps.renderer?.(this.fetcher) ??
      new PlaywrightRenderer({
        executablePath: () => findChromium(),
        sandbox: () => chromiumSandbox(),
        userAgent: this.fetcher.userAgent,
      });
    this.renderBudget = deps.renderBudget;
  }

  settings(): ScraperSettings {
    return this.current().settings;
  }

  /** Settings read from the database when they changed (here or in another process): one indexed read. */
  private current() {
    const raw = this.readSettings.first()?.value;
    if (this.cached && this.cached.raw === raw) return this.cached;
    let stored: unknown;
    try {
      stored = raw === undefined ? {} : JSON.parse(raw);
    } catch {
      stored = {}; // Unreadable settings: the defaults, which allow no local host.
    }
    const parsed = ScraperSettings.omit({ cli_allowed_private_hosts: true }).partial().safeParse(stored);
    const settings: ScraperSettings = {
      allowed_private_hosts: [],
      concurrency_per_host: DEFAULT_POLITENESS.concurrency,
      delay_ms: DEFAULT_POLITENESS.delayMs,
      ...(parsed.success ? parsed.data : {}),
      cli_allowed_private_hosts: [...this.cliHosts],
    };
    this.cached = {
      raw,
      settings,
      allowlist: new HostAllowlist([...settings.allowed_private_hosts, ...this.cliHosts]),
    };
    return this.cached;
  }

  update(patch: Patch, events: EventSink): ScraperSettings {
    const issues = (patch.allowed_private_hosts ?? []).flatMap((host, index) => {
      const problem = HostAllowlist.problem(host);
      return problem ? [{ path: `allowed_private_hosts.${index}`, message: problem }] : [];
    });
    if (issues.length > 0) {
      throw new OpError(
        'invalid_input',
        `Some allowed hosts are not host names, addresses or ranges: ${issues.map((i) => i.message).join('; ')}.`,
        issues,
      );
    }
    const { cli_allowed_private_hosts: _cli, ...current } = this.settings();
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.allowed_private_hosts)
      next.allowed_private_hosts = [...new Set(patch.allowed_private_hosts.map((h) => h.toLowerCase()))];
    const value = JSON.stringify(next);
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .insertInto('settings')
        .values({ key: KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })),
    );
    events.emit({ type: 'settings.changed' });
    return this.settings();
  }

  /** Fetches a page for reading; refuses what is not a page (PDFs, images, archives) with what it is. */
  async fetchReadable(url: string, signal: AbortSignal, field = 'url'): Promise<FetchedPage> {
    return this.readable(await this.fetcher.get({ url, signal, field }), field);
  }

  /** A monitor's fetch: robots.txt as the monitor says, conditional once there is a baseline. */
  async fetchForMonitor(
    url: string,
    options: {
      signal: AbortSignal;
      robots: boolean;
      conditional?: { etag: string | null; lastModified: string | null } | undefined;
    },
  ): Promise<FetchedPage> {
    const page = await this.fetcher.get({ url, ...options });
    return page.notModified ? page : this.readable(page, 'url');
  }

  private readable(page: FetchedPage, field: string): FetchedPage {
    if (page.status >= 400) {
      throw new OpError('external', `${page.url} answered ${page.status}${statusText(page.status)}.`, [
        { path: field, message: `HTTP ${page.status}` },
      ]);
    }
    if (!HTML_TYPES.has(page.mediaType) && !TEXT_TYPES.has(page.mediaType) && !page.mediaType.startsWith('text/')) {
      throw new OpError(
        'invalid_input',
        `${page.url} is a ${page.mediaType} file, not a web page Officina can read. To keep a file, download it and use upload_document.`,
        [{ path: field, message: 'Not a web page' }],
      );
    }
    return page;
  }

  async scrape(url: string, options: ReadOptions, run: RunContext, field = 'url'): Promise<ScrapedPage> {
    if (options.selectors) await checkSelectors(options.selectors);
    const fetched = await this.fetchReadable(url, run.signal, field);
    const { page, rendered, warnings } = await this.prepare(fetched, options.render ?? 'auto', run.signal);
    const read = await this.readPage(page, options, run.signal);
    return { ...read, url: fetched.requestedUrl, rendered, warnings: [...warnings, ...read.warnings] };
  }

  /**
   * The page to read: as fetched, or after its scripts ran (`always`; `auto` when the page has no
   * text without them). When `auto` cannot run them (no Chromium), the page as fetched, with a
   * warning; `always` fails instead.
   */
  async prepare(page: FetchedPage, mode: RenderMode, signal: AbortSignal): Promise<PageForReading> {
    const html = HTML_TYPES.has(page.mediaType);
    if (mode === 'never' || page.notModified || !html) {
      const warnings =
        mode === 'always' && !html && !page.notModified
          ? [`${page.url} is ${page.mediaType}, not a web page with scripts: read as it is.`]
          : [];
      return { page, rendered: false, warnings };
    }
    if (mode === 'auto' && !needsRendering(page.text())) return { page, rendered: false, warnings: [] };
    const session = new RenderSession({
      document: {
        url: page.url,
        status: page.status,
        contentType: `${page.mediaType || 'text/html'}; charset=utf-8`,
        body: Buffer.from(page.text(), 'utf8'),
      },
      fetcher: this.fetcher,
      budget: this.renderBudget,
      signal,
    });
    try {
      const rendered = await this.renderer.render(session, signal);
      let text: string | undefined;
      const renderedPage: FetchedPage = {
        ...page,
        url: rendered.url.startsWith('http') ? rendered.url : page.url,
        mediaType: 'text/html',
        charset: 'utf-8',
        body: Buffer.alloc(0),
        text: () => (text ??= rendered.html),
      };
      return { page: renderedPage, rendered: true, warnings: rendered.warnings };
    } catch (error) {
      if (mode === 'always' || signal.aborted) throw error;
      const reason = error instanceof OpError ? error.message : String((error as Error)?.message ?? error);
      return {
        page,
        rendered: false,
        warnings: [
          `The page seems to need its scripts to show its text, but they could not be run (${reason}). This is what it says without them.`,
        ],
      };
    }
  }

  /** Reads an already fetched page (on a worker thread of the extract pool). */
  private async readPage(page: FetchedPage, options: ReadOptions, signal: AbortSignal): Promise<ScrapedPage> {
    const fetched_at = this.clock.now().toISOString();
    const base = { url: page.requestedUrl, final_url: page.url, status: page.status, fetched_at, rendered: false };
    if (!HTML_TYPES.has(page.mediaType)) {
      return {
        ...base,
        title: null,
        description: null,
        language: null,
        canonical_url: null,
        open_graph: {},
        json_ld: [],
        content: page.text(),
        content_source: 'plain',
        links: options.extract_links ? [] : null,
        images: options.extract_images ? [] : null,
        selectors: options.selectors ? Object.fromEntries(Object.keys(options.selectors).map((k) => [k, []])) : null,
        warnings: [`${page.url} is ${page.mediaType}, not HTML: its text is the content, and selectors match nothing.`],
      };
    }
    const extracted = await this.pool.run(
      page.text(),
      {
        url: page.url,
        format: options.format,
        selectors: options.selectors ?? undefined,
        links: options.extract_links === true,
        images: options.extract_images === true,
        content: options.include_content !== false,
      },
      signal,
    );
    return { ...base, ...extracted };
  }

  /**
   * Reads `urls` with at most `concurrency` pages in flight (each site still paced by politeness).
   * Every page gets an outcome; one failure never stops the others. Cancellation stops new fetches.
   */
  async batch(
    urls: readonly string[],
    options: ReadOptions,
    concurrency: number,
    run: RunContext,
  ): Promise<PageOutcome[]> {
    if (options.selectors) await checkSelectors(options.selectors);
    const outcomes: PageOutcome[] = new Array(urls.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < urls.length) {
        run.signal.throwIfAborted();
        const index = next++;
        const url = urls[index] ?? '';
        const outcome = await this.outcome(url, 0, options, run, `urls.${index}`);
        outcomes[index] = outcome;
        run.progress(++done, urls.length, progressMessage(outcome));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
    return outcomes;
  }

  private async outcome(
    url: string,
    depth: number,
    options: ReadOptions,
    run: RunContext,
    field: string,
  ): Promise<PageOutcome> {
    try {
      const page = await this.scrape(url, options, run, field);
      return { url, depth, ok: true, page, error: null };
    } catch (error) {
      if (run.signal.aborted) throw error;
      const failure =
        error instanceof OpError
          ? error
          : new OpError('external', `Could not read ${url}: ${(error as Error).message}`);
      run.log?.warn(`${url}: ${failure.message}`);
      return { url, depth, ok: false, page: null, error: { code: failure.code, message: failure.message } };
    }
  }

  /**
   * Breadth-first crawl from `start`: pages `maxDepth` links away at most, `maxPages` in all, links
   * kept to the start's origin when `sameOrigin`, filtered by include/exclude patterns. Every page is
   * read like scrape_website; a failing page is an outcome, not the end of the crawl.
   */
  async crawl(
    start: string,
    limits: {
      maxPages: number;
      maxDepth: number;
      sameOrigin: boolean;
      include: UrlPattern[];
      exclude: UrlPattern[];
      concurrency: number;
    },
    options: ReadOptions,
    run: RunContext,
    /** The start page, already read (with its links) by the caller: not fetched again. */
    first?: ScrapedPage,
  ): Promise<PageOutcome[]> {
    if (options.selectors) await checkSelectors(options.selectors);
    const origin = this.fetcher.checkUrl(start, 'start_url').origin;
    const seen = new Set<string>([normalise(start)]);
    const outcomes: PageOutcome[] = [];
    let frontier: string[] = [start];
    for (let depth = 0; depth <= limits.maxDepth && frontier.length > 0 && outcomes.length < limits.maxPages; depth++) {
      const room = limits.maxPages - outcomes.length;
      const level = frontier.slice(0, room);
      // The next level has room for this many pages at most: no page can add more than that.
      const roomAfter = room - level.length;
      const follow = depth < limits.maxDepth && roomAfter > 0;
      const results: PageOutcome[] = new Array(level.length);
      const found: string[][] = new Array(level.length);
      let next = 0;
      let finished = outcomes.length;
      const worker = async () => {
        while (next < level.length) {
          run.signal.throwIfAborted();
          const index = next++;
          const url = level[index] ?? '';
          // Links are needed to go on, whatever the caller asked to see; where the crawl ends, only if asked.
          const outcome: PageOutcome =
            depth === 0 && first
              ? { url, depth, ok: true, page: first, error: null }
              : await this.outcome(
                  url,
                  depth,
                  { ...options, extract_links: follow || options.extract_links },
                  run,
                  'start_url',
                );
          // A page's links are cut down to the addresses worth following as soon as it is read, so a
          // level of link-heavy pages does not hold every link of every page until the level ends.
          found[index] = follow ? this.followable(outcome.page?.links ?? [], seen, origin, limits, roomAfter) : [];
          if (!options.extract_links && outcome.page) outcome.page.links = null;
          results[index] = outcome;
          run.progress(++finished, limits.maxPages, progressMessage(outcome));
        }
      };
      await Promise.all(Array.from({ length: Math.min(limits.concurrency, level.length) }, worker));
      // In the level's order, so that which pages come next does not depend on which answered first.
      const nextFrontier: string[] = [];
      for (const [index, outcome] of results.entries()) {
        outcomes.push(outcome);
        for (const url of found[index] ?? []) {
          const key = normalise(url);
          if (seen.has(key)) continue;
          seen.add(key);
          nextFrontier.push(url);
        }
      }
      frontier = nextFrontier;
    }
    return outcomes;
  }

  /**
   * Up to `most` of a page's links that a crawl may follow: not seen before, on its site when asked,
   * through the patterns, once each. More could never be read: the next level has room for `most`.
   */
  private followable(
    links: readonly { url: string }[],
    seen: ReadonlySet<string>,
    origin: string,
    limits: { sameOrigin: boolean; include: UrlPattern[]; exclude: UrlPattern[] },
    most: number,
  ): string[] {
    const urls = new Map<string, string>();
    for (const { url } of links) {
      if (urls.size >= most) break;
      const key = normalise(url);
      if (seen.has(key) || urls.has(key)) continue;
      if (limits.sameOrigin && new URL(url).origin !== origin) continue;
      if (limits.include.length > 0 && !limits.include.some((p) => p.matches(url))) continue;
      if (limits.exclude.some((p) => p.matches(url))) continue;
      urls.set(key, url);
    }
    return [...urls.values()];
  }

  /**
   * The text (and HTML, for links) of a page, or of what the caller gave. A page read from `url`
   * has its scripts run first as `render` says (as scrape_website does).
   */
  async source(
    input: {
      url?: string | null | undefined;
      text?: string | null | undefined;
      html?: string | null | undefined;
      render?: RenderMode | null | undefined;
    },
    run: RunContext,
  ): Promise<{
    text: string;
    html: string | undefined;
    url: string | undefined;
    rendered: boolean;
    warnings: string[];
  }> {
    const given = { url: undefined, rendered: false, warnings: [] };
    if (input.text !== undefined && input.text !== null) return { ...given, text: input.text, html: undefined };
    if (input.html !== undefined && input.html !== null)
      return { ...given, text: visibleText(await loadHtml(input.html)), html: input.html };
    if (!input.url)
      throw new OpError('invalid_input', 'Give exactly one of url, text or html.', [
        { path: 'url', message: 'Required' },
      ]);
    const fetched = await this.fetchReadable(input.url, run.signal);
    const { page, rendered, warnings } = await this.prepare(fetched, input.render ?? 'auto', run.signal);
    const notes = { url: page.url, rendered, warnings };
    if (!HTML_TYPES.has(page.mediaType)) return { ...notes, text: page.text(), html: undefined };
    const html = page.text();
    return { ...notes, text: visibleText(await loadHtml(html)), html };
  }

  async close(): Promise<void> {
    await Promise.all([this.fetcher.close(), this.pool.close(), this.renderer.close()]);
  }
}

async function loadHtml(html: string) {
  const { load } = await import('cheerio');
  return load(html);
}

/** A page's text without scripts and styles, a line break after each block so neighbours do not run together. */
function visibleText($: Awaited<ReturnType<typeof loadHtml>>): string {
  $('script, style, noscript, template').remove();
  // Line breaks between blocks, so numbers and addresses in neighbouring cells do not run together.
  $('br, p, div, li, td, th, tr, h1, h2, h3, h4, h5, h6, address, section, footer, header').after('\n');
  return $.root().text();
}

/** One page's step of a batch or crawl, as the progress bar and an MCP client show it. */
function progressMessage(outcome: PageOutcome): string {
  return outcome.ok
    ? `Read ${outcome.url}`
    : `Could not read ${outcome.url}: ${outcome.error?.message ?? 'unknown error'}`;
}

function normalise(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

function statusText(status: number): string {
  if (status === 401 || status === 403) return ' (the page is not public)';
  if (status === 404 || status === 410) return ' (no such page)';
  if (status === 429) return ' (too many requests; try again later)';
  if (status >= 500) return ' (the site has a problem; try again later)';
  return '';
}

export type { FetchedPage };
