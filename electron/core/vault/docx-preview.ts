import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';

/**
 * A Word document as HTML for the app's document view. mammoth reads the .docx (paragraphs,
 * headings, lists, tables, links, footnotes, embedded images as data: URLs) and does no sanitising
 * itself, and a document can come from anyone (an assistant, a download), so its HTML is cleaned
 * here, before it reaches the renderer: ordinary document markup only, nothing that runs, and nothing
 * that loads by itself — images only from inside the file (data:image/…), never from the web or the
 * disk; links only to web and mail addresses, opened outside the app. The renderer's
 * Content-Security-Policy (img-src 'self' data:) is a second wall behind this one.
 */
export async function docxPreviewHtml(content: Buffer): Promise<{ html: string; warnings: string[] }> {
  // externalFileAccess stays off (mammoth's default, said here): a document may point at files on this disk.
  const result = await mammoth.convertToHtml({ buffer: content }, { externalFileAccess: false });
  const warnings = [...new Set(result.messages.map((m) => m.message))].slice(0, 20);
  return { html: sanitizePreview(result.value), warnings };
}

const TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'blockquote',
  'pre',
  'code',
  'ul',
  'ol',
  'li',
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
  'sub',
  'sup',
  'span',
  'div',
];

export function sanitizePreview(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      ol: ['start'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    transformTags: {
      // Only web and mail links, opened outside the app. A link within the document (#footnote-1) or
      // relative to it would move the app itself; it keeps its text.
      a: (_tag, attribs): sanitizeHtml.Tag => {
        const href = [...(attribs['href'] ?? '')].filter((c) => c > ' ').join('');
        if (!/^(https?:|mailto:)/i.test(href)) return { tagName: 'span', attribs: {} };
        return {
          tagName: 'a',
          attribs: { href: attribs['href']!, target: '_blank', rel: 'noopener noreferrer nofollow' },
        };
      },
      // An image from inside the file only: data:image/…; anything else would be fetched, so it goes.
      img: (_tag, attribs): sanitizeHtml.Tag => {
        const src = [...(attribs['src'] ?? '')].filter((c) => c > ' ').join('');
        if (!/^data:image\/(png|jpe?g|gif|webp|bmp)[;,]/i.test(src)) {
          return { tagName: 'span', attribs: {}, text: attribs['alt'] ? `[${attribs['alt']}]` : '' };
        }
        const { alt, width, height } = attribs;
        return {
          tagName: 'img',
          attribs: {
            src: attribs['src']!,
            ...(alt !== undefined && { alt }),
            ...(width !== undefined && { width }),
            ...(height !== undefined && { height }),
          },
        };
      },
    },
  });
}
