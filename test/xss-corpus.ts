import { load } from 'cheerio';

/**
 * Hostile documents for publish_document: each vector, if it ran, would ping `beacon(name)` (an image
 * request to a local server that records it; works from file:// pages and from frames) and set
 * window.__pwned; the script has no spaces, so it also fits where a URL must (a Markdown autolink). The unit tests check the published HTML's shape; e2e/published.e2e.ts opens the
 * pages in Chromium and watches the server.
 */
export function xssVectors(beacon: (name: string) => string): { name: string; markdown: string }[] {
  const ping = (name: string) => `document.createElement('img').src='${beacon(name)}';window.__pwned='${name}';void(0)`;
  // An HTML attribute holding a ping: double quotes outside, single inside.
  const attr = (name: string) => `"${ping(name)}"`;
  const entityEncoded = [...`javascript:${ping('entity-decimal')}`].map((c) => `&#${c.charCodeAt(0)};`).join('');
  return [
    { name: 'script', markdown: `<script>${ping('script')}</script>` },
    { name: 'img-onerror', markdown: `<img src="x" onerror=${attr('img-onerror')}>` },
    { name: 'img-onerror-inline', markdown: `Text <img src=x onerror=${attr('img-onerror-inline')}> more text.` },
    { name: 'svg-onload', markdown: `<svg onload=${attr('svg-onload')}><circle r="1"/></svg>` },
    { name: 'svg-script', markdown: `<svg><script>${ping('svg-script')}</script></svg>` },
    { name: 'md-link', markdown: `[click me](javascript:${encodeURI(ping('md-link'))})` },
    { name: 'md-link-angle', markdown: `[click me](<javascript:${ping('md-link-angle')}>)` },
    { name: 'md-autolink', markdown: `<javascript:${ping('md-autolink')}>` },
    { name: 'md-image', markdown: `![alt](javascript:${encodeURI(ping('md-image'))})` },
    { name: 'md-reference', markdown: `[ref link][r]\n\n[r]: javascript:${encodeURI(ping('md-reference'))}` },
    { name: 'html-link', markdown: `<a href="javascript:${ping('html-link')}">html link</a>` },
    { name: 'html-link-case', markdown: `<a href="JaVaScRiPt:${ping('html-link-case')}">mixed case</a>` },
    { name: 'html-link-space', markdown: `<a href="  java\tscript:${ping('html-link-space')}">spaced</a>` },
    { name: 'entity-hex', markdown: `<a href="jav&#x61;script:${ping('entity-hex')}">entity</a>` },
    { name: 'entity-decimal', markdown: `<a href="${entityEncoded}">decimal entities</a>` },
    { name: 'entity-colon', markdown: `<a href="javascript&colon;${ping('entity-colon')}">named colon</a>` },
    { name: 'vbscript', markdown: `<a href="vbscript:msgbox(1)">vb link</a>` },
    {
      name: 'data-link',
      markdown: `<a href="data:text/html,<script>${ping('data-link')}</script>">data link</a>`,
    },
    {
      name: 'iframe-srcdoc',
      markdown: `<iframe srcdoc="<script>${ping('iframe-srcdoc').replaceAll("'", '&#39;')}</script>"></iframe>`,
    },
    { name: 'iframe-src', markdown: `<iframe src="javascript:${ping('iframe-src')}"></iframe>` },
    {
      name: 'object',
      markdown: `<object data="data:text/html,<script>${ping('object')}</script>"></object>`,
    },
    { name: 'embed', markdown: `<embed src="javascript:${ping('embed')}">` },
    {
      name: 'style-expression',
      markdown: `<div style="width: expression(alert(1)); background-image: url('${beacon('style-attr')}')">styled</div>`,
    },
    { name: 'style-tag', markdown: `<style>body { background-image: url('${beacon('style-tag')}') }</style>` },
    { name: 'link-stylesheet', markdown: `<link rel="stylesheet" href="${beacon('link-stylesheet')}">` },
    {
      name: 'details-ontoggle',
      markdown: `<details open ontoggle=${attr('details-ontoggle')}><summary>s</summary></details>`,
    },
    { name: 'autofocus', markdown: `<input autofocus onfocus=${attr('autofocus')}>` },
    { name: 'body-onload', markdown: `<body onload=${attr('body-onload')}>` },
    { name: 'form', markdown: `<form action="${beacon('form')}"><button>send</button></form>` },
    {
      name: 'button-formaction',
      markdown: `<button formaction="javascript:${ping('button-formaction')}">go</button>`,
    },
    {
      name: 'meta-refresh',
      markdown: `<meta http-equiv="refresh" content="0;url=javascript:${ping('meta-refresh')}">`,
    },
    { name: 'base', markdown: `<base href="javascript:${ping('base')}//">` },
    {
      name: 'noscript',
      markdown: `<noscript><p title="</noscript><img src=x onerror=${attr('noscript')}>"></noscript>`,
    },
    {
      name: 'title-breakout',
      markdown: `<p title="&lt;/p&gt;&lt;img src=x onerror=${ping('title-breakout')}&gt;">quoted</p>`,
    },
    {
      name: 'svg-xlink',
      markdown: `<svg><a xlink:href="javascript:${ping('svg-xlink')}"><text y="20">svg link</text></a></svg>`,
    },
    {
      name: 'math',
      markdown: `<math><mtext><table><mglyph><style><img src=x onerror=${attr('math')}></style></mglyph></table></mtext></math>`,
    },
    { name: 'comment', markdown: `<!--><img src=x onerror=${attr('comment')}>-->` },
    { name: 'template', markdown: `<template><img src=x onerror=${attr('template')}></template>` },
    { name: 'textarea', markdown: `<textarea></textarea><img src=x onerror=${attr('textarea')}></textarea>` },
  ];
}

