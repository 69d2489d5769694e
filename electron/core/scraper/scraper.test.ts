import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../../../test/fixture-site.js';
import { ok, testApp } from '../../../test/helpers.js';

const site = new FixtureSite();

const shopPage = (title: string, body: string, links: string[] = []) => `<!doctype html><html lang="en"><head>
<title>${title}</title><meta name="description" content="${title} at the Teashop"></head><body>
<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>
<main><h1>${title}</h1>${body}</main></body></html>`;

beforeAll(async () => {
  await site.start();
  site.page(
    '/',
    shopPage(
      'Teashop',
      `<p>${'We sell tea from small gardens, packed by hand in Hamburg. '.repeat(10)}</p>
       <ul><li class="product"><span class="name">Sencha</span> <span class="price">$12.00</span></li>
           <li class="product"><span class="name">Assam</span> <span class="price">$9.50</span></li></ul>`,
      ['/contact', '/about', '/blog/1', '/private/admin', 'https://elsewhere.example/'],
    ),
  );
  site.page(
    '/contact',
    shopPage(
      'Contact',
      `<p>Write to hello@teashop.test or orders [at] teashop [dot] test.</p>
       <p>Hamburg: +49 40 1234567 · London: +44 20 7946 0958 · Toll free (800) 555-0199</p>
       <a href="https://twitter.com/teashop">X</a> <a href="https://twitter.com/intent/tweet?url=x">Share</a>
       <a href="https://www.instagram.com/teashop/">Instagram</a>`,
      ['/'],
    ),
  );
  site.page('/about', shopPage('About', '<p>Since 1999.</p>', ['/', '/about/team']));
  site.page('/about/team', shopPage('Team', '<p>Ada and Grace.</p>', ['/']));
  site.page('/blog/1', shopPage('Blog one', '<p>First post.</p>', ['/blog/2']));
  site.page('/blog/2', shopPage('Blog two', '<p>Second post.</p>', []));
  site.page('/private/admin', shopPage('Admin', '<p>Secret.</p>'));
  site.routes.set('/broken', (_req, res) => res.writeHead(500).end('oops'));
  site.routes.set('/report.pdf', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
  );
  site.routes.set('/robots.txt', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'),
  );
});
afterAll(() => site.close());

async function app() {
  const officina = testApp({ allowPrivateHosts: ['127.0.0.1'] });
  // The fixture site answers at once: no pause between requests in tests.
  ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
  return officina;
}

describe('scrape_website', () => {
  it('reads a page: title, description, main text, selectors and links', async () => {
    const officina = await app();
    const page = ok(
      await officina.call('scrape_website', {
        url: site.url('/'),
        selectors: { names: '.product .name', prices: '.price' },
        extract_links: true,
      }),
    );
    expect(page).toMatchObject({
      url: site.url('/'),
      final_url: site.url('/'),
      status: 200,
      title: 'Teashop',
      description: 'Teashop at the Teashop',
      language: 'en',
      selectors: { names: ['Sencha', 'Assam'], prices: ['$12.00', '$9.50'] },
      pages: [],
    });
    expect(page['content']).toContain('We sell tea from small gardens');
    expect((page['links'] as { url: string; internal: boolean }[]).map((l) => [l.url, l.internal])).toContainEqual([
      'https://elsewhere.example/',
      false,
    ]);
  });

  it('follows links on the same site to max_depth, leaving out what robots.txt forbids', async () => {
    const page = ok(await (await app()).call('scrape_website', { url: site.url('/'), max_depth: 2 }));
    const pages = page['pages'] as { url: string; ok: boolean; error: { message: string } | null }[];
    expect(pages.map((p) => p.url).sort()).toEqual(
      [site.url('/about'), site.url('/blog/1'), site.url('/contact'), site.url('/private/admin')].sort(),
    );
    expect(pages.find((p) => p.url.endsWith('/private/admin'))).toMatchObject({ ok: false });
    expect(pages.find((p) => p.url.endsWith('/private/admin'))?.error?.message).toMatch(/robots\.txt/);
    expect(page['links']).toBeNull();
  });

  it('answers bad input and refused pages clearly, fetching nothing', async () => {
    const officina = await app();
    const before = site.hits.length;
    const cases = [
      [{ url: 'ftp://x.example/' }, 'invalid_input', /Only http and https/],
      [{ url: site.url('/'), selectors: { price: 'div[' } }, 'invalid_input', /not valid CSS/],
      [{ url: site.url('/'), max_depth: 9 }, 'invalid_input', /max_depth is at most 3/],
      [{ url: site.url('/private/admin') }, 'forbidden', /robots\.txt asks robots not to fetch \/private\/admin/],
    ] as const;
    for (const [input, code, message] of cases) {
      const envelope = await officina.call('scrape_website', input);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) {
        expect(envelope.error.code).toBe(code);
        expect(envelope.error.message).toMatch(message);
      }
    }
    expect(site.hits.slice(before).filter((h) => h.path !== '/robots.txt')).toHaveLength(0);
    const pdf = await officina.call('scrape_website', { url: site.url('/report.pdf') });
    expect(pdf.ok ? null : pdf.error.message).toMatch(/is a application\/pdf file, not a web page/);
  });

  it('refuses the machine’s own addresses unless the person allowed them', async () => {
    const officina = testApp();
    const refused = await officina.call('scrape_website', { url: site.url('/') });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'forbidden' });
    const viaMcp = await officina.call(
      'update_scraper_settings',
      { allowed_private_hosts: ['127.0.0.1'] },
      { kind: 'mcp', name: 'assistant' },
      'mcp',
    );
    expect(viaMcp.ok ? null : viaMcp.error.code).toBe('forbidden');
    ok(await officina.call('update_scraper_settings', { allowed_private_hosts: ['127.0.0.0/8'], delay_ms: 0 }));
    expect(ok(await officina.call('scrape_website', { url: site.url('/') }))['title']).toBe('Teashop');
    const bad = await officina.call('update_scraper_settings', { allowed_private_hosts: ['10.0.0.0/99'] });
    expect(bad.ok ? null : bad.error.issues).toEqual([
      { path: 'allowed_private_hosts.0', message: 'The prefix must be a whole number 0–32' },
    ]);
  });
});

