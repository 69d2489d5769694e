import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS (module.exports = function) with types written as an ES default export:
// Node hands the function over as the default import, TypeScript (NodeNext) expects `.default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The product token sites name in robots.txt ("User-agent: Officina"). */
export const ROBOTS_AGENT = 'Officina';

/** RFC 9309: a crawler should parse at least 500 KiB; we read that much and ignore the rest. */
export const ROBOTS_MAX_BYTES = 512 * 1024;
/** RFC 9309 §2.4: cache for at most 24 hours. */
const FRESH_MS = 24 * 60 * 60 * 1000;
/** A robots.txt that could not be read (5xx, network) disallows everything, but is asked again soon. */
const UNREACHABLE_MS = 5 * 60 * 1000;

export interface RobotsAnswer {
  /** 'ok' (parsed), 'missing' (4xx: everything allowed), 'unreachable' (5xx or network: nothing allowed). */
  state: 'ok' | 'missing' | 'unreachable';
  body: string;
}

interface Entry {
  rules: ReturnType<typeof robotsParser> | null;
  state: RobotsAnswer['state'];
  expires: number;
  loading?: Promise<void>;
}

/**
 * robots.txt per origin, cached for a day: read once per origin even when many pages of it are asked
 * for at once. What a rule means is robots-parser's (Google's matching: longest match wins, * and $).
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly load: (robotsUrl: string, signal?: AbortSignal) => Promise<RobotsAnswer>;
  private readonly now: () => number;

  constructor(options: {
    load: (robotsUrl: string, signal?: AbortSignal) => Promise<RobotsAnswer>;
    now?: () => number;
  }) {
    this.load = options.load;
    this.now = options.now ?? Date.now;
  }

  /** Whether robots.txt lets Officina fetch `url`, and the site's Crawl-delay for us (seconds). */
  async check(
    url: URL,
    signal?: AbortSignal,
  ): Promise<{ allowed: boolean; crawlDelay: number | undefined; state: RobotsAnswer['state'] }> {
    const entry = await this.entry(url.origin, signal);
    if (entry.state === 'missing') return { allowed: true, crawlDelay: undefined, state: entry.state };
    if (entry.state === 'unreachable' || !entry.rules)
      return { allowed: false, crawlDelay: undefined, state: entry.state };
    return {
      // robots-parser answers undefined for a URL of another origin; ours always matches.
      allowed: entry.rules.isAllowed(url.href, ROBOTS_AGENT) !== false,
      crawlDelay: entry.rules.getCrawlDelay(ROBOTS_AGENT),
      state: entry.state,
    };
  }

  private async entry(origin: string, signal?: AbortSignal): Promise<Entry> {
    const cached = this.entries.get(origin);
    if (cached && (cached.loading || cached.expires > this.now())) {
      await cached.loading;
      return cached;
    }
    const entry: Entry = cached ?? { rules: null, state: 'unreachable', expires: 0 };
    const robotsUrl = `${origin}/robots.txt`;
    entry.loading = this.load(robotsUrl, signal)
      .then((answer) => {
        entry.state = answer.state;
        entry.rules = answer.state === 'ok' ? robotsParser(robotsUrl, answer.body) : null;
        entry.expires = this.now() + (answer.state === 'unreachable' ? UNREACHABLE_MS : FRESH_MS);
      })
      .finally(() => {
        entry.loading = undefined;
      });
    this.entries.set(origin, entry);
    try {
      await entry.loading;
    } catch (error) {
      // Cancelled by the caller: nothing learnt, ask again next time.
      this.entries.delete(origin);
      throw error;
    }
    return entry;
  }
}
