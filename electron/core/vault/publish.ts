import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * What publish_document writes for a document: its Markdown and a standalone HTML page. The page is
 * opened by people who did not write the document (and documents come from assistants and scraped
 * pages), so nothing in it may run: the HTML from Markdown is sanitised to ordinary document markup,
 * and the page carries a Content-Security-Policy that would stop a script the sanitiser let through.
 */
export interface PublishedDocument {
  markdown: string;
  html: string;
}

/**
 * The page's policy, a second wall behind the sanitiser: no scripts, styles, frames, plugins, fonts,
 * forms or fetches; images from the web or inline (data:), as documents embed them. A relative image
 * would be a file beside the published page on this disk, not a part of the document, so none.
 */
export const PUBLISHED_PAGE_POLICY =
  "default-src 'none'; img-src http: https: data:; base-uri 'none'; form-action 'none'";

/** Markdown front matter (`---` YAML `---` at the very top) is metadata, not part of what is published. */
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/;

// A private instance: options set on the shared `marked` elsewhere cannot change what is published.
const markdownParser = new Marked({ gfm: true });

/** A pure function of the document: the same title, type and text always publish the same files. */
export function renderPublished(title: string, fileType: string, text: string): PublishedDocument {
  const body = text.replace(FRONT_MATTER, '');
  const markdown = fileType === 'md' || fileType === 'markdown' ? body : fencedText(body);
  const html = sanitizePublished(markdownParser.parse(markdown, { async: false }));
  return { markdown, html: publishedPage(title, html) };
}

/**
 * Plain text as a Markdown code block: the fence is longer than any run of backticks in the text, so
 * no line of it can close the block (CommonMark: a closing fence is at least as long as the opening).
 */
function fencedText(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${fence}\n`;
}

/** The standalone page around the sanitised body. */
export function publishedPage(title: string, body: string): string {
  return (
    '<!doctype html>\n<html><head><meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${PUBLISHED_PAGE_POLICY}">\n` +
    '<meta name="referrer" content="no-referrer">\n' +
    `<title>${escapeHtml(title)}</title></head>\n<body>\n${body}</body></html>\n`
  );
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * Ordinary document HTML and nothing that runs: sanitize-html (on htmlparser2) keeps the listed tags
 * and attributes and drops the rest — script, style, iframe, object, embed, form, svg, every on*
 * attribute — and keeps a link's or image's URL only with an allowed scheme, after decoding entities
 * and ignoring the spaces and control characters browsers ignore (`jav&#x61;script:`, `java\tscript:`).
 * Disallowed tags go but their text stays; the text of script, style, textarea and noscript goes too.
 */
function sanitizePublished(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...HEADINGS,
      'p',
      'br',
      'hr',
      'blockquote',
      'pre',
      'code',
      'kbd',
      'samp',
      'var',
      'ul',
      'ol',
      'li',
      'dl',
      'dt',
      'dd',
      'table',
      'caption',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
      'a',
      'img',
      'em',
      'strong',
      'b',
      'i',
      'u',
      's',
      'del',
      'ins',
      'mark',
      'small',
      'sub',
      'sup',
      'abbr',
      'cite',
      'q',
      'span',
      'div',
      'figure',
      'figcaption',
      'details',
      'summary',
      'input',
    ],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      ol: ['start'],
      th: ['align', 'colspan', 'rowspan'],
      td: ['align', 'colspan', 'rowspan'],
      details: ['open'],
      abbr: ['title'],
      input: ['type', 'checked', 'disabled'],
    },
    allowedClasses: { code: ['language-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    // Inline images as data:image/… (transformTags drops other data: sources): an <img> only ever
    // decodes an image, and an SVG in one runs no script.
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    transformTags: {
      img: (_tag, attribs) => {
        const { src, ...rest } = attribs;
        // Read as browsers do, which skip spaces and control characters in a URL's scheme.
        const notAnImage = src !== undefined && /^data:(?!image\/)/i.test([...src].filter((c) => c > ' ').join(''));
        return { tagName: 'img', attribs: notAnImage ? rest : attribs };
      },
      // GFM task lists are the only inputs Markdown makes: whatever came in is a ticked or empty box.
      input: (_tag, attribs) => ({
        tagName: 'input',
        attribs: { type: 'checkbox', disabled: '', ...('checked' in attribs ? { checked: '' } : {}) },
      }),
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
