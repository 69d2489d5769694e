import { load, type CheerioAPI } from 'cheerio';
import TurndownService from 'turndown';
import { probablyReaderable, readableArticle, type LightNode } from './readable.js';

export type ContentFormat = 'text' | 'markdown' | 'html';

/** What to take from matches of a CSS selector: their text, or an attribute (href, src… made absolute). */
export interface SelectorSpec {
  selector: string;
  attribute?: string | null | undefined;
}

export interface ExtractOptions {
  /** The page's final URL, for relative links. */
  url: string;
  format: ContentFormat;
  selectors?: Record<string, string | SelectorSpec> | undefined;
  links?: boolean;
  images?: boolean;
  /** Readable main content (Readability); off when only selectors or metadata are wanted. */
  content?: boolean;
  /** CSS selectors of parts taken out before anything is read (a monitor's ignore rules). */
  remove?: readonly string[] | undefined;
}

export interface PageLink {
  url: string;
  text: string;
  internal: boolean;
  rel: string | null;
}

export interface ExtractedPage {
  title: string | null;
  description: string | null;
  language: string | null;
  canonical_url: string | null;
  /** og:* and twitter:* properties, without their prefix repeated (og:title → "og:title"). */
  open_graph: Record<string, string>;
  json_ld: unknown[];
  content: string | null;
  /** Whether `content` is the page's main text (Readability found an article) or all of its text. */
  content_source: 'readability' | 'body' | null;
  links: PageLink[] | null;
  images: { url: string; alt: string }[] | null;
  selectors: Record<string, string[]> | null;
  warnings: string[];
}

const MAX_LINKS = 2_000;
const MAX_IMAGES = 500;
const MAX_MATCHES = 1_000;

/**
 * Reads a fetched HTML page: metadata, OpenGraph and JSON-LD, links and images (absolute,
 * deduplicated), values for CSS selectors (cheerio), and the readable main content (Mozilla
 * Readability) as text, Markdown or HTML. The page is parsed once, by htmlparser2 (several times
 * faster than a full HTML5 parser, and forgiving enough for reading pages); Readability reads a
 * copy of that tree (readable.ts). Pure: no I/O, so it can run in a worker.
 */
export function extractPage(html: string, options: ExtractOptions): ExtractedPage {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } }, true);
  if (options.remove?.length) $(options.remove.join(', ')).remove();
  const warnings: string[] = [];
  const { base: declaredBase, ...meta } = metadata($, warnings);
  const base = baseUrl(declaredBase, options.url);
  const selectors = options.selectors ? runSelectors($, options.selectors, base) : null;
  const pageLinks = options.links ? links($, base, new URL(options.url)) : null;
  const pageImages = options.images ? images($, base) : null;
  let content: string | null = null;
  let source: ExtractedPage['content_source'] = null;
  if (options.content !== false) {
    // Last: Readability reads its own copy, but the body text (no article) changes cheerio's tree.
    const readable = readableContent($, options.url, options.format);
    content = readable?.content ?? bodyText($, options.format);
    source = readable ? 'readability' : 'body';
  }
  return {
    ...meta,
    title: meta.title,
    content,
    content_source: source,
    links: pageLinks,
    images: pageImages,
    selectors,
    warnings,
  };
}

function baseUrl(declared: string | undefined, pageUrl: string): URL {
  if (declared) {
    try {
      const base = new URL(declared, pageUrl);
      if (base.protocol === 'http:' || base.protocol === 'https:') return base;
    } catch {
      // An unusable <base> is ignored, as browsers do.
    }
  }
  return new URL(pageUrl);
}

function absolute(href: string | undefined, base: URL): URL | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'poster', 'data-src', 'cite']);

function runSelectors(
  $: CheerioAPI,
  selectors: Record<string, string | SelectorSpec>,
  base: URL,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(selectors)) {
    const { selector, attribute } = typeof spec === 'string' ? { selector: spec, attribute: undefined } : spec;
    const values: string[] = [];
    $(selector).each((_, element) => {
      if (values.length >= MAX_MATCHES) return false;
      if (attribute) {
        const value = $(element).attr(attribute);
        if (value === undefined) return;
        values.push(URL_ATTRIBUTES.has(attribute.toLowerCase()) ? (absolute(value, base)?.href ?? value) : value);
      } else {
        values.push(collapse($(element).text()));
      }
      return;
    });
    out[name] = values;
  }
  return out;
}

/**
 * Title, description, language, canonical address, OpenGraph (og:, twitter:, article:) and JSON-LD,
 * from one pass over the page's <title>, <meta>, <link> and <script> elements: a selector per field
 * walked the whole page once each, a tenth of a large page's reading.
 */
