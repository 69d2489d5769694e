import type * as Marked from 'marked';
import type { Token, Tokens } from 'marked';
import type * as Yaml from 'yaml';
import { lazyModule } from '../common/lazy-module.js';

const marked = lazyModule<typeof Marked>('marked');
const yaml = lazyModule<typeof Yaml>('yaml');

/** Text beyond this is not indexed (the file is kept whole; search covers its beginning). */
export const INDEX_TEXT_LIMIT = 1_000_000;

export interface Extracted {
  text: string;
  /** Front matter of markdown files. */
  metadata: Record<string, unknown>;
  /** Why the text could not be read; the document is still indexed by name and metadata. */
  error: string | null;
}

const TEXT_TYPES = new Set(['txt', 'md', 'markdown', 'csv', 'tsv', 'log', 'json', 'xml', 'yaml', 'yml', 'html', 'htm']);

export function isTextType(fileType: string): boolean {
  return TEXT_TYPES.has(fileType);
}

/** Plain text of a file, by type. Never throws: a broken file is reported in `error`. */
export async function extractText(content: Buffer, fileType: string): Promise<Extracted> {
  try {
    const extracted = await byType(content, fileType);
    return { ...extracted, text: extracted.text.slice(0, INDEX_TEXT_LIMIT) };
  } catch (error) {
    return {
      text: '',
      metadata: {},
      error: `Could not read the ${fileType || 'file'}'s text: ${(error as Error).message}`,
    };
  }
}

async function byType(content: Buffer, fileType: string): Promise<Extracted> {
  switch (fileType) {
    case 'md':
    case 'markdown':
      return markdown(content.toString('utf8'));
    case 'json': {
      const text = content.toString('utf8');
      JSON.parse(text); // a broken file is reported, its text still indexed
      return { text: jsonText(text), metadata: {}, error: null };
    }
    case 'html':
    case 'htm': {
      const { load } = await import('cheerio');
      const $ = load(content.toString('utf8'));
      $('script, style, noscript, template').remove();
      const title = $('title').first().text().trim();
      return {
        text: $('body').text().replace(/\s+/g, ' ').trim() || $.root().text(),
        metadata: title ? { title } : {},
        error: null,
      };
    }
    case 'pdf': {
      const { extractText: pdfText, getDocumentProxy } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(content));
      const { text } = await pdfText(pdf, { mergePages: true });
      return { text, metadata: {}, error: null };
    }
    case 'docx': {
      const mammoth = await import('mammoth');
      const { value } = await mammoth.extractRawText({ buffer: content });
      return { text: value, metadata: {}, error: null };
    }
    default:
      if (isTextType(fileType)) return { text: content.toString('utf8'), metadata: {}, error: null };
      return { text: '', metadata: {}, error: null };
  }
}

/** Front matter (`---` YAML `---` at the very top) becomes metadata; the rest is the text, as prose. */
function markdown(source: string): Extracted {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { text: markdownText(source), metadata: {}, error: null };
  const body = markdownText(source.slice(match[0].length));
  try {
    const parsed: unknown = yaml().parse(match[1] ?? '');
    const metadata =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    return { text: body, metadata: jsonSafe(metadata), error: null };
  } catch (error) {
    return { text: body, metadata: {}, error: `The front matter is not valid YAML: ${(error as Error).message}` };
  }
}

/** Values only, so keys like "id" or "email" in data files do not drown the words people search for. */
function jsonText(text: string): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(text));
  return out.join('\n');
}

/** Dates and the like become strings, so the metadata survives JSON. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * Markdown as the text it reads as, so search snippets show prose, not `**`, `#` or link targets:
 * headings, paragraphs, list items, quotes, table cells and code, one block a paragraph. marked
 * finds the blocks; the marks inside a block (emphasis, links, code spans, inline HTML) are taken
 * out by the patterns below, because marked's inline lexer cost ~5× its block lexer (0.4 vs 0.08 s
 * per 10k files of the vault bench: a tenth of a cold index), and none of its tokens are needed.
 */
export function markdownText(source: string): string {
  const blocks: string[] = [];
  collect(new (marked().Lexer)({ gfm: true }).blockTokens(source.replace(/\r\n?/g, '\n'), []), blocks);
  return blocks.join('\n\n');
}

function collect(tokens: readonly Token[], out: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
      case 'paragraph':
      case 'text':
        out.push(inlineText((token as Tokens.Text).text));
        break;
      case 'code':
        out.push((token as Tokens.Code).text);
        break;
      case 'blockquote':
        collect((token as Tokens.Blockquote).tokens, out);
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) collect(item.tokens, out);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        out.push([table.header, ...table.rows].map((row) => row.map((c) => inlineText(c.text)).join(' ')).join('\n'));
        break;
      }
      case 'html': {
        const text = inlineText((token as Tokens.HTML).text).trim();
        if (text) out.push(text);
        break;
      }
      default:
        // space, hr, reference definitions: nothing a person reads.
        break;
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Any character that can start a mark inlineText takes out: most paragraphs have none. */
const INLINE_MARK = /[*_~`<>[\]\\&]/;

function inlineText(text: string): string {
  if (!INLINE_MARK.test(text)) return text;
  return (
    text
      .replace(/<!--[\s\S]*?-->/g, '')
      // ![alt](src) → alt, [text](href) and [text][ref] → text, <https://…> → the address
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      .replace(/<\/?[A-Za-z][\w-]*(?:\s[^>]*)?\/?>/g, '')
      // Emphasis, strike-through and code-span marks; an underscore only at a word's edge (snake_case stays).
      .replace(/(?<!\\)(?:\*+|~~+|`+)/g, '')
      .replace(/(?<![\p{L}\p{N}\\])_+|(?<!\\)_+(?![\p{L}\p{N}])/gu, '')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, entity: string) => ENTITIES[entity] ?? '')
  );
}
