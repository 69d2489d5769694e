// A fixture website for the scraper bench, in its own process (so serving pages does not share the
// measured process's event loop): prints its port, then serves until killed.
//   /p/<n>          a small page (~12–18 KB) linking to 6 others: a site of SITE_PAGES pages to crawl
//   /a/<i>          article page i: a saved real page from OFFICINA_BENCH_ARTICLES (every *.html below
//                   that folder), else a generated ~300 KB news page
//   /robots.txt     allows everything
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SITE_PAGES = Number(process.env['SITE_PAGES'] ?? 10_000);

function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'tea garden harvest leaf steam roll green black oolong water kettle cup aroma flavour sweet bitter spring autumn hill mist farmer market price order shop parcel village river morning evening'.split(
    ' ',
  );

function sentence(random, words = 12) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function smallPage(n) {
  const random = rng(n + 1);
  const links = Array.from({ length: 6 }, (_, i) => (n * 7 + i * 131 + 1) % SITE_PAGES);
  const paragraphs = Array.from({ length: 18 + Math.floor(random() * 8) }, () => `<p>${sentence(random, 60)}</p>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${n}</title>
<meta name="description" content="${sentence(random, 10)}"><meta property="og:title" content="Page ${n}"></head>
<body><nav>${links.map((l) => `<a href="/p/${l}">Page ${l}</a>`).join(' ')}</nav>
<main><h1>Page ${n}</h1>${paragraphs.join('\n')}
<ul>${Array.from({ length: 6 }, (_, i) => `<li class="product"><span class="name">Tea ${i}</span> <span class="price">$${(i * 3.5 + 4).toFixed(2)}</span></li>`).join('')}</ul>
<p>Contact: shop${n}@example.com, +49 40 ${1000000 + n}</p></main><footer>© Teashop</footer></body></html>`;
}

/**
 * A page shaped like a saved news article (~300 KB), built from the parts real ones carry around
 * their story: a large head (meta, preloads, inline CSS), an inline JSON state and tracking
 * scripts, a mega menu with hidden submenus, inline SVG icons, a cookie dialog, ad slots, share
 * buttons, the article (headings, figures, a quote, a list, links), a comments thread, related
 * stories, a newsletter form and a link-heavy footer. Comment markers and indentation as editors
 * and templates leave them.
 */
function generatedArticle(i) {
  const random = rng(1000 + i);
  const pick = (n) => Math.floor(random() * n);
  const words = (n) => sentence(random, n);
  const icon = (k) =>
    `<svg class="icon icon-${k}" viewBox="0 0 24 24" aria-hidden="true"><path d="M${pick(24)} ${pick(24)}L${pick(24)} ${pick(24)}C${pick(24)} ${pick(24)} ${pick(24)} ${pick(24)} ${pick(24)} ${pick(24)}Z"/></svg>`;
  const menu = Array.from(
    { length: 14 },
    (_, k) => `
      <li class="menu-item has-children"><a href="/section/${k}">${words(2)}</a>${icon('chevron')}
        <ul class="submenu" hidden>${Array.from({ length: 12 }, (_, j) => `<li><a href="/section/${k}/${j}">${words(3)}</a></li>`).join('')}</ul>
      </li>`,
  ).join('');
  const state = JSON.stringify({
    page: { id: i, section: 'world', tags: Array.from({ length: 30 }, () => words(2)) },
    stories: Array.from({ length: 640 }, (_, k) => ({
      id: k,
      title: words(9),
      summary: words(24),
      url: `/story/${pick(1e6)}`,
    })),
  });
  const ad = (slot) =>
    `\n    <!-- ad slot ${slot} -->\n    <div class="ad ad-slot" id="ad-${slot}" data-ad-unit="/1234/news/${slot}" data-sizes="[[300,250],[728,90]]" style="min-height:250px"><span class="ad-label">Advertisement</span><iframe src="about:blank" title="ad" width="300" height="250"></iframe></div>`;
  const share = `<div class="share-tools">${['facebook', 'x', 'linkedin', 'email', 'print'].map((n) => `<a class="share share-${n}" href="https://share.example.com/${n}?u=/story/${i}" rel="nofollow">${icon(n)}<span class="visually-hidden">Share on ${n}</span></a>`).join('')}</div>`;
  const paragraph = () =>
    `\n        <p>${words(30 + pick(30))} <a href="/story/${pick(1e6)}">${words(3)}</a> ${words(20 + pick(40))}</p>`;
  const body = Array.from({ length: 50 }, (_, k) => {
    if (k % 9 === 4) return `\n        <h2>${words(6)}</h2>`;
    if (k % 11 === 6) {
      return `\n        <figure class="media"><img src="/img/${i}-${k}.jpg" srcset="/img/${i}-${k}-640.jpg 640w, /img/${i}-${k}-1280.jpg 1280w" alt="${words(6)}" loading="lazy"><figcaption>${words(14)} <span class="credit">${words(2)}</span></figcaption></figure>`;
    }
    if (k === 17) return `\n        <blockquote><p>${words(28)}</p></blockquote>`;
    if (k === 23) return `\n        <ul>${Array.from({ length: 5 }, () => `<li>${words(10)}</li>`).join('')}</ul>`;
    if (k % 13 === 8) return ad(`inline-${k}`);
    return paragraph();
  }).join('');
  const comments = Array.from(
    { length: 70 },
    (_, k) => `
      <li class="comment" id="comment-${k}"><div class="comment-meta"><img class="avatar" src="/avatar/${pick(999)}.png" alt=""><a class="author" href="/user/${pick(1e5)}">${words(2)}</a> <time datetime="2026-11-0${1 + (k % 9)}T10:00:00Z">${1 + (k % 9)} Nov</time></div>
        <div class="comment-body"><p>${words(12 + pick(40))}</p></div><div class="comment-actions"><button type="button">Reply</button> <button type="button">${icon('like')} ${pick(90)}</button></div></li>`,
  ).join('');
  const related = Array.from(
    { length: 24 },
    (_, k) =>
      `<div class="card"><a href="/story/${pick(1e6)}"><img src="/img/r${k}.jpg" alt=""><h3>${words(8)}</h3></a><p class="teaser">${words(18)}</p></div>`,
  ).join('\n      ');
  const footer = Array.from(
    { length: 8 },
    (_, k) =>
      `<div class="footer-col"><h4>${words(2)}</h4><ul>${Array.from({ length: 14 }, (_, j) => `<li><a href="/about/${k}/${j}">${words(2)}</a></li>`).join('')}</ul></div>`,
  ).join('\n    ');
  return `<!doctype html>
<html lang="en" class="no-js">
<head>
  <meta charset="utf-8">
  <title>${words(8)} | The Daily Example</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="${words(20)}">
  <meta property="og:title" content="${words(8)}"><meta property="og:type" content="article"><meta property="og:image" content="/img/${i}-og.jpg">
  <meta name="twitter:card" content="summary_large_image"><meta property="article:published_time" content="2026-11-0${1 + (i % 9)}T08:00:00Z">
  <link rel="canonical" href="/story/${i}">
  ${Array.from({ length: 30 }, (_, k) => `<link rel="preload" href="/static/chunk-${k}.js" as="script"><meta name="parsely-tag-${k}" content="${words(3)}">`).join('\n  ')}
  <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":${JSON.stringify(words(8))},"author":{"@type":"Person","name":${JSON.stringify(words(2))}}}</script>
  <style>${Array.from({ length: 220 }, (_, k) => `.c${k}{margin:0 auto;padding:${k % 7}px;color:#${(k * 4321).toString(16).padStart(6, '0').slice(0, 6)};font:16px/1.5 Georgia,serif}`).join('')}</style>
  <script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-XXXX');</script>
  <script async src="https://tags.example.com/gtm.js?id=GTM-${i}"></script>
</head>
<body class="article-page">
  <!-- header -->
  <a class="skip-link" href="#main">Skip to content</a>
  <div class="cookie-banner" role="dialog" aria-modal="true"><p>${words(40)}</p><button type="button">Accept all</button><button type="button">Settings</button></div>
  <header class="site-header">
    <a class="logo" href="/">${icon('logo')}<span>The Daily Example</span></a>
    <nav class="mega-menu" aria-label="Sections"><ul>${menu}
    </ul></nav>
    <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button type="submit">${icon('search')}</button></form>
  </header>${ad('top')}
  <div class="layout">
    <main id="main">
      <article class="story">
        <header><p class="kicker"><a href="/section/world">World</a></p><h1>${words(9)}</h1><p class="standfirst">${words(26)}</p>
        <div class="byline">By <a rel="author" href="/by/${pick(999)}">${words(2)}</a> · <time datetime="2026-11-0${1 + (i % 9)}T08:00:00Z">November ${1 + (i % 9)}, 2026</time></div>${share}</header>
        <div class="story-body">${body}
        </div>
        <footer class="story-footer">${share}<p class="tags">${Array.from({ length: 8 }, () => `<a href="/tag/${pick(999)}">${words(1)}</a>`).join(' ')}</p></footer>
      </article>
      <section class="comments" id="comments"><h2>${pick(400)} comments</h2><ol>${comments}
      </ol></section>
    </main>
    <aside class="rail">${ad('rail-1')}
      <section class="most-read"><h2>Most read</h2><ol>${Array.from({ length: 10 }, () => `<li><a href="/story/${pick(1e6)}">${words(9)}</a></li>`).join('')}</ol></section>${ad('rail-2')}
    </aside>
  </div>
  <section class="related"><h2>More stories</h2>
      ${related}
  </section>
  <div class="newsletter"><h2>${words(5)}</h2><form action="/subscribe" method="post"><input type="email" name="email"><button>Sign up</button></form></div>
  <footer class="site-footer">
    ${footer}
    <p class="legal">© 2026 The Daily Example. ${words(30)}</p>
  </footer>
  <script id="__STATE__" type="application/json">${state}</script>
  <script>${'(function(){var a=document.querySelectorAll(".ad");for(var i=0;i<a.length;i++){a[i].dataset.ready="1"}})();'.repeat(40)}</script>
</body>
</html>
`;
}

const articleDir = process.env['OFFICINA_BENCH_ARTICLES'];
/** Every *.html below the folder (Readability's test pages keep theirs as <name>/source.html). */
function savedArticles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => readFileSync(join(dir, f)));
}
const articles = articleDir
  ? savedArticles(articleDir)
  : Array.from({ length: 8 }, (_, i) => Buffer.from(generatedArticle(i)));

const cache = new Map();
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/robots.txt')
    return res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
  let match = /^\/p\/(\d+)$/.exec(path);
  if (match) {
    const n = Number(match[1]) % SITE_PAGES;
    let page = cache.get(n);
    if (!page) cache.set(n, (page = Buffer.from(smallPage(n))));
    return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }).end(page);
  }
  match = /^\/a\/(\d+)$/.exec(path);
  if (match) {
    const page = articles[Number(match[1]) % articles.length];
    return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }).end(page);
  }
  if (path === '/articles') {
    return res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        count: articles.length,
        source: articleDir ? 'saved' : 'generated',
        bytes: articles.map((a) => a.length),
      }),
    );
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
