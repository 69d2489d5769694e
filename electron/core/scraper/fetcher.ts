import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent, Response, fetch as undiciFetch } from 'undici';
import { OpError } from '../../../shared/errors.js';
import type { AddressGuard } from './address-guard.js';
import { decode, detectCharset } from './charset.js';
import type { Politeness } from './politeness.js';
import { ROBOTS_AGENT, ROBOTS_MAX_BYTES, RobotsCache, type RobotsAnswer } from './robots.js';

export interface PageRequest {
  url: string;
  signal?: AbortSignal;
  /** The whole request, redirects and body included. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Honour robots.txt (default); a monitor's owner may turn it off for their own site. */
  robots?: boolean;
  /** For monitors: answered 304 (notModified) when the page has not changed since. */
  conditional?: { etag?: string | null; lastModified?: string | null };
  /** Tries after a 429 or 5xx, waiting as the server asks (Retry-After) or backing off. */
  retries?: number;
  /** The input field that gave the URL, for error issues. */
  field?: string;
}

export interface ResourceRequest {
  url: string;
  method: string;
  /** The caller's headers; the User-Agent and Accept-Encoding are always Officina's. */
  headers: Record<string, string>;
  body?: Buffer | string | null | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
  /** 0: a redirect is the answer, not followed. */
  maxRedirects?: number | undefined;
  field?: string | undefined;
}

export interface FetchedResource {
  /** Where the answer came from, after redirects. */
  url: string;
  status: number;
  /** As the server sent them (lower-case names; Set-Cookie once per cookie), the body decompressed. */
  headers: [string, string][];
  body: Buffer;
}

export interface FetchedPage {
  requestedUrl: string;
  /** Where the page was found, after redirects. */
  url: string;
  status: number;
  redirects: string[];
  notModified: boolean;
  /** The media type, lower case, without parameters ('' when the server gave none). */
  mediaType: string;
  charset: string;
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
  /** How long the request took, waits for politeness included. */
  ms: number;
  /** The body as text in its detected charset. */
  text(): string;
}

export const FETCH_DEFAULTS = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  /** A Retry-After longer than this is not waited for: the call fails, saying how long the site asked. */
  maxRetryWaitMs: 30_000,
} as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// 500 is left out: it is usually a bug on the page, not a passing state, and trying again only costs time.
const RETRY = new Set([429, 502, 503, 504]);

/**
 * The one way Officina fetches a page: only addresses the guard allows (checked at connect time, and
 * again for every redirect), robots.txt honoured, per-host politeness, retries that respect
 * Retry-After, a time limit and a size cap, compressed transfer, and the body decoded from the
 * charset the page declares. Every scraper tool and monitor goes through `get`.
 */
export class Fetcher {
  private readonly guard: AddressGuard;
  private readonly politeness: Politeness;
  private readonly robots: RobotsCache;
  readonly userAgent: string;
  /** undici and its connection pool, loaded with the first request (not when Officina starts). */
  private client: Promise<{ agent: Agent; fetch: typeof undiciFetch }> | undefined;
  private readonly maxRetryWaitMs: number;

  constructor(options: { guard: AddressGuard; politeness: Politeness; version: string; maxRetryWaitMs?: number }) {
    this.guard = options.guard;
    this.politeness = options.politeness;
    this.userAgent = `Mozilla/5.0 (compatible; ${ROBOTS_AGENT}/${options.version}; a person's back office fetching pages they asked for)`;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? FETCH_DEFAULTS.maxRetryWaitMs;
    this.robots = new RobotsCache({ load: (url, signal) => this.loadRobots(url, signal) });
  }

