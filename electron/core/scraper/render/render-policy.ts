import type { RENDER_MODES } from '../../../../shared/scraper.js';

export type RenderMode = (typeof RENDER_MODES)[number];

/** A page with fewer words than this, without its scripts, is taken for an empty shell that scripts fill. */
const FEW_WORDS = 5;

/**
 * Whether "auto" runs a page's scripts: only for HTML that has scripts and, without them, no
 * readable text (an app shell: `<div id="root"></div>`, "Loading…"). Judged on the static HTML with
 * a cheap scan (no parse): scripts, styles, templates, noscript fallbacks, comments and tags removed,
 * the words of the body counted.
 */
export function needsRendering(html: string): boolean {
  if (!/<script\b(?![^>]*\btype\s*=\s*["']?(?:application\/(?:ld\+)?json|text\/template)\b)/i.test(html)) return false;
  return readableWords(html, FEW_WORDS) < FEW_WORDS;
}

/**
 * The words of a page's body without scripts, counted up to `stopAt`: one pass of a tokenizer that
 * stops there, so a page with text costs a few kilobytes of scanning, not its whole length.
 */
export function readableWords(html: string, stopAt = Infinity): number {
  const bodyAt = html.search(/<body\b/i);
  const token =
    /<!--[\s\S]*?(?:-->|$)|<(script|style|template|noscript|svg|head)\b[\s\S]*?(?:<\/\1\s*>|$)|<[^>]*>?|([^<]+)/giy;
  token.lastIndex = Math.max(0, bodyAt);
  let count = 0;
  for (let match = token.exec(html); match !== null && count < stopAt; match = token.exec(html)) {
    const text = match[2];
    if (text === undefined) continue;
    for (const _ of text.replace(/&[a-z0-9#]+;/gi, ' ').matchAll(/[\p{L}\p{N}]+/gu)) {
      if (++count >= stopAt) break;
    }
    if (token.lastIndex >= html.length) break;
  }
  return count;
}