function metadata($: CheerioAPI, warnings: string[]) {
  let headTitle: string | undefined;
  let anyTitle: string | undefined;
  let description: string | null = null;
  let canonical: string | null = null;
  let language: string | undefined;
  let base: string | undefined;
  const openGraph: Record<string, string> = {};
  const jsonLd: unknown[] = [];
  let jsonLdBlocks = 0;
  $('html, base, title, meta, link, script').each((_, element) => {
    const attribs = element.attribs;
    switch (element.name) {
      case 'html':
        language ??= attribs['lang'] ?? '';
        break;
      case 'base':
        if (attribs['href'] !== undefined) base ??= attribs['href'];
        break;
      case 'title': {
        const text = $(element).text();
        if (headTitle === undefined && element.parent?.type === 'tag' && element.parent.name === 'head')
          headTitle = text;
        anyTitle ??= text;
        break;
      }
      case 'meta': {
        const content = attribs['content'];
        const name = attribs['name'];
        if (description === null && name?.toLowerCase() === 'description' && content) description = collapse(content);
        const key = (attribs['property'] ?? name ?? '').toLowerCase();
        if (
          content &&
          (key.startsWith('og:') || key.startsWith('twitter:') || key.startsWith('article:')) &&
          !(key in openGraph)
        ) {
          openGraph[key] = collapse(content);
        }
        break;
      }
      case 'link':
        if (canonical === null && attribs['href'] !== undefined && /(^|\s)canonical(\s|$)/.test(attribs['rel'] ?? '')) {
          canonical = attribs['href'];
        }
        break;
      case 'script': {
        if (attribs['type']?.toLowerCase() !== 'application/ld+json') break;
        const index = ++jsonLdBlocks;
        const text = $(element).text().trim();
        if (!text) break;
        try {
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed)) jsonLd.push(...parsed);
          else jsonLd.push(parsed);
        } catch {
          warnings.push(`JSON-LD block ${index} is not valid JSON and was left out.`);
        }
        break;
      }
    }
  });
  return {
    title: collapse(headTitle || anyTitle || '') || openGraph['og:title'] || null,
    description: description ?? openGraph['og:description'] ?? null,
    language: language?.trim() || null,
    canonical_url: canonical,
    open_graph: openGraph,
    json_ld: jsonLd,
    base,
  };
}

function links($: CheerioAPI, base: URL, page: URL): PageLink[] {
  const seen = new Map<string, PageLink>();
  $('a[href], area[href]').each((_, element) => {
    if (seen.size >= MAX_LINKS) return false;
    const url = absolute($(element).attr('href'), base);
    if (!url) return;
    url.hash = '';
    if (seen.has(url.href)) return;
    seen.set(url.href, {
      url: url.href,
      text: collapse($(element).text()) || collapse($(element).attr('title') ?? $(element).attr('aria-label') ?? ''),
      internal: url.host === page.host,
      rel: $(element).attr('rel') ?? null,
    });
    return;
  });
  return [...seen.values()];
}

function images($: CheerioAPI, base: URL): { url: string; alt: string }[] {
  const seen = new Map<string, { url: string; alt: string }>();
  $('img').each((_, element) => {
    if (seen.size >= MAX_IMAGES) return false;
    const src = $(element).attr('src') ?? $(element).attr('data-src') ?? $(element).attr('srcset')?.split(/\s+/)[0];
    const url = absolute(src, base);
    if (url && !seen.has(url.href)) seen.set(url.href, { url: url.href, alt: collapse($(element).attr('alt') ?? '') });
    return;
  });
  return [...seen.values()];
}

function bodyText($: CheerioAPI, format: ContentFormat): string {
  $('script, style, noscript, template').remove();
  // htmlparser2 adds no <body> to a page that leaves it out: then the whole page is its body.
  // (The root is a document, not an element, but answers html(), find() and text() alike.)
  const body = $('body').length > 0 ? $('body').first() : ($.root() as unknown as ReturnType<CheerioAPI>);
  if (format === 'html') return body.html()?.trim() ?? '';
  if (format === 'markdown') return turndown().turndown(body.html() ?? '');
  return blockText($, body);
}

const BLOCKS =
  'p, div, section, article, main, header, footer, aside, nav, h1, h2, h3, h4, h5, h6, li, dt, dd, tr, blockquote, pre, figure, figcaption, table, ul, ol, dl, hr';

/** The text of `root` with a line break around each block, so paragraphs do not run together. */
function blockText($: CheerioAPI, root: ReturnType<CheerioAPI>): string {
  root.find('br').replaceWith('\n');
  root.find(BLOCKS).each((_, element) => {
    $(element).prepend('\n').append('\n');
  });
  return collapseBlocks(root.text());
}

/** Text with its paragraphs kept: runs of blank lines become one, spaces within a line one. */
function collapseBlocks(text: string): string {
  return text
    .split(/\n/)
    .map((line) => line.replace(/[ \t\f\v\r\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function readableContent($: CheerioAPI, url: string, format: ContentFormat): { content: string } | undefined {
  // Readability always returns something; on a page that is not an article (a product grid, a
  // contact page) that something is a fragment, and the whole text serves better.
  if (!probablyReaderable($)) return undefined;
  // The article as the element itself: text is read straight off it (re-parsing a 300 KB page's
  // article as HTML cost a tenth of its reading); Markdown from its HTML, which turndown parses.
  const root = readableArticle($, url);
  if (!root) return undefined;
  if (format === 'html') return { content: root.innerHTML.trim() };
  if (format === 'markdown') return { content: turndown().turndown(root.innerHTML).trim() };
  return { content: collapseBlocks(domText(root)) };
}

/** What the article's text walk needs of a node of Readability's light DOM. */
type DomNode = Pick<LightNode, 'nodeType' | 'nodeName' | 'textContent'> & { childNodes: ArrayLike<DomNode> };

const BLOCK_TAGS = new Set(BLOCKS.split(',').map((tag) => tag.trim().toUpperCase()));
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/** The text of an element, a line break around each block (as blockText does on cheerio's tree). */
function domText(root: DomNode): string {
  const out: string[] = [];
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      out.push(node.textContent);
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    if (node.nodeName === 'BR') {
      out.push('\n');
      return;
    }
    if (SKIPPED_TAGS.has(node.nodeName)) return;
    const block = BLOCK_TAGS.has(node.nodeName);
    if (block) out.push('\n');
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i] as DomNode);
    if (block) out.push('\n');
  };
  walk(root);
  return out.join('');
}

let turndownService: TurndownService | undefined;
function turndown(): TurndownService {
  turndownService ??= new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
  }).remove(['script', 'style', 'noscript']);
  return turndownService;
}