describe('scrape_multiple_pages and crawl_website', () => {
  it('reads every page in order, with each failure in its own item', async () => {
    const result = ok(
      await (
        await app()
      ).call('scrape_multiple_pages', {
        urls: [site.url('/about'), site.url('/broken'), 'not a url', site.url('/contact')],
        max_concurrent: 2,
      }),
    );
    const items = result['items'] as {
      url: string;
      ok: boolean;
      page: { title: string } | null;
      error: { code: string } | null;
    }[];
    expect(items.map((i) => [i.ok, i.page?.title ?? i.error?.code])).toEqual([
      [true, 'About'],
      [false, 'external'],
      [false, 'invalid_input'],
      [true, 'Contact'],
    ]);
    expect(result).toMatchObject({ succeeded: 2, failed: 2, next_cursor: null });
  });

  it('crawls breadth first within max_pages, max_depth and the patterns, reporting progress', async () => {
    const officina = await app();
    const progress: number[] = [];
    const envelope = await officina.catalogue.call(
      'crawl_website',
      { start_url: site.url('/'), max_pages: 10, max_depth: 3, exclude: ['*/blog/*'] },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui', progress: (done) => progress.push(done) },
    );
    const items = ok(envelope)['items'] as { url: string; depth: number }[];
    expect(items.map((i) => [i.url.replace(site.url(''), ''), i.depth])).toEqual([
      ['/', 0],
      ['/contact', 1],
      ['/about', 1],
      ['/private/admin', 1],
      ['/about/team', 2],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    const two = ok(await officina.call('crawl_website', { start_url: site.url('/'), max_pages: 2 }));
    expect((two['items'] as unknown[]).length).toBe(2);
    // With room for one more page, /about's link back home (read already) does not take the place of its new one.
    const five = ok(
      await officina.call('crawl_website', { start_url: site.url('/'), max_pages: 5, exclude: ['*/blog/*'] }),
    );
    expect((five['items'] as { url: string }[]).map((i) => i.url.replace(site.url(''), ''))).toEqual([
      '/',
      '/contact',
      '/about',
      '/private/admin',
      '/about/team',
    ]);
  });

  it('answers with links only when asked, the last level’s pages too', async () => {
    const officina = await app();
    type Items = { items: { ok: boolean; depth: number; page: { links: { url: string }[] | null } | null }[] };
    const quiet = ok<Items>(await officina.call('crawl_website', { start_url: site.url('/'), max_depth: 1 }));
    expect(quiet.items.map((i) => i.depth)).toContain(1);
    expect(quiet.items.filter((i) => i.ok).map((i) => i.page?.links)).toEqual(
      quiet.items.filter((i) => i.ok).map(() => null),
    );
    const asked = ok<Items>(
      await officina.call('crawl_website', { start_url: site.url('/'), max_depth: 1, extract_links: true }),
    );
    const about = asked.items.find((i) => i.page?.links?.some((l) => l.url === site.url('/about/team')));
    expect(about?.depth).toBe(1);
  });

  it('stops when the caller cancels', async () => {
    site.routes.set('/slow', (_req, res) => setTimeout(() => res.end('<a href="/">x</a>'), 1_000));
    const officina = await app();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const envelope = await officina.catalogue.call(
      'crawl_website',
      { start_url: site.url('/slow') },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui', signal: controller.signal },
    );
    expect(envelope.ok ? null : envelope.error.message).toMatch(/cancelled/);
  });
});

describe('extract_emails, extract_phone_numbers, extract_social_media_links', () => {
  it('reads a page for contacts', async () => {
    const officina = await app();
    const emails = ok(await officina.call('extract_emails', { url: site.url('/contact') }));
    expect(emails).toMatchObject({
      count: 2,
      emails: [{ email: 'hello@teashop.test' }, { email: 'orders@teashop.test', found_in: 'obfuscated' }],
    });
    const phones = ok(
      await officina.call('extract_phone_numbers', { url: site.url('/contact'), default_region: 'us' }),
    );
    expect((phones['phone_numbers'] as { e164: string; type: string }[]).map((p) => [p.e164, p.type])).toEqual([
      ['+49401234567', 'FIXED_LINE'],
      ['+442079460958', 'FIXED_LINE'],
      ['+18005550199', 'TOLL_FREE'],
    ]);
    const social = ok(await officina.call('extract_social_media_links', { url: site.url('/contact') }));
    expect(social).toMatchObject({
      social_links: { x: ['https://x.com/teashop'], instagram: ['https://instagram.com/teashop'] },
      platforms_found: ['x', 'instagram'],
    });
  });

  it('reads text given instead of a page, and takes the seed’s nulls as "not given"', async () => {
    const officina = await app();
    const emails = ok(await officina.call('extract_emails', { url: null, text: 'mail ada@example.org', html: null }));
    expect(emails['count']).toBe(1);
    const phones = ok(await officina.call('extract_phone_numbers', { text: 'Tel. 030 1234567', default_region: 'DE' }));
    expect(phones['region']).toBe('DE');
    const both = await officina.call('extract_emails', { url: site.url('/'), text: 'x' });
    expect(both.ok ? null : both.error.message).toMatch(/exactly one of url, text or html/);
    const region = await officina.call('extract_phone_numbers', { text: 'x', default_region: 'XX' });
    expect(region.ok ? null : region.error.issues).toEqual([{ path: 'default_region', message: 'Unknown region' }]);
  });
});

describe('save_to_vault and import_contacts_as_customers', () => {
  it('keeps a page in the vault as Markdown with its source in front matter', async () => {
    const officina = await app();
    const saved = ok<{ document: { document_id: string; title: string; tags: string[] } }>(
      await officina.call('save_to_vault', { url: site.url('/'), tags: ['research'] }),
    );
    expect(saved.document).toMatchObject({
      document_id: 'web/127.0.0.1/index.md',
      title: 'Teashop',
      tags: ['research'],
    });
    const read = ok<{ content: string }>(
      await officina.call('read_document', { document_id: 'web/127.0.0.1/index.md' }),
    );
    expect(read.content).toMatch(/^---\ntitle: Teashop\nsource: http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(read.content).toContain('We sell tea from small gardens');
    const before = site.hits.length;
    const outside = await officina.call('save_to_vault', { url: site.url('/'), destination: '../outside.md' });
    expect(outside.ok ? null : outside.error.issues?.[0]?.path).toBe('destination');
    expect(site.hits.length).toBe(before); // Refused before the page was fetched.
    const again = await officina.call('save_to_vault', { url: site.url('/') });
    expect(again.ok ? null : again.error.code).toBe('conflict');
    ok(await officina.call('save_to_vault', { url: site.url('/'), overwrite: true }));
  });

  it('makes customers of a page’s contacts once, named from the page, and shows a dry run first', async () => {
    site.page(
      '/team',
      `<script type="application/ld+json">{"@type":"Organization","name":"Teashop","employee":[
        {"@type":"Person","name":"Ada Lovelace","email":"ada@teashop.test","telephone":"+44 20 7946 0958"}]}</script>
       <a href="mailto:grace.hopper@teashop.test">Grace Hopper</a> <a href="mailto:info@teashop.test">Email us</a>
       <p>old: existing@teashop.test</p>`,
    );
    const officina = await app();
    ok(await officina.call('create_customer', { name: 'Already Here', email: 'EXISTING@teashop.test' }));
    const dry = ok<{ created: { id: number; name: string }[] }>(
      await officina.call('import_contacts_as_customers', { url: site.url('/team'), dry_run: true }),
    );
    expect(dry.created.map((c) => [c.id, c.name])).toEqual([
      [0, 'Grace Hopper'],
      [0, 'Teashop'],
      [0, 'Ada Lovelace'],
    ]);
    expect(ok<{ items: unknown[] }>(await officina.call('list_customers', {})).items).toHaveLength(1);
    const done = ok<{
      created: { name: string; email: string; phone: string | null; tags: string[]; notes: string }[];
      existing: unknown[];
    }>(await officina.call('import_contacts_as_customers', { url: site.url('/team') }));
    expect(done.created.map((c) => [c.name, c.email, c.phone])).toEqual([
      ['Grace Hopper', 'grace.hopper@teashop.test', null],
      ['Teashop', 'info@teashop.test', null],
      ['Ada Lovelace', 'ada@teashop.test', '+44 20 7946 0958'],
    ]);
    expect(done.created[0]?.tags).toEqual(['web']);
    expect(done.created[0]?.notes).toContain(site.url('/team'));
    expect(done.existing).toHaveLength(1);
    const twice = ok<{ created: unknown[]; existing: unknown[] }>(
      await officina.call('import_contacts_as_customers', { url: site.url('/team') }),
    );
    expect(twice).toMatchObject({ created: [], existing: [{}, {}, {}, {}] });
  });
});
