import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * DNS-rebinding protection: the Host header must name this server (its bind host, a loopback alias or
 * an --allowed-host), and a browser's Origin, when sent, must be this server too.
 */
export class HostPolicy {
  private readonly names: Set<string>;
  private readonly port: () => number;

  constructor(bindHost: string, allowedHosts: readonly string[], port: () => number) {
    this.names = new Set([bindHost, ...LOOPBACK_NAMES, ...allowedHosts].map((h) => h.toLowerCase()));
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
    try {
      const url = new URL(origin);
      const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        this.names.has(url.hostname.toLowerCase()) &&
        port === this.port()
      );
    } catch {
      return false;
    }
  }
}

function hostname(hostHeader: string): string {
  const lower = hostHeader.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}