/** Plain-text documents that break out of a code fence or a <pre> if they are not escaped. */
export function textBreakouts(beacon: (name: string) => string): { name: string; text: string }[] {
  const ping = (name: string) => `document.createElement('img').src='${beacon(name)}';window.__pwned='${name}';void(0)`;
  return [
    { name: 'fence', text: `Notes\n\`\`\`\n<script>${ping('txt-fence')}</script>\n\`\`\`\nafter\n` },
    {
      name: 'long-fence',
      text: `\`\`\`\`\`\n<img src=x onerror="${ping('txt-long-fence')}">\n\`\`\`\`\`\`\`\n~~~\n`,
    },
    { name: 'pre', text: `</code></pre><script>${ping('txt-pre')}</script>\n<pre>` },
    { name: 'html', text: `<img src=x onerror="${ping('txt-html')}"> & &amp; &lt;b&gt;\n\ttabbed\r\nline` },
  ];
}

const RUNNABLE_TAGS = new Set([
  'script',
  'style',
  'link',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
  'base',
  'noscript',
  'template',
]);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background']);

/**
 * What in a page could run or load something it should not, as a browser parses it (cheerio on
 * parse5): tags that run or embed, on* handlers, style and srcdoc attributes, URLs with any scheme but
 * http, https, mailto (and data: images), and meta tags beyond the page's own three. Empty when safe.
 */
export function runnableParts(html: string): string[] {
  const $ = load(html);
  const found: string[] = [];
  for (const element of $('*').toArray()) {
    if (!('attribs' in element)) continue;
    const tag = element.tagName.toLowerCase();
    if (RUNNABLE_TAGS.has(tag)) found.push(`<${tag}>`);
    if (tag === 'meta' && !isPageMeta(element.attribs)) found.push(`<meta ${JSON.stringify(element.attribs)}>`);
    for (const [name, value] of Object.entries(element.attribs)) {
      const attribute = name.toLowerCase();
      if (attribute.startsWith('on') || attribute === 'style' || attribute === 'srcdoc') {
        found.push(`${tag} ${attribute}`);
      } else if (URL_ATTRIBUTES.has(attribute)) {
        // Browsers ignore spaces and control characters inside a scheme (java\tscript:).
        const url = Array.from(value)
          .filter((c) => c > ' ')
          .join('');
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
        const dataImage = tag === 'img' && attribute === 'src' && /^data:image\//i.test(url);
        if (scheme !== undefined && !SAFE_SCHEMES.has(scheme) && !dataImage) found.push(`${tag} ${attribute}=${value}`);
      }
    }
  }
  return found;
}

function isPageMeta(attribs: Record<string, string>): boolean {
  return (
    'charset' in attribs ||
    attribs['http-equiv']?.toLowerCase() === 'content-security-policy' ||
    attribs['name'] === 'referrer'
  );
}
