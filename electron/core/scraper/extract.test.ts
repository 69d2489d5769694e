import { describe, expect, it } from 'vitest';
import { OpError } from '../../../shared/errors.js';
import { extractEmails, extractPhones, extractSocialProfiles, phoneRegion } from './contacts.js';
import { extractPage } from './extract.js';
import { checkSelectors } from './selector-check.js';

const article = (
  body: string,
  head = '',
) => `<!doctype html><html lang="de"><head><title> Die  Seite </title>${head}</head>
<body><nav><a href="/">Home</a> <a href="/about#team">About</a></nav><article><h1>Über uns</h1>
${'<p>Officina ist ein Backoffice, das eine Person und ihr Assistent teilen. Es hält Kunden, Aufträge und Dokumente zusammen. </p>'.repeat(6)}
${body}</article><footer>© 2026 <a href="https://example.org/impressum">Impressum</a></footer></body></html>`;

describe('extractPage', () => {
  const url = 'https://shop.example.com/de/ueber-uns';

  it('reads title, description, OpenGraph, JSON-LD and language', () => {
    const page = extractPage(
      article(
        '',
        `<meta name="Description" content="Wer  wir sind"><meta property="og:title" content="Über uns">
         <meta property="og:image" content="https://shop.example.com/og.png"><meta name="twitter:card" content="summary">
         <link rel="canonical" href="https://shop.example.com/de/ueber-uns">
         <script type="application/ld+json">{"@type":"Organization","name":"Beispiel GmbH"}</script>
         <script type="application/ld+json">{ broken</script>`,
      ),
      { url, format: 'text' },
    );
    expect(page.title).toBe('Die Seite');
    expect(page.description).toBe('Wer wir sind');
    expect(page.language).toBe('de');
    expect(page.canonical_url).toBe('https://shop.example.com/de/ueber-uns');
    expect(page.open_graph).toEqual({
      'og:title': 'Über uns',
      'og:image': 'https://shop.example.com/og.png',
      'twitter:card': 'summary',
    });
    expect(page.json_ld).toEqual([{ '@type': 'Organization', name: 'Beispiel GmbH' }]);
    expect(page.warnings).toEqual(['JSON-LD block 2 is not valid JSON and was left out.']);
  });

  it('gives the readable main text without the navigation and footer, with paragraphs apart', () => {
    const page = extractPage(article('<p>Letzter Absatz.</p>'), { url, format: 'text' });
    expect(page.content_source).toBe('readability');
    expect(page.content).toContain('Officina ist ein Backoffice');
    expect(page.content).toMatch(/teilen\. .*\n\nOfficina/s);
    expect(page.content).not.toContain('Impressum');
    expect(page.content).not.toContain('Home');
  });

  it('gives Markdown with absolute links', () => {
    const page = extractPage(
      article('<p>Siehe <a href="../preise">Preise</a>.</p><ul><li>eins</li><li>zwei</li></ul>'),
      { url, format: 'markdown' },
    );
    expect(page.content).toContain('[Preise](https://shop.example.com/preise)');
    expect(page.content).toMatch(/^-\s+eins$/m);
  });

  it('gives the article as HTML with absolute links and images, without scripts, styles or handlers', () => {
    const page = extractPage(
      article(
        '<p>Siehe <a href="../preise" onclick="steal()">Preise</a> &amp; <img src="bild.png" alt="Bild">.</p>' +
          '<script>document.write("x")</script><style>p{color:red}</style>',
      ),
      { url, format: 'html' },
    );
    expect(page.content_source).toBe('readability');
    expect(page.content).toContain('href="https://shop.example.com/preise"');
    expect(page.content).toContain('src="https://shop.example.com/de/bild.png"');
    expect(page.content).toContain('Preise</a> &amp; ');
    expect(page.content).not.toMatch(/<script|<style|document\.write|color:red/);
    expect(page.content).not.toContain('Impressum');
  });

  it('reads the article of a page that leaves out <html> and <body>, against its <base>', () => {
    const paragraphs =
      '<p>Ein Absatz über Tee, lang genug, um als Artikel zu gelten, mit vielen Wörtern darin. </p>'.repeat(8);
    const page = extractPage(
      `<base href="https://cdn.example.net/docs/"><title>Tee</title><article><h1>Tee</h1>${paragraphs}<p><a href="mehr">mehr</a></p></article>`,
      { url, format: 'markdown' },
    );
    expect(page.title).toBe('Tee');
    expect(page.content_source).toBe('readability');
    expect(page.content).toContain('Ein Absatz über Tee');
    expect(page.content).toContain('[mehr](https://cdn.example.net/docs/mehr)');
  });

  it('leaves out the parts a monitor ignores, from the article as from the body text', () => {
    const withAd = article('<p class="ad">Heute 20 % Rabatt auf alles!</p>');
    expect(extractPage(withAd, { url, format: 'text' }).content).toContain('Rabatt');
    const read = extractPage(withAd, { url, format: 'text', remove: ['.ad'] });
    expect(read.content_source).toBe('readability');
    expect(read.content).toContain('Officina ist ein Backoffice');
    expect(read.content).not.toContain('Rabatt');
    const body = extractPage('<div>Preis: 12 €</div><div class="clock">12:01</div>', {
      url,
      format: 'text',
      remove: ['.clock'],
    });
    expect(body).toMatchObject({ content_source: 'body', content: 'Preis: 12 €' });
  });

  it('keeps the spaces between words in different tags, and the white space of preformatted text', () => {
    const page = extractPage(
      article(
        '<p><a href="/tee">Grüner</a> <b>Tee</b>\n<i>und</i> Kaffee.</p>\n  <pre><code>  eins\n    <span>zwei</span>\n</code></pre>\n',
      ),
      { url, format: 'html' },
    );
    expect(page.content).toContain('Grüner</a> <b>Tee</b>\n<i>und</i> Kaffee.');
    expect(page.content).toContain('<pre><code>  eins\n    <span>zwei</span>\n</code></pre>');
    const text = extractPage(
      article('<div>\n  <p>Oben.</p>\n  <p><span>Unten</span> <span>links</span>.</p>\n</div>'),
      {
        url,
        format: 'text',
      },
    );
    expect(text.content).toMatch(/Oben\.\n\nUnten links\.$/);
  });

  it('does not take hidden paragraphs for an article', () => {
    const hidden =
      '<p style="display: none">Versteckter Text, der lang genug wäre, um als Artikel zu gelten, wenn man ihn sähe. </p>'.repeat(
        8,
      );
    const page = extractPage(`<html><body><div>Sichtbar: kurz.</div>${hidden}</body></html>`, { url, format: 'text' });
    expect(page.content_source).toBe('body');
  });

  it('falls back to the body text when there is no article', () => {
    const page = extractPage('<html><body><div>Preis: 12 €</div><script>var x = 1</script></body></html>', {
      url,
      format: 'text',
    });
    expect(page.content_source).toBe('body');
    expect(page.content).toBe('Preis: 12 €');
  });

  it('lists links absolute and once, internal or external, and images', () => {
    const page = extractPage(
      article(
        '<a href="/about">About again</a><a href="javascript:alert(1)">x</a><a href="mailto:a@b.c">mail</a><img src="/img/a.png" alt=" A "><img src="/img/a.png">',
      ),
      { url, format: 'text', links: true, images: true, content: false },
    );
    expect(page.content).toBeNull();
    expect(page.links).toEqual([
      { url: 'https://shop.example.com/', text: 'Home', internal: true, rel: null },
      { url: 'https://shop.example.com/about', text: 'About', internal: true, rel: null },
      { url: 'https://example.org/impressum', text: 'Impressum', internal: false, rel: null },
    ]);
    expect(page.images).toEqual([{ url: 'https://shop.example.com/img/a.png', alt: 'A' }]);
  });

  it('honours <base href>', () => {
    const page = extractPage(
      '<html><head><base href="https://cdn.example.net/x/"></head><body><a href="y">y</a></body></html>',
      {
        url,
        format: 'text',
        links: true,
        content: false,
      },
    );
    expect(page.links?.[0]?.url).toBe('https://cdn.example.net/x/y');
  });

  it('answers selectors with text or an attribute (URLs made absolute)', () => {
    const html =
      '<ul><li class="p"><a href="/p/1">Tee</a> <span class="price"> 4,50 € </span></li><li class="p"><a href="/p/2">Kaffee</a><span class="price">6 €</span></li></ul>';
    const page = extractPage(html, {
      url,
      format: 'text',
      content: false,
      selectors: { names: '.p a', prices: '.price', links: { selector: '.p a', attribute: 'href' }, none: '.missing' },
    });
    expect(page.selectors).toEqual({
      names: ['Tee', 'Kaffee'],
      prices: ['4,50 €', '6 €'],
      links: ['https://shop.example.com/p/1', 'https://shop.example.com/p/2'],
      none: [],
    });
  });

  it('refuses a selector that does not parse, naming it', async () => {
    const refusal = await checkSelectors({ ok: 'div', price: 'div[' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(OpError);
    expect((refusal as OpError).issues).toEqual([{ path: 'selectors.price', message: 'Not a valid CSS selector' }]);
  });
});

describe('extractEmails', () => {
  it('finds written, mailto, obfuscated and Cloudflare-protected addresses, once each', () => {
    const html = `<p>Write to Info@Example.com or sales [at] example [dot] com, or jane.doe (at) firma.de.</p>
      <a href="mailto:support@example.com?subject=Hi">support</a><a href="mailto:INFO@example.com">again</a>
      <span class="__cf_email__" data-cfemail="4b2024253f2a203f0b2e332a263b272e65282426">[email protected]</span>
      <img src="logo@2x.png"> name@example.com is a placeholder. Meet us at home dot.`;
    const text =
      'Write to Info@Example.com or sales [at] example [dot] com, or jane.doe (at) firma.de. logo@2x.png name@example.com Meet us at home dot.';
    const emails = extractEmails({ text, html });
    expect(emails).toEqual([
      { email: 'support@example.com', found_in: 'mailto' },
      { email: 'INFO@example.com', found_in: 'mailto' },
      { email: 'kontakt@example.com', found_in: 'cloudflare' },
      { email: 'sales@example.com', found_in: 'obfuscated' },
      { email: 'jane.doe@firma.de', found_in: 'obfuscated' },
    ]);
  });
});

describe('extractPhones', () => {
  it('finds numbers of several countries, typed, in E.164 and national form', () => {
    const text =
      'Berlin: 030 1234567 · Mobil +49 151 23456789 · London +44 20 7946 0958 · Tokyo +81 3-1234-5678 · New York (212) 555-0100? · nonsense 555-12';
    const phones = extractPhones({ text }, 'DE');
    const byNumber = Object.fromEntries(phones.map((p) => [p.e164, p]));
    expect(byNumber['+49301234567']).toMatchObject({ national: '030 1234567', country: 'DE', type: 'FIXED_LINE' });
    expect(byNumber['+4915123456789']).toMatchObject({ type: 'MOBILE' });
    expect(byNumber['+442079460958']).toMatchObject({ country: 'GB' });
    expect(byNumber['+81312345678']).toMatchObject({ country: 'JP' });
    expect(phones.some((p) => p.raw.includes('555-12'))).toBe(false);
  });

  it('reads tel: links, and the page’s country domain when no region is given', () => {
    expect(phoneRegion(null, 'https://firma.de/kontakt')).toBe('DE');
    expect(phoneRegion(undefined, 'https://shop.co.uk/')).toBe('GB');
    expect(phoneRegion(null, 'https://example.com/')).toBeUndefined();
    const phones = extractPhones(
      { text: 'Ruf an: 089 123456', html: '<a href="tel:+33%201%2023%2045%2067%2089">Paris</a>' },
      'DE',
    );
    expect(phones.map((p) => [p.e164, p.found_in])).toEqual([
      ['+33123456789', 'tel'],
      ['+4989123456', 'text'],
    ]);
  });

  it('refuses a region that is not a country', () => {
    expect(() => phoneRegion('XX', undefined)).toThrow(/not a country code/);
    expect(() => phoneRegion('Germany', undefined)).toThrow(OpError);
  });
});

describe('extractSocialProfiles', () => {
  it('finds profiles per network, normalised, without share buttons or single posts', () => {
    const html = `
      <a href="https://twitter.com/officina_app?ref=footer">t</a>
      <a href="https://x.com/Officina_App/">x again</a>
      <a href="https://twitter.com/intent/tweet?text=hi">share</a>
      <a href="https://www.facebook.com/sharer/sharer.php?u=x">share</a>
      <a href="https://www.facebook.com/OfficinaApp">fb</a>
      <a href="https://de.linkedin.com/company/officina/">li</a>
      <a href="https://www.linkedin.com/shareArticle?mini=true">share</a>
      <a href="https://www.instagram.com/officina.app/">ig</a>
      <a href="https://www.instagram.com/p/Cx1/">a post</a>
      <a href="https://www.youtube.com/@officina">yt</a>
      <a href="https://www.youtube.com/watch?v=abc">a video</a>
      <a href="https://www.tiktok.com/@officina">tt</a>
      <a href="https://github.com/officina">gh</a>
      <a href="https://github.com/officina/officina/issues">issues</a>
      <a href="https://fosstodon.org/@officina">m</a>
      <a rel="me" href="https://social.example.net/@ada">m2</a>
      <a href="https://bsky.app/profile/officina.bsky.social">b</a>`;
    expect(extractSocialProfiles(html, 'https://officina.example/')).toEqual([
      { network: 'x', url: 'https://x.com/officina_app', handle: 'officina_app' },
      { network: 'facebook', url: 'https://facebook.com/OfficinaApp', handle: 'OfficinaApp' },
      { network: 'linkedin', url: 'https://de.linkedin.com/company/officina', handle: 'company/officina' },
      { network: 'instagram', url: 'https://instagram.com/officina.app', handle: 'officina.app' },
      { network: 'youtube', url: 'https://youtube.com/@officina', handle: '@officina' },
      { network: 'tiktok', url: 'https://tiktok.com/@officina', handle: '@officina' },
      { network: 'github', url: 'https://github.com/officina', handle: 'officina' },
      { network: 'mastodon', url: 'https://fosstodon.org/@officina', handle: '@officina@fosstodon.org' },
      { network: 'mastodon', url: 'https://social.example.net/@ada', handle: '@ada@social.example.net' },
      { network: 'bluesky', url: 'https://bsky.app/profile/officina.bsky.social', handle: 'officina.bsky.social' },
    ]);
  });
});
