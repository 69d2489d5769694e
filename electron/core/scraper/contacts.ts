import { load, type CheerioAPI } from 'cheerio';
import {
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { OpError } from '../../../shared/errors.js';

/** A page or a text to look in; `html` lets links (mailto:, tel:, profiles) count too. */
export interface Source {
  text: string;
  html?: string | undefined;
  url?: string | undefined;
}

// ------------------------------------------------------------------------------------------ emails

export interface FoundEmail {
  email: string;
  /**
   * Where it was seen: 'text', 'mailto', 'obfuscated' ("name [at] host"), 'cloudflare' (data-cfemail),
   * 'structured_data' (JSON-LD, where pages list their people and contact points).
   */
  found_in: 'text' | 'mailto' | 'obfuscated' | 'cloudflare' | 'structured_data';
}

const EMAIL =
  /(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;
const AT = String.raw`\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>|\s+at\s+|\s*&#0*64;\s*)\s*`;
const DOT = String.raw`\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+)\s*`;
const OBFUSCATED = new RegExp(
  String.raw`([a-z0-9][a-z0-9._%+-]{0,63})${AT}((?:[a-z0-9-]{1,63}(?:${DOT}|\.))+[a-z]{2,24})\b`,
  'gi',
);
/** Addresses that are file names or placeholders, not mailboxes. */
const NOT_MAILBOX =
  /\.(png|jpe?g|gif|webp|svg|avif|css|js)$|^(name|email|user|your|you|example)@(example|domain|email)\./i;

/**
 * Email addresses in a page or text: written out, in mailto: links, obfuscated as "name [at] host
 * [dot] com" (a bare "at"/"dot" only between words), and Cloudflare's data-cfemail. Deduplicated
 * (case-insensitively; the first spelling kept), validated, image file names such as logo@2x.png left out.
 */
export function extractEmails(source: Source): FoundEmail[] {
  const found = new Map<string, FoundEmail>();
  const add = (raw: string, where: FoundEmail['found_in']) => {
    const email =
      raw
        .trim()
        .replace(/^mailto:/i, '')
        .split('?')[0]
        ?.trim() ?? '';
    if (!/^[^@\s]+@[^@\s]+$/.test(email) || NOT_MAILBOX.test(email)) return;
    if (!new RegExp(`^${EMAIL.source}$`, 'i').test(email)) return;
    const [local = '', domain = ''] = email.split('@');
    const key = `${local.toLowerCase()}@${domain.toLowerCase()}`;
    if (!found.has(key)) found.set(key, { email: `${local}@${domain.toLowerCase()}`, found_in: where });
  };
  if (source.html) {
    const $ = load(source.html);
    $('a[href^="mailto:" i]').each((_, element) => {
      const href = safeDecode($(element).attr('href') ?? '');
      for (const address of href
        .replace(/^mailto:/i, '')
        .split('?')[0]
        ?.split(',') ?? [])
        add(address, 'mailto');
    });
    $('script[type="application/ld+json"]').each((_, element) => {
      for (const match of $(element).text().matchAll(EMAIL)) add(match[0], 'structured_data');
    });
    $('[data-cfemail]').each((_, element) => {
      const decoded = decodeCloudflare($(element).attr('data-cfemail') ?? '');
      if (decoded) add(decoded, 'cloudflare');
    });
  }
  for (const match of source.text.matchAll(EMAIL)) add(match[0], 'text');
  for (const match of source.text.matchAll(OBFUSCATED)) {
    const domain = (match[2] ?? '').replace(new RegExp(DOT, 'gi'), '.').replace(/\s+/g, '');
    add(`${match[1]}@${domain}`, 'obfuscated');
  }
  return [...found.values()];
}

/** Cloudflare's email protection: hex bytes XORed with the first byte. */
function decodeCloudflare(hex: string): string | undefined {
  if (!/^[0-9a-f]{4,}$/i.test(hex) || hex.length % 2 !== 0) return undefined;
  const key = Number.parseInt(hex.slice(0, 2), 16);
  let out = '';
  for (let i = 2; i < hex.length; i += 2) out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16) ^ key);
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ------------------------------------------------------------------------------------------ phones

export interface FoundPhone {
  /** E.164, e.g. +4930123456. */
  e164: string;
  national: string;
  international: string;
  country: string | null;
  /** libphonenumber's type: MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE, VOIP, … or null. */
  type: string | null;
  /** The text as it was written on the page. */
  raw: string;
  found_in: 'text' | 'tel';
}

/** The region a number without a country code is read in: the caller's, else the page's country domain. */
export function phoneRegion(
  defaultRegion: string | null | undefined,
  url: string | undefined,
  field = 'default_region',
): CountryCode | undefined {
  if (defaultRegion) {
    const region = defaultRegion.trim().toUpperCase();
    if (!isSupportedCountry(region)) {
      throw new OpError(
        'invalid_input',
        `"${defaultRegion}" is not a country code phone numbers know; give a two-letter ISO 3166 code such as US, DE or JP.`,
        [{ path: field, message: 'Unknown region' }],
      );
    }
    return region;
  }
  if (!url) return undefined;
  try {
    const tld = new URL(url).hostname.split('.').pop()?.toUpperCase() ?? '';
    const region = tld === 'UK' ? 'GB' : tld;
    return region.length === 2 && isSupportedCountry(region) ? region : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Phone numbers of any country in a page or text (libphonenumber-js with full metadata, so the type
 * is known), and tel: links. Numbers without a country code are read in `region`; without one only
 * international numbers are found. Deduplicated by E.164.
 */
export function extractPhones(source: Source, region: CountryCode | undefined): FoundPhone[] {
  const found = new Map<string, FoundPhone>();
  const add = (phone: PhoneNumber | undefined, raw: string, where: FoundPhone['found_in']) => {
    if (!phone?.isValid() || found.has(phone.number)) return;
    found.set(phone.number, {
      e164: phone.number,
      national: phone.formatNational(),
      international: phone.formatInternational(),
      country: phone.country ?? null,
      type: phone.getType() ?? null,
      raw: raw.trim(),
      found_in: where,
    });
  };
  if (source.html) {
    const $ = load(source.html);
    $('a[href^="tel:" i]').each((_, element) => {
      const raw = safeDecode(($(element).attr('href') ?? '').replace(/^tel:/i, ''));
      add(parsePhoneNumberFromString(raw, region), raw, 'tel');
    });
  }
  for (const match of findPhoneNumbersInText(source.text, region ? { defaultCountry: region } : undefined)) {
    add(match.number, source.text.slice(match.startsAt, match.endsAt), 'text');
  }
  return [...found.values()];
}

// ------------------------------------------------------------------------------------------ social

export interface SocialProfile {
  network: string;
  /** The profile's address, normalised: https, no www., no tracking query, no trailing slash. */
  url: string;
  handle: string | null;
}

interface Network {
  name: string;
  hosts: string[];
  /** The profile's handle from the path segments, or undefined when the link is not a profile. */
  profile(segments: string[], url: URL): string | undefined;
}

const RESERVED_X = new Set([
  'intent',
  'share',
  'home',
  'search',
  'hashtag',
  'i',
  'explore',
  'settings',
  'login',
  'signup',
  'tos',
  'privacy',
]);
const RESERVED_FACEBOOK = new Set([
  'sharer',
  'sharer.php',
  'share.php',
  'dialog',
  'plugins',
  'login',
  'login.php',
  'policies',
  'help',
  'privacy',
  'tr',
]);
const RESERVED_INSTAGRAM = new Set(['p', 'reel', 'reels', 'explore', 'accounts', 'about', 'legal', 'stories']);
const RESERVED_GITHUB = new Set([
  'login',
  'features',
  'pricing',
  'about',
  'topics',
  'explore',
  'marketplace',
  'sponsors',
  'settings',
  'orgs',
  'apps',
]);

const single = (reserved: Set<string>) => (segments: string[]) => {
  const first = segments[0];
  return first && !reserved.has(first.toLowerCase()) ? first.replace(/^@/, '') : undefined;
};

const NETWORKS: Network[] = [
  { name: 'x', hosts: ['x.com', 'twitter.com'], profile: single(RESERVED_X) },
  {
    name: 'linkedin',
    hosts: ['linkedin.com'],
    profile: (s) =>
      ['in', 'company', 'school', 'showcase'].includes(s[0] ?? '') && s[1] ? `${s[0]}/${s[1]}` : undefined,
  },
  {
    name: 'facebook',
    hosts: ['facebook.com', 'fb.com'],
    profile: (s, url) => {
      if (s[0] === 'profile.php') return url.searchParams.get('id') ?? undefined;
      if (s[0] === 'pages' && s[1]) return s.slice(1, 3).join('/');
      return single(RESERVED_FACEBOOK)(s);
    },
  },
  { name: 'instagram', hosts: ['instagram.com'], profile: single(RESERVED_INSTAGRAM) },
  {
    name: 'youtube',
    hosts: ['youtube.com'],
    profile: (s) => {
      if (s[0]?.startsWith('@')) return s[0];
      if (['channel', 'c', 'user'].includes(s[0] ?? '') && s[1]) return `${s[0]}/${s[1]}`;
      return undefined;
    },
  },
  {
    name: 'tiktok',
    hosts: ['tiktok.com'],
    profile: (s) => (s[0]?.startsWith('@') && s.length === 1 ? s[0] : undefined),
  },
  { name: 'github', hosts: ['github.com'], profile: (s) => (s.length <= 2 ? single(RESERVED_GITHUB)(s) : undefined) },
  {
    name: 'bluesky',
    hosts: ['bsky.app'],
    profile: (s) => (s[0] === 'profile' && s[1] && s.length === 2 ? s[1] : undefined),
  },
  {
    name: 'threads',
    hosts: ['threads.net', 'threads.com'],
    profile: (s) => (s[0]?.startsWith('@') && s.length === 1 ? s[0] : undefined),
  },
  {
    name: 'pinterest',
    hosts: ['pinterest.com'],
    profile: (s) => (s.length === 1 ? single(new Set(['pin', 'search', 'ideas']))(s) : undefined),
  },
];

/** Well-known Mastodon servers; any other server counts when the link says rel="me" and reads /@name. */
const MASTODON_HOSTS = new Set([
  'mastodon.social',
  'mastodon.online',
  'fosstodon.org',
  'hachyderm.io',
  'mstdn.social',
  'infosec.exchange',
  'techhub.social',
  'mas.to',
  'social.vivaldi.net',
]);

/**
 * Links to social profiles in a page, per network, normalised and deduplicated; share and intent
 * buttons (twitter.com/intent, facebook.com/sharer…) and links to single posts are not profiles.
 */
export function extractSocialProfiles(html: string, pageUrl: string | undefined): SocialProfile[] {
  const $: CheerioAPI = load(html);
  const found = new Map<string, SocialProfile>();
  $('a[href], link[rel~="me"][href]').each((_, element) => {
    let url: URL;
    try {
      url = new URL($(element).attr('href') ?? '', pageUrl ?? 'https://invalid.invalid/');
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|web)\./, '');
    const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
    const relMe = /\bme\b/.test($(element).attr('rel') ?? '');
    let network: string | undefined;
    let handle: string | undefined;
    const known = NETWORKS.find((n) => n.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
    if (known) {
      network = known.name;
      handle = known.profile(segments, url);
    } else if (segments.length === 1 && segments[0]?.startsWith('@') && (MASTODON_HOSTS.has(host) || relMe)) {
      network = 'mastodon';
      handle = `${segments[0]}@${host}`;
    }
    if (!network || !handle) return;
    const normalised = new URL(`https://${host === 'twitter.com' ? 'x.com' : host}${url.pathname.replace(/\/+$/, '')}`);
    if (network === 'facebook' && segments[0] === 'profile.php') normalised.search = `?id=${handle}`;
    const key = `${network}:${handle.toLowerCase()}`;
    if (!found.has(key)) found.set(key, { network, url: normalised.href, handle });
  });
  return [...found.values()];
}

// ---------------------------------------------------------------------------------------- people

export interface ContactHint {
  name?: string;
  phone?: string;
}

/** Link texts that say what a mailto link does, not whose address it is. */
const NOT_A_NAME = /^(e-?mail|mail|contact|write|send|kontakt|contactez|escr[ií]banos|info|here|click|us|me)\b/i;

/**
 * What a page says about the owners of its email addresses: names and phones from JSON-LD (Person,
 * Organization, ContactPoint…, nested or in @graph) and a mailto link's text when it reads as a name.
 */
export function contactHints(html: string): Map<string, ContactHint> {
  const hints = new Map<string, ContactHint>();
  const add = (email: unknown, hint: ContactHint) => {
    if (typeof email !== 'string') return;
    const key = email
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase();
    if (!key.includes('@')) return;
    const known = hints.get(key) ?? {};
    hints.set(key, { name: known.name ?? hint.name, phone: known.phone ?? hint.phone });
  };
  const $ = load(html);
  const visit = (node: unknown, parentName: string | undefined, depth: number) => {
    if (depth > 8 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, parentName, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const name = typeof record['name'] === 'string' ? record['name'].trim() : parentName;
    const phone = typeof record['telephone'] === 'string' ? record['telephone'] : undefined;
    add(record['email'], { name, phone });
    for (const value of Object.values(record)) if (typeof value === 'object') visit(value, name, depth + 1);
  };
  $('script[type="application/ld+json"]').each((_, element) => {
    try {
      visit(JSON.parse($(element).text()), undefined, 0);
    } catch {
      // Not JSON: the page's other hints still count.
    }
  });
  $('a[href^="mailto:" i]').each((_, element) => {
    const text = $(element).text().replace(/\s+/g, ' ').trim();
    const email = safeDecode(($(element).attr('href') ?? '').replace(/^mailto:/i, '').split('?')[0] ?? '');
    if (text.length < 3 || text.length > 60 || text.includes('@') || NOT_A_NAME.test(text)) return;
    if (!/^[\p{L}][\p{L}\p{M}'’. -]*$/u.test(text)) return;
    add(email, { name: text });
  });
  return hints;
}

/** "jane.doe@…" → "Jane Doe"; "info@firma.de" → "Firma" (a role address is the organisation). */
export function nameFromEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const role = /^(info|hello|hallo|contact|kontakt|office|mail|sales|support|team|service|admin|orders?|shop)$/i;
  const words = role.test(local) ? [domain.split('.').slice(-2, -1)[0] ?? domain] : local.split(/[._+-]+/);
  const name = words
    .filter((w) => w && !/^\d+$/.test(w))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
  return name || email;
}
