import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { OpError } from '../../../shared/errors.js';

/**
 * Addresses a fetched page must never reach unless the person allowed them: the machine itself, its
 * networks, cloud metadata (169.254.169.254), and every range that is not the public internet. A
 * scraped page can carry instructions to the assistant, so "fetch http://10.0.0.1/admin" must fail.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local machine on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated): ::a.b.c.d
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF special purpose (Teredo, benchmarking, ORCHID)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/**
 * True when `address` (an IP literal) is on the public internet. IPv4 inside IPv6 (mapped
 * ::ffff:a.b.c.d — BlockList applies the IPv4 rules to it —, NAT64 64:ff9b::/96, 6to4 2002::/16) is
 * judged by the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !PRIVATE.check(address, 'ipv4');
  if (family !== 6) return false;
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  if (PRIVATE.check(bare, 'ipv6')) return false;
  const embedded = embeddedIpv4(bare);
  return embedded === undefined || !PRIVATE.check(embedded, 'ipv4');
}

function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  if (!words) return undefined;
  // NAT64 (64:ff9b::/96): the last 32 bits; 6to4 (2002::/16): bits 16–48.
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) {
    return toIpv4(words[6] ?? 0, words[7] ?? 0);
  }
  if (words[0] === 0x2002) return toIpv4(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

function toIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (a dotted IPv4 tail included), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headWords.length - tailWords.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const words = [...headWords, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailWords];
  const parsed = words.map((w) => Number.parseInt(w, 16));
  return parsed.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? parsed : undefined;
}

/**
 * The person's exceptions: host names (exact, case-insensitive; "*.example.lan" for a domain's
 * subdomains), IP addresses and CIDR ranges (192.168.1.0/24, fd00::/8). A name on the list may resolve
 * anywhere; an address or range admits whatever name resolves into it.
 */
export class HostAllowlist {
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly addresses = new BlockList();
  private empty = true;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, '');
      if (entry === '') continue;
      this.empty = false;
      const [net, prefixText] = entry.split('/');
      const family = isIP(net ?? '');
      if (family !== 0 && net) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        if (prefixText === undefined) this.addresses.addAddress(net, type);
        else this.addresses.addSubnet(net, Number(prefixText), type);
      } else if (entry.startsWith('*.')) {
        this.suffixes.push(entry.slice(1));
      } else {
        this.names.add(entry.replace(/\.$/, ''));
      }
    }
  }

  /** Checks one entry as the person typed it; the reason when it is not one we understand. */
  static problem(entry: string): string | undefined {
    const text = entry.trim().replace(/^\[|\]$/g, '');
    const [net, prefixText, extra] = text.split('/');
    if (!net || extra !== undefined) return 'Give a host name, an IP address or a range such as 192.168.1.0/24';
    const family = isIP(net);
    if (prefixText !== undefined) {
      const prefix = Number(prefixText);
      const max = family === 4 ? 32 : family === 6 ? 128 : -1;
      if (max < 0) return 'A range needs an IP address before the slash, such as 192.168.1.0/24';
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return `The prefix must be a whole number 0–${max}`;
      return undefined;
    }
    if (family !== 0) return undefined;
    const name = net.startsWith('*.') ? net.slice(2) : net;
    return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(
      name,
    )
      ? undefined
      : `"${entry}" is not a host name`;
  }

  allowsName(hostname: string): boolean {
    if (this.empty) return false;
    const name = hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');
    if (this.names.has(name)) return true;
    return this.suffixes.some((suffix) => name.endsWith(suffix));
  }

  allowsAddress(address: string): boolean {
    if (this.empty) return false;
    const bare = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
    const family = isIP(bare);
    return family !== 0 && this.addresses.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export type Lookup = (
  hostname: string,
  options: { all?: boolean; family?: number | string; hints?: number },
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * Decides which URLs and addresses a fetch may reach: only http and https, and only public addresses
 * unless the person's allowlist says otherwise. The address is checked where the connection is made
 * (`lookup`), so a DNS answer that changes between a check and the connection (rebinding) cannot
 * slip through; redirects are checked hop by hop by the fetcher with `checkUrl`.
 */
export class AddressGuard {
  private readonly allowlist: () => HostAllowlist;
  private readonly resolve: typeof dnsLookup;

  constructor(options: { allowlist: () => HostAllowlist; resolve?: typeof dnsLookup }) {
    this.allowlist = options.allowlist;
    this.resolve = options.resolve ?? dnsLookup;
  }

  /** Parses and checks a URL before anything is sent; refuses what can be refused without DNS. */
  checkUrl(raw: string, field = 'url'): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OpError(
        'invalid_input',
        `"${truncate(raw)}" is not a web address; give a full URL such as https://example.com/page.`,
        [{ path: field, message: 'Not a URL' }],
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OpError(
        'invalid_input',
        `Only http and https pages can be fetched, not ${url.protocol.replace(/:$/, '')}: addresses.`,
        [{ path: field, message: 'Only http and https' }],
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw new OpError(
        'invalid_input',
        'Web addresses with a user name or password in them are not fetched; remove the "user:password@" part.',
        [{ path: field, message: 'Credentials in the URL' }],
      );
    }
    // The URL parser has already turned 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) this.checkAddress(url.hostname, host, field);
    else if (isLocalName(host) && !this.allowlist().allowsName(host))
      throw privateError(url.hostname, undefined, field);
    return url;
  }

  /** Throws unless a connection to `address` (for `hostname`) is allowed. */
  checkAddress(hostname: string, address: string, field = 'url'): void {
    if (isPublicAddress(address)) return;
    const allowlist = this.allowlist();
    if (allowlist.allowsName(hostname) || allowlist.allowsAddress(address)) return;
    throw privateError(hostname, address, field);
  }

  /**
   * A `lookup` for net/tls connections: resolves every address of the name, and fails the connection
   * if any of them is private and not allowed (a name that answers both public and private
   * addresses is how rebinding attacks start).
   */
  readonly lookup: Lookup = (hostname, options, callback) => {
    this.resolve(
      hostname,
      { ...options, all: true } as never,
      (error: NodeJS.ErrnoException | null, found: LookupAddress[]) => {
        if (error) return callback(error, options.all ? [] : '', undefined);
        try {
          if (found.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          for (const entry of found) this.checkAddress(hostname, entry.address);
        } catch (refusal) {
          return callback(refusal as NodeJS.ErrnoException, options.all ? [] : '', undefined);
        }
        if (options.all) return callback(null, found);
        const first = found[0] as LookupAddress;
        return callback(null, first.address, first.family);
      },
    );
  };
}

/** Names that mean this machine or its network whatever DNS says. */
function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name.endsWith('.local') || name.endsWith('.internal');
}

export class PrivateAddressError extends OpError {}

function privateError(hostname: string, address: string | undefined, field: string): OpError {
  const where = address && address !== hostname.replace(/^\[|\]$/g, '') ? `${hostname} (${address})` : hostname;
  return new PrivateAddressError(
    'forbidden',
    `${where} is a private or local address, which Officina does not fetch unless the person allows it ` +
      '(Settings → Scraper → allowed hosts, or `--allow-private-hosts` on the command line).',
    [{ path: field, message: 'Private address' }],
  );
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
