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
  const copy = (from: ParsedNode, to: LightNode, preformatted: boolean) => {
    const children = from.children ?? [];
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as ParsedNode;
      if (child.type === 'text') {
        const text = child.data ?? '';
        if (preformatted || !invisibleSpace(text, children[i - 1], children[i + 1])) {
          to.appendChild(document.createTextNode(text));
        }
        continue;
      }
      // Elements: htmlparser2 types <script> and <style> apart. Comments, doctypes and CDATA are left out.
      if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
      const name = child.name ?? '';
      if (LEFT_OUT.has(name) && !isJsonLd(child)) continue;
      const attribs = child.attribs ?? {};
      if (removedByReadability(attribs)) continue;
      const element = name === 'html' ? html : document.createElement(name);
      for (const [attribute, value] of Object.entries(attribs)) {
        if (!UNREADABLE_ATTRIBUTE.test(attribute)) element.setAttribute(attribute, value);
      }
      if (element !== html) to.appendChild(element);
      copy(child, element, preformatted || PREFORMATTED.has(name));
      if (name === 'head') document.head ??= element;
      else if (name === 'body') document.body ??= element;
      else if (name === 'title' && !document.title) document.title = element.textContent.trim();
    }
  };
  copy(root, html, false);
  if (!document.body) {
    const body = document.createElement('body');
    for (const child of [...html.childNodes]) if (child !== document.head) body.appendChild(child);
    html.appendChild(body);
    document.body = body;
  }
  return document;
}

/** Where white space is text: never dropped. */
const PREFORMATTED = new Set(['pre', 'textarea', 'listing', 'plaintext', 'xmp']);
/** Elements that start and end a line: white space beside them is not shown. */
const BLOCKS = new Set(
  (
    'html head body title meta link base address article aside blockquote details dialog dd div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table ' +
    'tbody thead tfoot tr td th caption colgroup col ul option optgroup select noscript script style template'
  ).split(' '),
);

/**
 * Whether a text node is only the indentation between block elements (or at the start or end of
 * one), which a browser does not show. About four text nodes in ten of a news page are such
 * indentation; left out of the copy, Readability walks far fewer nodes, and the text it reads is
 * the same once white space is collapsed, as it does itself.
 */
function invisibleSpace(text: string, before: ParsedNode | undefined, after: ParsedNode | undefined): boolean {
  if (!/^[ \t\n\r\f]*$/.test(text)) return false;
  const block = (node: ParsedNode | undefined) =>
    node === undefined || (node.type !== 'text' && BLOCKS.has(node.name ?? ''));
  return block(before) || block(after);
}

/** JSON-LD is kept: Readability takes the article's title from it, to drop a heading that repeats it. */
function isJsonLd(node: ParsedNode): boolean {
  return node.name === 'script' && node.attribs?.['type']?.trim().toLowerCase() === 'application/ld+json';
}

/**
 * A property of an inline style attribute, read as JSDOMParser's `element.style` reads it (the first
 * declaration of that name, its value up to any further colon), so that what is taken for hidden
 * here is exactly what Readability would take for hidden there.
 */
function styleValue(style: string | undefined, property: string): string | undefined {
  if (!style) return undefined;
  for (const declaration of style.split(';')) {
    const parts = declaration.split(':');
    if (parts[0]?.trim() === property) return parts[1]?.trim();
  }
  return undefined;
}

/**
 * What Readability removes from every attempt before it scores anything (its _isProbablyVisible,
 * and modal dialogs): left out of the copy, so it is neither built nor walked again and again.
 */
function removedByReadability(attribs: Record<string, string>): boolean {
  const style = attribs['style'];
  if (style && (styleValue(style, 'display') === 'none' || styleValue(style, 'visibility') === 'hidden')) return true;
  if (Object.hasOwn(attribs, 'hidden')) return true;
  if (attribs['aria-hidden'] === 'true' && !(attribs['class'] ?? '').includes('fallback-image')) return true;
  return attribs['aria-modal'] === 'true' && attribs['role'] === 'dialog';
}
