import { OpError } from '../../../../shared/errors.js';
import type { FetchedResource, ResourceRequest } from '../fetcher.js';

/** What one rendered page may cost: wall time, requests and bytes of everything it loads. */
export interface RenderBudget {
  timeMs: number;
  requests: number;
  bytes: number;
  /** The page counts as finished once nothing has been loading for this long after its load event. */
  quietMs: number;
}

export const RENDER_BUDGET: RenderBudget = {
  timeMs: 20_000,
  requests: 150,
  bytes: 20 * 1024 * 1024,
  quietMs: 500,
};

/** The page as the static fetch found it: served to the browser as is, so it is fetched once. */
export interface RenderDocument {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** A request the browser wants to make, as both renderers (Playwright's and Electron's) see it. */
export interface BrowserRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Chromium's resource type: document, script, xhr, fetch, image, … */
  resourceType: string;
  /** A navigation of the top-level page (not of a frame inside it). */
  mainFrameNavigation: boolean;
}

export type BrowserAnswer =
  { kind: 'fulfil'; status: number; headers: Record<string, string>; body: Buffer } | { kind: 'abort'; reason: string };

export interface ResourceFetcher {
  fetchResource(request: ResourceRequest): Promise<FetchedResource>;
}

/** Not needed to read a page's text, and each one a request Officina would make on the page's behalf. */
const SKIPPED_TYPES = new Set(['image', 'media', 'font', 'ping', 'manifest', 'texttrack', 'other']);
/** Reading a page does not send data for it: no PUT, DELETE, PATCH… (forms and data APIs POST; that stays). */
const METHODS = new Set(['GET', 'HEAD', 'POST']);
/** Hop-by-hop and framing headers: the body handed to the browser is whole and decompressed. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'trailer',
  'upgrade',
]);
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'accept-encoding',
  'user-agent',
  'proxy-authorization',
  'proxy-connection',
]);

/**
 * One page being rendered: every request its browser makes comes here and is answered through
 * Officina's own fetcher (the address guard, time limits and size caps of every fetch), never by the
 * browser's network stack, so a script cannot reach an address the person did not allow — not even
 * through DNS that answers differently for the browser (rebinding). It keeps the page's budget and
 * knows when the page has gone quiet. Electron-free: the desktop's renderer uses it the same way.
 */
export class RenderSession {
  readonly document: RenderDocument;
  readonly budget: RenderBudget;
  private readonly fetcher: ResourceFetcher;
  private readonly signal: AbortSignal;
  /** When the page began loading (reset by `begin`): waiting for a browser to start is not its time. */
  private started = Date.now();
  private documentServed = false;
  private requests = 0;
  private bytes = 0;
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly refused = new Map<string, string>();
  private readonly notes = new Set<string>();

  constructor(options: {
    document: RenderDocument;
    fetcher: ResourceFetcher;
    budget?: RenderBudget | undefined;
    signal: AbortSignal;
  }) {
    this.document = options.document;
    this.fetcher = options.fetcher;
    this.budget = options.budget ?? RENDER_BUDGET;
    this.signal = options.signal;
  }

  /** The page starts loading now: its time budget counts from here. */
  begin(): void {
    this.started = Date.now();
    this.lastActivity = this.started;
  }

  /** Milliseconds left of the page's time budget. */
  remainingMs(): number {
    return Math.max(0, this.started + this.budget.timeMs - Date.now());
  }