  async get(request: PageRequest): Promise<FetchedPage> {
    const started = performance.now();
    const field = request.field ?? 'url';
    const timeoutMs = request.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
    const { signal, timeout, release } = requestSignals(request.signal, timeoutMs);
    const maxRedirects = request.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
    const redirects: string[] = [];
    let url = this.guard.checkUrl(request.url, field);
    const visited = new Set([url.href]);
    try {
      for (;;) {
        if (request.robots !== false) await this.checkRobots(url, field, signal);
        const first = redirects.length === 0;
        const response = await this.withRetries(url, signal, request.retries ?? FETCH_DEFAULTS.retries, () =>
          this.send(url, signal, first ? request.conditional : undefined),
        );
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location) {
          await response.body?.cancel();
          const next = this.followable(url, location, field);
          if (visited.has(next.href)) {
            throw new OpError(
              'external',
              `${request.url} redirects in a loop (${[...redirects, next.href].join(' → ')}).`,
              [{ path: field, message: 'Redirect loop' }],
            );
          }
          redirects.push(next.href);
          visited.add(next.href);
          if (redirects.length > maxRedirects) {
            throw new OpError(
              'external',
              `${request.url} redirects more than ${maxRedirects} times; giving up at ${next.href}.`,
              [{ path: field, message: 'Too many redirects' }],
            );
          }
          url = next;
          continue;
        }
        const body = await readCapped(response, request.maxBytes ?? FETCH_DEFAULTS.maxBytes, url, field, false);
        return page(request.url, url, response, redirects, body, performance.now() - started);
      }
    } catch (error) {
      throw this.explain(error, url, { signal: request.signal, timeout, timeoutMs, field });
    } finally {
      release();
    }
  }

  /**
   * One request that is not a page being read: a file a rendered page asks for, a webhook. The same
   * guard (every hop of a redirect checked, the address checked at connect time), time limit and size
   * cap as `get`; no robots.txt, politeness queue or retries, which belong to reading pages.
   */
  async fetchResource(request: ResourceRequest): Promise<FetchedResource> {
    const field = request.field ?? 'url';
    const timeoutMs = request.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
    const { signal, timeout, release } = requestSignals(request.signal, timeoutMs);
    const maxRedirects = request.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
    let url = this.guard.checkUrl(request.url, field);
    let method = request.method.toUpperCase();
    let body = request.body ?? undefined;
    try {
      for (let hop = 0; ; hop++) {
        const headers: Record<string, string> = {
          ...request.headers,
          'user-agent': this.userAgent,
          'accept-encoding': 'gzip, deflate, br',
        };
        if (body === undefined) delete headers['content-type'];
        const { agent, fetch } = await this.undici();
        const response = await fetch(url, {
          dispatcher: agent,
          redirect: 'manual',
          signal,
          method,
          headers,
          ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        });
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location && hop < maxRedirects) {
          await response.body?.cancel();
          url = this.followable(url, location, field);
          // As browsers do: a 303, or a 301/302 after a POST, continues as a GET without the body.
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        const bytes = await readCapped(response, request.maxBytes ?? FETCH_DEFAULTS.maxBytes, url, field, false);
        const responseHeaders: [string, string][] = [];
        response.headers.forEach((value, name) => responseHeaders.push([name, value]));
        return { url: url.href, status: response.status, headers: responseHeaders, body: bytes };
      }
    } catch (error) {
      throw this.explain(error, url, { signal: request.signal, timeout, timeoutMs, field });
    } finally {
      release();
    }
  }

  /** Parses and checks an address as `get` would, without fetching it. */
  checkUrl(url: string, field = 'url'): URL {
    return this.guard.checkUrl(url, field);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).agent.close();
  }

  private undici() {
    this.client ??= import('undici').then(({ Agent, fetch }) => ({
      agent: new Agent({
        connect: { lookup: this.guard.lookup, timeout: 10_000 },
        keepAliveTimeout: 4_000,
        connections: 16,
      }),
      fetch,
    }));
    return this.client;
  }

  private followable(from: URL, location: string, field: string): URL {
    let next: string;
    try {
      next = new URL(location, from).href;
    } catch {
      throw new OpError('external', `${from.href} redirects to "${location}", which is not a web address.`, [
        { path: field, message: 'Bad redirect' },
      ]);
    }
    // Checked like a URL the caller gave: a public page that redirects to 127.0.0.1 is refused here.
    return this.guard.checkUrl(next, field);
  }

  private async checkRobots(url: URL, field: string, signal: AbortSignal): Promise<void> {
    const verdict = await this.robots.check(url, signal);
    this.politeness.setCrawlDelay(url.host, verdict.crawlDelay);
    if (verdict.allowed) return;
    throw new OpError(
      'forbidden',
      verdict.state === 'unreachable'
        ? `${url.origin}/robots.txt could not be read (the site answered with an error), so Officina does not fetch ${url.href} for now; try again later.`
        : `${url.origin}/robots.txt asks robots not to fetch ${url.pathname}, so Officina does not. A monitor of your own site may be set to ignore robots.txt.`,
      [{ path: field, message: 'Disallowed by robots.txt' }],
    );
  }

  private send(url: URL, signal: AbortSignal, conditional: PageRequest['conditional']): Promise<Response> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
      'accept-language': 'en;q=0.9, *;q=0.5',
      // undici offers brotli only over https by default; pages over http are compressed as well.
      'accept-encoding': 'gzip, deflate, br',
    };
    if (conditional?.etag) headers['if-none-match'] = conditional.etag;
    if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
    return this.politeness.run(
      url.host,
      async () => {
        const { agent, fetch } = await this.undici();
        return fetch(url, { dispatcher: agent, redirect: 'manual', signal, headers });
      },
      signal,
    );
  }

  /** 429, 502, 503 and 504 are tried again: after Retry-After when the server gives one, else 1 s, 2 s, 4 s… */
  private async withRetries(
    url: URL,
    signal: AbortSignal,
    retries: number,
    send: () => Promise<Response>,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await send();
      if (!RETRY.has(response.status) || attempt >= retries) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      const waitMs = asked ?? 1000 * 2 ** attempt + Math.floor(Math.random() * 250);
      if (waitMs > this.maxRetryWaitMs) {
        await response.body?.cancel();
        throw new OpError(
          'external',
          `${url.host} answered ${response.status} and asks to wait ${Math.ceil(waitMs / 1000)} s before trying again; try again later.`,
        );
      }
      // The whole host waits, not only this request: other pages of a crawl would get the same answer.
      if (asked !== undefined || response.status === 429) this.politeness.pause(url.host, Date.now() + waitMs);
      await response.body?.cancel();
      await sleep(waitMs, undefined, { signal });
    }
  }

  private async loadRobots(robotsUrl: string, signal?: AbortSignal): Promise<RobotsAnswer> {
    let request: ReturnType<typeof requestSignals> | undefined;
    try {
      request = requestSignals(signal, FETCH_DEFAULTS.timeoutMs);
      const combined = request.signal;
      let url = this.guard.checkUrl(robotsUrl);
      for (let hop = 0; ; hop++) {
        const response = await this.send(url, combined, undefined);
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location && hop < FETCH_DEFAULTS.maxRedirects) {
          await response.body?.cancel();
          url = this.guard.checkUrl(new URL(location, url).href);
          continue;
        }
        if (response.status >= 400 && response.status < 500) {
          await response.body?.cancel();
          return { state: 'missing', body: '' };
        }
        if (response.status >= 300) {
          await response.body?.cancel();
          return { state: 'unreachable', body: '' };
        }
        const body = await readCapped(response, ROBOTS_MAX_BYTES, url, 'url', true);
        return { state: 'ok', body: body.toString('utf8') };
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // A host the guard refuses is refused as such, not as a robots.txt that could not be read.
      const cause = rootCause(error);
      if (cause instanceof OpError && cause.code === 'forbidden') throw cause;
      // A host that does not answer: its robots.txt is unreachable (RFC 9309: assume nothing is allowed).
      return { state: 'unreachable', body: '' };
    } finally {
      request?.release();
    }
  }

  /** Turns what undici and the guard throw into errors a person can act on. */
  private explain(
    error: unknown,
    url: URL,
    context: { signal: AbortSignal | undefined; timeout: AbortSignal; timeoutMs: number; field: string },
  ): unknown {
    if (context.signal?.aborted) return context.signal.reason;
    if (error instanceof OpError) return error;
    const cause = rootCause(error);
    if (cause instanceof OpError) return cause;
    const issues = [{ path: context.field, message: 'Could not be fetched' }];
    if (context.timeout.aborted) {
      return new OpError('external', `${url.href} did not answer within ${context.timeoutMs / 1000} s.`, issues);
    }
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
    const reason =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `there is no host named ${url.hostname} (or DNS is not reachable)`
        : code === 'ECONNREFUSED'
          ? `${url.host} refused the connection`
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? `${url.host} closed the connection`
            : code === 'UND_ERR_CONNECT_TIMEOUT'
              ? `${url.host} did not accept a connection within 10 s`
              : code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
                ? `${url.host}'s certificate is not valid (${code})`
                : `${(cause as Error | undefined)?.message ?? String(error)}`;
    return new OpError('external', `Could not fetch ${url.href}: ${reason}.`, issues);
  }
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown } | null)?.cause;
    if (next === undefined || next === null) return current;
    current = next;
  }
  return current;
}

