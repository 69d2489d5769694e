import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixtureSite } from '../../../../test/fixture-site.js';
import { ok, testApp } from '../../../../test/helpers.js';
import { chromiumSandbox, findChromium } from './chromium.js';
import { chromiumArgs } from './playwright-renderer.js';
import { needsRendering, readableWords } from './render-policy.js';

// Pages whose text is written by their scripts, on a local site at 127.0.0.2 (allowed, as a person
// allows a machine of their network); a "secret" server at 127.0.0.1 (not allowed) stands for the
// router, the NAS, the cloud metadata address a hostile page would reach for.
const site = new FixtureSite();
const secret = new FixtureSite();

const shell = (script: string, extra = '') =>
  `<!doctype html><html><head><title>Shop</title></head><body><div id="root"></div>${extra}<script>${script}</script></body></html>`;

beforeAll(async () => {
  await Promise.all([site.start('127.0.0.2'), secret.start('127.0.0.1')]);
  secret.routes.set('/', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('SECRET'));
  site.routes.set('/api/items', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(['Sencha from Shizuoka', 'Assam from the Brahmaputra valley'])),
  );
  site.page(
    '/app',
    shell(`fetch('/api/items').then((r) => r.json()).then((items) => {
      document.getElementById('root').innerHTML = '<h1>Our teas</h1><ul>' +
        items.map((i) => '<li>' + i + '</li>').join('') + '</ul><p>' +
        'Every tea is packed by hand in Hamburg and sent the same day. '.repeat(5) + '</p>';
    });`),
  );
  site.page(
    '/static',
    '<!doctype html><title>Static</title><body><p id="t">Written by hand, no scripts needed at all here.</p>' +
      '<script>document.getElementById("t").textContent += " And a script was here.";</script></body>',
  );
  const s = `http://127.0.0.1:${secret.port}`;
  site.page(
    '/hostile',
    shell(
      `const out = [];
      const note = (what, p) => p.then((r) => r.text ? r.text() : r).then((t) => out.push(what + ': got ' + t), () => out.push(what + ': blocked'));
      Promise.all([
        note('fetch', fetch('${s}/')),
        note('localhost', fetch('http://localhost:${secret.port}/')),
        note('subdomain', fetch('http://secret.localhost:${secret.port}/')),
        note('mapped', fetch('http://[::ffff:127.0.0.1]:${secret.port}/')),
        note('decimal', fetch('http://2130706433:${secret.port}/')),
        note('post', fetch('${s}/', { method: 'POST', body: 'x' })),
      ]).then(() => {
        try { new WebSocket('ws://127.0.0.1:${secret.port}/ws'); } catch {}
        try { navigator.sendBeacon('${s}/beacon', 'x'); } catch {}
        try { new Worker(URL.createObjectURL(new Blob(["fetch('${s}/worker')"], { type: 'text/javascript' }))); } catch {}
        document.getElementById('root').innerHTML = '<h1>Hostile page read</h1><p>' + out.sort().join('. ') + '.</p>';
      });`,
      `<iframe src="http://localhost:${secret.port}/frame"></iframe><img src="${s}/img.png">
       <script src="${s}/script.js"></script><link rel="stylesheet" href="${s}/style.css">`,
    ),
  );
  // A contact page whose addresses only its script writes (as many "protect the address" widgets do).
  site.page(
    '/contact-app',
    shell(`document.getElementById('root').innerHTML = '<h1>Contact</h1><p>Write to ' +
      ['sales', 'teashop.test'].join('@') + ' or call <a href="tel:+494012345678">our shop</a>.</p>' +
      '<a href="https://www.instagram.com/teashop_hh/">Instagram</a>';`),
  );
  // A page whose scripts never stop loading: one request never answered, another every 100 ms.
  site.routes.set('/hang', () => undefined);
  site.page(
    '/forever',
    shell(`document.getElementById('root').innerHTML = '<h1>Still going</h1><p>' + 'This page keeps loading for ever and ever. '.repeat(4) + '</p>';
      fetch('/hang'); setInterval(() => fetch('/api/items'), 100);`),
  );
});
afterAll(() => Promise.all([site.close(), secret.close()]));
afterEach(() => vi.unstubAllEnvs());

async function app() {
  const officina = testApp({
    allowPrivateHosts: ['127.0.0.2'],
    renderBudget: { timeMs: 8_000, requests: 100, bytes: 5 * 1024 * 1024, quietMs: 300 },
  });
  ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
  return officina;
}

type Page = { content: string; rendered: boolean; warnings: string[]; title: string | null };