  async handle(request: BrowserRequest): Promise<BrowserAnswer> {
    if (request.mainFrameNavigation && !this.documentServed && sameDocument(request.url, this.document.url)) {
      this.documentServed = true;
      this.lastActivity = Date.now();
      return {
        kind: 'fulfil',
        status: this.document.status,
        headers: { 'content-type': this.document.contentType || 'text/html' },
        body: this.document.body,
      };
    }
    if (this.signal.aborted || this.remainingMs() === 0) return { kind: 'abort', reason: 'timedout' };
    if (!/^https?:/i.test(request.url)) {
      // data: and blob: never reach the network; anything else (file:, chrome:, ftp:) is not fetched.
      this.refuse(request.url, 'only http and https are fetched');
      return { kind: 'abort', reason: 'accessdenied' };
    }
    if (SKIPPED_TYPES.has(request.resourceType)) return { kind: 'abort', reason: 'blockedbyclient' };
    const method = request.method.toUpperCase();
    if (!METHODS.has(method)) {
      this.notes.add(`The page tried to send a ${method} request; Officina does not send those for a page it reads.`);
      return { kind: 'abort', reason: 'blockedbyclient' };
    }
    if (++this.requests > this.budget.requests) {
      this.notes.add(`The page asked for more than ${this.budget.requests} files; the rest were not loaded.`);
      return { kind: 'abort', reason: 'blockedbyclient' };
    }
    const bytesLeft = this.budget.bytes - this.bytes;
    if (bytesLeft <= 0) {
      this.notes.add(
        `The page loaded more than ${Math.round(this.budget.bytes / 1048576)} MB; the rest was not loaded.`,
      );
      return { kind: 'abort', reason: 'blockedbyclient' };
    }
    this.inFlight++;
    this.lastActivity = Date.now();
    try {
      const answer = await this.fetcher.fetchResource({
        url: request.url,
        method,
        headers: forwardedHeaders(request.headers),
        body: request.body,
        signal: this.signal,
        timeoutMs: Math.max(1, Math.min(this.remainingMs(), 15_000)),
        maxBytes: Math.min(bytesLeft, 5 * 1024 * 1024),
      });
      this.bytes += answer.body.length;
      return { kind: 'fulfil', status: answer.status, headers: responseHeaders(answer.headers), body: answer.body };
    } catch (error) {
      const reason = error instanceof OpError ? error.message : String((error as Error)?.message ?? error);
      if (error instanceof OpError && error.code === 'forbidden') {
        this.refuse(request.url, reason);
        return { kind: 'abort', reason: 'accessdenied' };
      }
      return { kind: 'abort', reason: 'failed' };
    } finally {
      this.inFlight--;
      this.lastActivity = Date.now();
    }
  }

  /**
   * Resolves when the page has had nothing loading for `quietMs`, or its time is up (then `false`).
   * Polled, because requests start and end in the browser's own rhythm.
   */
  async quiet(): Promise<boolean> {
    // From the load event on: requests the page starts then reach the handler a moment later.
    this.lastActivity = Date.now();
    for (;;) {
      if (this.signal.aborted) throw this.signal.reason;
      if (this.remainingMs() === 0) return false;
      if (this.inFlight === 0 && Date.now() - this.lastActivity >= this.budget.quietMs) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sentences for the result's warnings: what was refused or left out. */
  warnings(): string[] {
    const out = [...this.notes];
    if (this.refused.size > 0) {
      const list = [...this.refused.keys()].slice(0, 5).join(', ');
      out.push(
        `The page’s scripts tried to reach ${list}${this.refused.size > 5 ? ` and ${this.refused.size - 5} more` : ''}, ` +
          'which Officina refused (private or local addresses, or not http).',
      );
    }
    return out;
  }

  /** The addresses refused, for tests and logs. */
  refusedUrls(): string[] {
    return [...this.refused.keys()];
  }

  private refuse(url: string, reason: string): void {
    if (this.refused.size < 100) this.refused.set(shorten(url), reason);
  }
}

function sameDocument(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    left.hash = '';
    right.hash = '';
    return left.href === right.href;
  } catch {
    return false;
  }
}

function forwardedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!DROPPED_REQUEST_HEADERS.has(key) && !key.startsWith(':')) out[key] = value;
  }
  return out;
}

function responseHeaders(headers: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (DROPPED_RESPONSE_HEADERS.has(key)) continue;
    // Several Set-Cookie lines travel joined by newlines (Playwright's and Electron's convention).
    out[key] = key in out ? `${out[key]}${key === 'set-cookie' ? '\n' : ', '}${value}` : value;
  }
  return out;
}

function shorten(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : `${parsed.protocol}…`;
  } catch {
    return url.slice(0, 60);
  }
}