/** Reads the body, refusing (or, for robots.txt, cutting) what is larger than `maxBytes`. */
async function readCapped(
  response: Response,
  maxBytes: number,
  url: URL,
  field: string,
  cut: boolean,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new OpError(
      'external',
      `${url.href} is larger than ${formatBytes(maxBytes)}, the most Officina reads of one page.`,
      [{ path: field, message: 'Page too large' }],
    );
  if (!cut && Number.isFinite(declared) && declared > maxBytes && !response.headers.get('content-encoding')) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const bytes = Buffer.from(chunk as Uint8Array);
    if (size + bytes.length > maxBytes) {
      if (cut) {
        chunks.push(bytes.subarray(0, maxBytes - size));
        size = maxBytes;
      }
      await response.body.cancel().catch(() => undefined); // The stream is being abandoned either way.
      if (!cut) throw tooLarge();
      break;
    }
    chunks.push(bytes);
    size += bytes.length;
  }
  return Buffer.concat(chunks, size);
}

function page(
  requestedUrl: string,
  url: URL,
  response: Response,
  redirects: string[],
  body: Buffer,
  ms: number,
): FetchedPage {
  const contentType = response.headers.get('content-type');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const { charset } = detectCharset(body, contentType);
  let text: string | undefined;
  return {
    requestedUrl,
    url: url.href,
    status: response.status,
    redirects,
    notModified: response.status === 304,
    mediaType,
    charset,
    body,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    ms,
    text: () => (text ??= decode(body, charset)),
  };
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * A request's signal: aborted by the caller's signal or at the time limit (then `timeout` is aborted
 * too, with a TimeoutError), and let go with `release` as soon as the request is over. Not
 * AbortSignal.timeout with AbortSignal.any: the timer holds the combined signal for the whole delay
 * (~2 MB for 20 s per 1,000 pages of a crawl), and a combined signal that is never aborted stays
 * tied to the caller's for as long as that lives.
 */
function requestSignals(parent: AbortSignal | undefined, ms: number) {
  const timeout = new AbortController();
  const combined = new AbortController();
  const timer = setTimeout(() => {
    const reason = new DOMException('The operation timed out.', 'TimeoutError');
    timeout.abort(reason);
    combined.abort(reason);
  }, ms);
  timer.unref();
  const onAbort = () => combined.abort(parent?.reason);
  if (parent?.aborted) combined.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: combined.signal,
    timeout: timeout.signal,
    release() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