describe('render', () => {
  it('auto runs the scripts of a page that has no text without them, and only of such a page', async () => {
    const officina = await app();
    const shellPage = ok<Page>(await officina.call('scrape_website', { url: site.url('/app') }));
    expect(shellPage).toMatchObject({ rendered: true });
    expect(shellPage.content).toContain('Sencha from Shizuoka');
    expect(shellPage.content).toContain('packed by hand in Hamburg');

    const staticPage = ok<Page>(await officina.call('scrape_website', { url: site.url('/static') }));
    expect(staticPage.rendered).toBe(false);
    expect(staticPage.content).toContain('Written by hand');
    expect(staticPage.content).not.toContain('a script was here');
  });

  it('never reads the page as fetched; always runs the scripts even of a page with text', async () => {
    const officina = await app();
    const never = ok<Page>(await officina.call('scrape_website', { url: site.url('/app'), render: 'never' }));
    expect(never.rendered).toBe(false);
    expect(never.content ?? '').not.toContain('Sencha');

    const always = ok<Page>(await officina.call('scrape_website', { url: site.url('/static'), render: 'always' }));
    expect(always.rendered).toBe(true);
    expect(always.content).toContain('And a script was here.');

    const batch = ok<{ items: { page: Page }[] }>(
      await officina.call('scrape_multiple_pages', { urls: [site.url('/app'), site.url('/static')], render: 'always' }),
    );
    expect(batch.items.map((i) => i.page.rendered)).toEqual([true, true]);
    expect(batch.items[0]?.page.content).toContain('Assam');
  });

  it('refuses every private address the page’s scripts, frames, images and sockets reach for', async () => {
    const officina = await app();
    const before = secret.hits.length;
    const page = ok<Page>(await officina.call('scrape_website', { url: site.url('/hostile'), render: 'always' }));
    // The page ran (its text was written by its script) — and nothing of it reached the secret server.
    expect(page.rendered).toBe(true);
    expect(page.content).toContain('Hostile page read');
    for (const what of ['fetch', 'localhost', 'subdomain', 'mapped', 'decimal', 'post']) {
      expect(page.content).toContain(`${what}: blocked`);
    }
    expect(page.content).not.toContain('SECRET');
    expect(secret.hits.slice(before)).toEqual([]);
    expect(secret.upgrades).toEqual([]);
    expect(page.warnings.join(' ')).toContain(`http://127.0.0.1:${secret.port}`);
    expect(page.warnings.join(' ')).toMatch(/refused/);
  });

  it('reads a page that never stops loading when its time is up, and says so', async () => {
    const officina = await app();
    const page = ok<Page>(await officina.call('scrape_website', { url: site.url('/forever'), render: 'always' }));
    expect(page.rendered).toBe(true);
    expect(page.content).toContain('This page keeps loading');
    expect(page.warnings.join(' ')).toMatch(/still loading after 8 s|more than 100 files/);
  });

  it('is kept on a monitor: a page whose scripts write its text is watched as it shows', async () => {
    const officina = await app();
    const first = ok<{ monitor: { id: number; render: string }; current_content: { page: string[] } }>(
      await officina.call('monitor_website_changes', { url: site.url('/app'), render: 'always' }),
    );
    expect(first.monitor.render).toBe('always');
    expect(first.current_content.page.join('\n')).toContain('Sencha from Shizuoka');
    const never = ok<{ render: string; status: string }>(
      await officina.call('update_monitor', { monitor_id: first.monitor.id, render: 'never' }),
    );
    // Read another way, the page says other things: a new baseline, not a change to report.
    expect(never).toMatchObject({ render: 'never', status: 'pending' });
    const check = ok<{ baseline: boolean; changed: boolean; current_content: { page: string[] } }>(
      await officina.call('check_monitor_now', { monitor_id: first.monitor.id }),
    );
    expect(check).toMatchObject({ baseline: true, changed: false });
    expect(check.current_content.page.join('\n')).not.toContain('Sencha');
  });

  it('is taken by the contact tools and save_to_vault: a page whose script writes its contacts', async () => {
    const officina = await app();
    const url = site.url('/contact-app');
    const emails = ok<{ emails: { email: string }[]; rendered: boolean }>(
      await officina.call('extract_emails', { url }),
    );
    expect(emails).toMatchObject({ rendered: true, emails: [{ email: 'sales@teashop.test' }] });
    const unread = ok<{ emails: unknown[]; rendered: boolean }>(
      await officina.call('extract_emails', { url, render: 'never' }),
    );
    expect(unread).toMatchObject({ rendered: false, emails: [] });
    const phones = ok<{ phone_numbers: { e164: string }[] }>(
      await officina.call('extract_phone_numbers', { url, render: 'always' }),
    );
    expect(phones.phone_numbers.map((p) => p.e164)).toEqual(['+494012345678']);
    const social = ok<{ social_links: Record<string, string[]>; rendered: boolean }>(
      await officina.call('extract_social_media_links', { url }),
    );
    expect(social).toMatchObject({ rendered: true, social_links: { instagram: ['https://instagram.com/teashop_hh'] } });
    const plan = ok<{ created: { email: string }[]; rendered: boolean }>(
      await officina.call('import_contacts_as_customers', { url, dry_run: true }),
    );
    expect(plan.created.map((c) => c.email)).toEqual(['sales@teashop.test']);

    const saved = ok<{ document: { document_id: string }; rendered: boolean }>(
      await officina.call('save_to_vault', {
        url: site.url('/static'),
        render: 'always',
        destination: 'web/static.md',
      }),
    );
    expect(saved.rendered).toBe(true);
    const read = ok<{ content: string }>(await officina.call('read_document', { document_id: 'web/static.md' }));
    expect(read.content).toContain('And a script was here.');
    // A text given is read as it is: there is nothing to render.
    const given = ok<{ rendered: boolean; count: number }>(
      await officina.call('extract_emails', { text: 'hi@teashop.test', render: 'always' }),
    );
    expect(given).toMatchObject({ rendered: false, count: 1 });
    expect(await officina.call('extract_emails', { url, render: 'sometimes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'render', message: 'render is auto, never or always' }] },
    });
  });

  it('without a Chromium: always fails saying how to give one, auto reads the page as fetched with a warning', async () => {
    vi.stubEnv('OFFICINA_CHROMIUM', '/nonexistent/chromium');
    const officina = await app();
    const always = await officina.call('scrape_website', { url: site.url('/app'), render: 'always' });
    expect(always).toMatchObject({
      ok: false,
      error: {
        code: 'external',
        message: expect.stringMatching(/render: "always" needs a Chromium.*OFFICINA_CHROMIUM/),
      },
    });

    const auto = ok<Page>(await officina.call('scrape_website', { url: site.url('/app') }));
    expect(auto.rendered).toBe(false);
    expect(auto.warnings.join(' ')).toMatch(/could not be run .*OFFICINA_CHROMIUM/);
  });
});

describe('needsRendering', () => {
  it('is true only for pages with scripts and (almost) no text without them', () => {
    expect(needsRendering('<body><div id="root"></div><script src="/a.js"></script></body>')).toBe(true);
    expect(
      needsRendering(
        '<body><p>Loading…</p><noscript>Please turn on JavaScript to use this app</noscript><script></script>',
      ),
    ).toBe(true);
    expect(needsRendering('<body><div id="root"></div></body>')).toBe(false);
    expect(needsRendering('<body><p>Five words are enough here.</p><script></script></body>')).toBe(false);
    expect(needsRendering('<body><script type="application/ld+json">{}</script></body>')).toBe(false);
  });
});

describe('findChromium', () => {
  it('takes OFFICINA_CHROMIUM, else the usual places, else says what to do', () => {
    expect(findChromium({ OFFICINA_CHROMIUM: '/opt/c' }, 'linux', (p) => p === '/opt/c')).toBe('/opt/c');
    expect(() => findChromium({ OFFICINA_CHROMIUM: '/opt/c' }, 'linux', () => false)).toThrow(/OFFICINA_CHROMIUM/);
    expect(findChromium({}, 'linux', (p) => p === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    expect(findChromium({}, 'darwin', (p) => p.includes('Google Chrome'))).toMatch(/Google Chrome\.app/);
    expect(findChromium({ PROGRAMFILES: 'C:\\Program Files' }, 'win32', (p) => p.endsWith('chrome.exe'))).toMatch(
      /chrome\.exe$/,
    );
    expect(() => findChromium({}, 'linux', () => false)).toThrow(
      /needs a Chromium; set OFFICINA_CHROMIUM|needs a Chromium/,
    );
  });
});

describe('chromiumSandbox', () => {
  it('sandboxes Chromium unless Officina runs as root or the person turned it off', () => {
    expect(chromiumSandbox({}, 1000)).toBe(true);
    expect(chromiumSandbox({}, 0)).toBe(false);
    expect(chromiumSandbox({ OFFICINA_CHROMIUM_SANDBOX: '0' }, 1000)).toBe(false);
    expect(chromiumSandbox({ OFFICINA_CHROMIUM_SANDBOX: '1' }, 0)).toBe(true);
    expect(chromiumArgs(true)).not.toContain('--no-sandbox');
    expect(chromiumArgs(false)).toContain('--no-sandbox');
    expect(chromiumArgs(true)).toEqual(expect.arrayContaining(['--headless', '--disable-dev-shm-usage']));
  });
});

describe('readableWords', () => {
  it('counts the words of the body outside scripts, styles, templates and comments', () => {
    expect(
      readableWords(
        '<html><head><title>Many words in the title</title></head><body><!-- a comment here -->' +
          '<script>var a = "words in a script"</script><style>p { color: red }</style>' +
          '<p>One &amp; two</p><template><p>hidden words</p></template><p>three</p></body></html>',
      ),
    ).toBe(3);
    expect(readableWords('<p>no body tag but words</p>')).toBe(5);
    expect(readableWords(`<body>${'<p>word</p>'.repeat(10_000)}`, 5)).toBe(5);
    expect(readableWords('<body><script>never closed')).toBe(0);
  });
});
