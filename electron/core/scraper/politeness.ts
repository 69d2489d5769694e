export interface PolitenessRules {
  /** Requests to one host at the same time. */
  concurrency: number;
  /** At least this long between the starts of two requests to one host. */
  delayMs: number;
}

export const DEFAULT_POLITENESS: PolitenessRules = { concurrency: 2, delayMs: 500 };

/** Longest Crawl-delay honoured; a site asking for more is fetched at this pace (and says so). */
export const MAX_CRAWL_DELAY_MS = 30_000;

interface HostState {
  active: number;
  /** Earliest start of the next request. */
  nextAt: number;
  /** A 429 or 503 asked every request to this host to wait until then. */
  blockedUntil: number;
  crawlDelayMs: number;
  waiting: { resolve: () => void; reject: (reason: unknown) => void; signal: AbortSignal | undefined }[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Per-host pacing: a few requests at a time and a gap between their starts (the larger of ours and
 * the site's Crawl-delay), and a pause for the whole host after it answers "slow down". Waiters are
 * served in arrival order; a cancelled waiter leaves the queue.
 */
export class Politeness {
  private readonly hosts = new Map<string, HostState>();
  private readonly rules: (host: string) => PolitenessRules;
  private readonly now: () => number;

  constructor(options: { rules: (host: string) => PolitenessRules; now?: () => number }) {
    this.rules = options.rules;
    this.now = options.now ?? Date.now;
  }

  /** Runs `task` when `host` may take another request. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(host, signal);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  setCrawlDelay(host: string, seconds: number | undefined): void {
    const state = this.state(host);
    state.crawlDelayMs =
      seconds !== undefined && Number.isFinite(seconds) && seconds > 0
        ? Math.min(seconds * 1000, MAX_CRAWL_DELAY_MS)
        : 0;
  }

  /** The host asked us to wait (Retry-After); nothing more goes there until then. */
  pause(host: string, untilMs: number): void {
    const state = this.state(host);
    state.blockedUntil = Math.max(state.blockedUntil, untilMs);
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, nextAt: 0, blockedUntil: 0, crawlDelayMs: 0, waiting: [], timer: undefined };
      this.hosts.set(host, state);
    }
    return state;
  }

  private acquire(host: string, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    const state = this.state(host);
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject, signal };
      state.waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = state.waiting.indexOf(waiter);
          if (index >= 0) {
            state.waiting.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      this.pump(host, state);
    });
  }

  private release(host: string): void {
    const state = this.state(host);
    state.active--;
    this.pump(host, state);
    if (state.active === 0 && state.waiting.length === 0 && state.timer === undefined) {
      // Forget idle hosts once their pacing no longer matters, so a long crawl does not grow the map.
      const idleFor = Math.max(state.nextAt, state.blockedUntil) - this.now();
      if (idleFor <= 0 && state.crawlDelayMs === 0) this.hosts.delete(host);
    }
  }

  private pump(host: string, state: HostState): void {
    if (state.timer !== undefined) return;
    const rules = this.rules(host);
    while (state.waiting.length > 0 && state.active < Math.max(1, rules.concurrency)) {
      const now = this.now();
      const startAt = Math.max(state.nextAt, state.blockedUntil);
      if (startAt > now) {
        state.timer = setTimeout(() => {
          state.timer = undefined;
          this.pump(host, state);
        }, startAt - now);
        return;
      }
      const waiter = state.waiting.shift();
      if (!waiter) return;
      state.active++;
      state.nextAt = now + Math.max(rules.delayMs, state.crawlDelayMs);
      waiter.resolve();
    }
  }
}
