import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An address people reach `serve` at through a reverse proxy (`--public-origin
 * https://office.example.com`), as the browser's Origin names it: scheme, host and port, no path.
 * Throws a sentence for anything else.
 */
export function parsePublicOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`--public-origin must be an address such as https://office.example.com, not "${text}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`--public-origin must start with https:// or http://, not "${text}".`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(
      `--public-origin is the address alone, without a path, query or user (such as ${url.origin}), not "${text}".`,
    );
  }
  return url.origin;
}

/**
 * DNS-rebinding and CSRF protection. The Host header must name this server: its bind host, a
 * loopback alias, an --allowed-host or a --public-origin's host. A browser's Origin, when sent, must
 * be this server as the browser reached it: a --public-origin (a TLS proxy in front), an allowed name
 * on the port serve listens on, or exactly the request's own Host (a port mapped to another number,
 * `docker run -p 8080:7411` or `kubectl port-forward`: the browser sends Host and Origin with the
 * outside port; the Host was checked above, so this accepts no foreign page). A public origin's host
 * is served at that origin only (not over plain http, not on another port).
 */
export class HostPolicy {
  private readonly names: Set<string>;
  private readonly publicOrigins: Set<string>;
  /** The host names of the public origins: pages there are ours only at exactly those origins. */
  private readonly publicNames: Set<string>;
  private readonly port: () => number;

  constructor(
    bindHost: string,
    allowedHosts: readonly string[],
    port: () => number,
    publicOrigins: readonly string[] = [],
  ) {
    this.publicOrigins = new Set(publicOrigins.map(parsePublicOrigin));
    this.publicNames = new Set([...this.publicOrigins].map((origin) => new URL(origin).hostname));
    this.names = new Set(
      [bindHost, ...LOOPBACK_NAMES, ...allowedHosts, ...this.publicNames].map((h) => h.toLowerCase()),
    );
    this.port = port;
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    if (!host) return false;
    return this.names.has(hostname(host));
  }

  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.publicOrigins.has(url.origin)) return true;
    // Behind a TLS proxy, http://office.example.com is not the site people use: a page there is not ours.
    if (this.publicNames.has(url.hostname)) return false;
    if (!this.names.has(url.hostname.toLowerCase())) return false;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (port === this.port()) return true;
    // The page's origin is the address the request came to: the same host and port as its Host header.
    const host = req.headers.host;
    return host !== undefined && sameHostAndPort(url, host);
  }
}

/** Whether a Host header names the origin's host and port (a Host without a port means the scheme's). */
function sameHostAndPort(origin: URL, hostHeader: string): boolean {
  let asked: URL;
  try {
    asked = new URL(`${origin.protocol}//${hostHeader}`);
  } catch {
    return false;
  }
  return asked.host === origin.host && asked.pathname === '/' && !asked.username && !asked.password;
}

function hostname(hostHeader: string): string {
  const lower = hostHeader.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}
