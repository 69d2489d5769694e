import { isProbablyReaderable, Readability } from '@mozilla/readability';
import JSDOMParser from '@mozilla/readability/JSDOMParser.js';
import type { CheerioAPI } from 'cheerio';

/**
 * A node of the tree cheerio parsed (domhandler's), as much of it as is read here. Typed
 * structurally: domhandler comes with cheerio and is not a dependency of its own.
 */
interface ParsedNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: ParsedNode[];
  parent?: ParsedNode | null;
}

/** Readability's light DOM (JSDOMParser's), as much of it as is built and read here. */
export interface LightNode {
  nodeType: number;
  nodeName: string;
  childNodes: LightNode[];
  textContent: string;
  innerHTML: string;
  appendChild(child: LightNode): void;
  setAttribute(name: string, value: string): void;
}

interface LightDocument extends LightNode {
  title: string;
  documentElement: LightNode | null;
  head: LightNode | null;
  body: LightNode | null;
  createElement(tag: string): LightNode;
  createTextNode(text: string): LightNode;
}

/** Never shown by a browser, and dropped by Readability at once: not worth building. */
const LEFT_OUT = new Set(['script', 'style', 'template']);
/** Names JSDOMParser could not read back when Readability re-parses its own serialisation (a retry). */
const UNREADABLE_ATTRIBUTE = /["'<>/=\s]/;

/**
 * Whether the page holds an article, by Readability's own test (isProbablyReaderable), run on the
 * tree cheerio already parsed: the few DOM members it reads, over cheerio's nodes and selectors.
 */
export function probablyReaderable($: CheerioAPI): boolean {
  const wrapped = new Map<ParsedNode, object>();
  const wrap = (node: ParsedNode): object => {
    let view = wrapped.get(node);
    if (view) return view;
    const attribs = node.attribs ?? {};
    view = {
      style: { display: styleValue(attribs['style'], 'display') },
      className: attribs['class'] ?? '',
      id: attribs['id'] ?? '',
      hasAttribute: (name: string) => Object.hasOwn(attribs, name),
      getAttribute: (name: string) => attribs[name] ?? null,
      matches: (selector: string) => $(node as never).is(selector),
      get textContent() {
        return $(node as never).text();
      },
      get parentNode() {
        return node.parent ? wrap(node.parent) : null;
      },
    };
    wrapped.set(node, view);
    return view;
  };
  const document = {
    querySelectorAll: (selector: string) =>
      $(selector)
        .toArray()
        .map((node) => wrap(node as ParsedNode)),
  };
  return isProbablyReaderable(document as never);
}

/**
 * The article Readability finds in the page cheerio parsed, as an element of Readability's light DOM
 * (JSDOMParser's, the one Firefox's reader view runs it on in a worker), or undefined when it finds
 * none. The page is parsed once: its tree is copied into the light DOM, which is several times
 * cheaper than parsing it again, and Readability runs several times faster on it than on a full
 * DOM (~10 ms against ~60 ms for a 300 KB news page). Relative links come out absolute, against
 * `url` or the page's <base>.
 */
export function readableArticle($: CheerioAPI, url: string): LightNode | undefined {
  const document = lightDocument($.root()[0] as unknown as ParsedNode, url);
  const article = new Readability(document as never, { serializer: (node) => node as unknown as string }).parse();
  return (article?.content as unknown as LightNode | null | undefined) ?? undefined;
}

function lightDocument(root: ParsedNode, url: string): LightDocument {
  const document = new JSDOMParser().parse('', url) as LightDocument;
  // Readability needs <html> and <body>, which htmlparser2 (unlike a browser) does not add to a
  // page that leaves them out: one <html> is made here, and a <body> below when the page has none.
  const html = document.createElement('html');
  document.appendChild(html);
  document.documentElement = html;
  const copy = (from: ParsedNode, to: LightNode) => {
    for (const child of from.children ?? []) {
      if (child.type === 'text') {
        to.appendChild(document.createTextNode(child.data ?? ''));
        continue;
      }
      // Elements: htmlparser2 types <script> and <style> apart. Comments, doctypes and CDATA are left out.
      if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
      const name = child.name ?? '';
      if (LEFT_OUT.has(name) && !isJsonLd(child)) continue;
      const element = name === 'html' ? html : document.createElement(name);
      for (const [attribute, value] of Object.entries(child.attribs ?? {})) {
        if (!UNREADABLE_ATTRIBUTE.test(attribute)) element.setAttribute(attribute, value);
      }
      if (element !== html) to.appendChild(element);
      copy(child, element);
      if (name === 'head') document.head ??= element;
      else if (name === 'body') document.body ??= element;
      else if (name === 'title' && !document.title) document.title = element.textContent.trim();
    }
  };
  copy(root, html);
  if (!document.body) {
    const body = document.createElement('body');
    for (const child of [...html.childNodes]) if (child !== document.head) body.appendChild(child);
    html.appendChild(body);
    document.body = body;
  }
  return document;
}

/** JSON-LD is kept: Readability takes the article's title from it, to drop a heading that repeats it. */
function isJsonLd(node: ParsedNode): boolean {
  return node.name === 'script' && node.attribs?.['type']?.trim().toLowerCase() === 'application/ld+json';
}

/** A property of an inline style attribute, as JSDOMParser's `element.style` reads it. */
function styleValue(style: string | undefined, property: string): string | undefined {
  if (!style) return undefined;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0 && declaration.slice(0, colon).trim().toLowerCase() === property) {
      return declaration.slice(colon + 1).trim();
    }
  }
  return undefined;
}
