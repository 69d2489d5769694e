// A fixture website for the scraper bench, in its own process (so serving pages does not share the
// measured process's event loop): prints its port, then serves until killed.
//   /p/<n>          a small page (~12–18 KB) linking to 6 others: a site of SITE_PAGES pages to crawl
//   /a/<i>          article page i: a saved real page from OFFICINA_BENCH_ARTICLES (a folder of *.html),
//                   else a generated ~300 KB news page
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

/** A page shaped like a news article: heavy head, scripts, navigation, the article, sidebars. */
function generatedArticle(i) {
  const random = rng(1000 + i);
  const nav = Array.from({ length: 180 }, (_, k) => `<li><a href="/section/${k}">${sentence(random, 2)}</a></li>`).join(
    '',
  );
  const script = `<script>window.__STATE__=${JSON.stringify(Array.from({ length: 900 }, (_, k) => ({ id: k, t: sentence(random, 8) })))}</script>`;
  const body = Array.from(
    { length: 60 },
    () =>
      `<p>${sentence(random, 45)} <a href="/story/${Math.floor(random() * 1e6)}">${sentence(random, 3)}</a> ${sentence(random, 30)}</p>`,
  ).join('\n');
  const aside = Array.from(
    { length: 40 },
    (_, k) => `<div class="card"><img src="/img/${k}.jpg" alt=""><h3>${sentence(random, 6)}</h3></div>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${sentence(random, 8)}</title>
${Array.from({ length: 40 }, (_, k) => `<meta name="m${k}" content="${sentence(random, 6)}"><link rel="preload" href="/s/${k}.js" as="script">`).join('\n')}
<style>${'.c{color:#333;margin:0 auto;padding:4px} '.repeat(400)}</style>${script}</head>
<body><header><nav><ul>${nav}</ul></nav></header><div class="layout"><article><h1>${sentence(random, 9)}</h1>
<div class="byline">By ${sentence(random, 2)}</div>${body}</article><aside>${aside}</aside></div>
<footer>${nav}</footer></body></html>`;
}

const articleDir = process.env['OFFICINA_BENCH_ARTICLES'];
const articles = articleDir
  ? readdirSync(articleDir)
      .filter((f) => f.endsWith('.html'))
      .sort()
      .map((f) => readFileSync(join(articleDir, f)))
  : Array.from({ length: 6 }, (_, i) => Buffer.from(generatedArticle(i)));

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
