import { lookup as dnsLookup } from 'node:dns';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpError } from '../../../shared/errors.js';
import { FixtureSite } from '../../../test/fixture-site.js';
import { AddressGuard, HostAllowlist, isPublicAddress } from './address-guard.js';
import { Fetcher, retryAfterMs } from './fetcher.js';
import { Politeness } from './politeness.js';

const site = new FixtureSite();
beforeAll(() => site.start());
afterAll(() => site.close());

/** Names the tests make up, resolved to the fixture server's address: what a hostile DNS would do. */
const fakeDns: typeof dnsLookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
  if (hostname.endsWith('.test')) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  return dnsLookup(hostname, options as never, callback as never);
}) as never;

function fetcher(allow: string[] = ['127.0.0.1'], rules = { concurrency: 2, delayMs: 0 }) {
  const allowlist = new HostAllowlist(allow);
  const guard = new AddressGuard({ allowlist: () => allowlist, resolve: fakeDns });
  return new Fetcher({
    guard,
    politeness: new Politeness({ rules: () => rules }),
    version: 'test',
    maxRetryWaitMs: 3_000,
  });
}

async function refusal(promise: Promise<unknown>): Promise<OpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the address guard', () => {
  const hostile = [
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.0.0.1/',
    'http://0x7f000001/',
    'http://0/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:c0a8:101::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[fd00::1]/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://admin.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/',
  ];
  it.each(hostile)('refuses %s before sending anything', async (url) => {
    const before = site.hits.length;
    const error = await refusal(fetcher([]).get({ url }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/private or local address/);
    expect(site.hits.length).toBe(before);
  });

  it.each([
    ['file:///etc/passwd', /Only http and https/],
    ['ftp://example.com/x', /Only http and https/],
    ['javascript:alert(1)', /Only http and https/],
    ['data:text/html,<h1>x</h1>', /Only http and https/],
    ['gopher://127.0.0.1:70/', /Only http and https/],
    ['not a url', /is not a web address/],
    ['http://', /is not a web address/],
    ['http://user:secret@example.com/', /user name or password/],
  ])('refuses %s as invalid input', async (url, message) => {
    const error = await refusal(fetcher([]).get({ url }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
  });

  it('refuses a name that resolves to a private address, at connect time', async () => {
    site.routes.set('/secret', (_req, res) => res.end('internal data'));
    const error = await refusal(fetcher([]).get({ url: site.url('/secret', 'rebind.test'), robots: false }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('rebind.test (127.0.0.1)');
    expect(site.hitsOf('/secret')).toHaveLength(0);
  });

  it('refuses a redirect from an allowed host to a private one', async () => {
    site.routes.set('/hop', (_req, res) => res.writeHead(302, { location: site.url('/secret') }).end());
    const error = await refusal(
      fetcher(['allowed.test']).get({ url: site.url('/hop', 'allowed.test'), robots: false }),
    );
    expect(error.code).toBe('forbidden');
    expect(site.hitsOf('/secret')).toHaveLength(0);
  });

  it('lets the person allow hosts by name, address or range', async () => {
    site.routes.set('/ok', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('fine'));
    for (const allow of [['127.0.0.1'], ['127.0.0.0/8'], ['named.test'], ['*.wild.test']]) {
      const host = allow[0]?.startsWith('*.') ? 'a.wild.test' : allow[0]?.endsWith('.test') ? allow[0] : '127.0.0.1';
      const page = await fetcher(allow).get({ url: site.url('/ok', host), robots: false });
      expect(page.text()).toBe('fine');
    }
  });

  it('knows public from private, IPv4 inside IPv6 included', () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
    expect(isPublicAddress('64:ff9b::5db8:d822')).toBe(true); // NAT64 of a public address
    expect(isPublicAddress('::ffff:93.184.216.34')).toBe(true);
    expect(isPublicAddress('::ffff:10.1.2.3')).toBe(false);
    expect(isPublicAddress('2002:0a00:0001::')).toBe(false);
    expect(isPublicAddress('not-an-ip')).toBe(false);
    expect(HostAllowlist.problem('192.168.1.0/33')).toMatch(/0–32/);
    expect(HostAllowlist.problem('intranet.example')).toBeUndefined();
    expect(HostAllowlist.problem('bad host!')).toMatch(/not a host name/);
  });
});

describe('fetching a page', () => {
  it('decodes the charset the header, a <meta> or a BOM declares', async () => {
    site.routes.set('/cp1251', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1251' })
        .end(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])),
    );
    site.routes.set('/meta-latin1', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), Buffer.from([0x63, 0x61, 0x66, 0xe9])])),
    );
    site.routes.set('/bom16', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ü ok', 'utf16le')])),
    );
    site.routes.set('/sjis', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          Buffer.concat([
            Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'),
            Buffer.from([0x93, 0xfa, 0x96, 0x7b]),
          ]),
        ),
    );
    const f = fetcher();
    expect((await f.get({ url: site.url('/cp1251'), robots: false })).text()).toBe('Привет');
    expect((await f.get({ url: site.url('/meta-latin1'), robots: false })).text()).toContain('café');
    expect((await f.get({ url: site.url('/bom16'), robots: false })).text()).toBe('ü ok');
    const sjis = await f.get({ url: site.url('/sjis'), robots: false });
    expect(sjis.charset).toBe('shift_jis');
    expect(sjis.text()).toContain('日本');
  });

  it('takes gzip and brotli', async () => {
    const html = '<p>' + 'compressed '.repeat(500) + '</p>';
    site.routes.set('/gz', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(html)),
    );
    site.routes.set('/br', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(brotliCompressSync(html)),
    );
    const f = fetcher();
    expect((await f.get({ url: site.url('/gz'), robots: false })).text()).toBe(html);
    expect((await f.get({ url: site.url('/br'), robots: false })).text()).toBe(html);
    expect(site.hitsOf('/gz')[0]?.headers['accept-encoding']).toMatch(/br/);
    expect(site.hitsOf('/gz')[0]?.headers['user-agent']).toMatch(/Officina\/test/);
  });

  it('refuses a page larger than the cap, declared or streamed', async () => {
    site.routes.set('/huge-declared', (_req, res) =>
      res.writeHead(200, { 'content-length': String(10_000_000) }).end(),
    );
    site.routes.set('/huge-streamed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const push = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', push);
        else res.end();
      };
      push();
    });
    const f = fetcher();
    const declared = await refusal(f.get({ url: site.url('/huge-declared'), robots: false, maxBytes: 1024 * 1024 }));
    expect(declared.message).toMatch(/larger than 1 MB/);
    const streamed = await refusal(f.get({ url: site.url('/huge-streamed'), robots: false, maxBytes: 1024 * 1024 }));
    expect(streamed.code).toBe('external');
    expect(streamed.message).toMatch(/larger than 1 MB/);
  });

  it('gives up on a page that never finishes, saying how long it waited', async () => {
    site.routes.set('/never', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>start');
    });
    const error = await refusal(fetcher().get({ url: site.url('/never'), robots: false, timeoutMs: 500 }));
    expect(error.code).toBe('external');
    expect(error.message).toMatch(/did not answer within 0.5 s/);
  });

  it('stops redirect loops and long chains', async () => {
    site.routes.set('/loop-a', (_req, res) => res.writeHead(301, { location: '/loop-b' }).end());
    site.routes.set('/loop-b', (_req, res) => res.writeHead(302, { location: '/loop-a' }).end());
    for (let i = 0; i < 10; i++)
      site.routes.set(`/chain-${i}`, (_req, res) => res.writeHead(307, { location: `/chain-${i + 1}` }).end());
    const f = fetcher();
    expect((await refusal(f.get({ url: site.url('/loop-a'), robots: false }))).message).toMatch(/redirects in a loop/);
    expect((await refusal(f.get({ url: site.url('/chain-0'), robots: false }))).message).toMatch(/more than 5 times/);
  });

  it('follows redirects and says where the page was found', async () => {
    site.routes.set('/moved', (_req, res) => res.writeHead(301, { location: '/ok' }).end());
    const page = await fetcher().get({ url: site.url('/moved'), robots: false });
    expect(page.url).toBe(site.url('/ok'));
    expect(page.redirects).toEqual([site.url('/ok')]);
  });

  it('waits as a 429 asks (Retry-After) and tries again', async () => {
    let calls = 0;
    site.routes.set('/busy', (_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('served');
    });
    const started = performance.now();
    const page = await fetcher().get({ url: site.url('/busy'), robots: false });
    expect(page.text()).toBe('served');
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait an hour: a long Retry-After fails at once with what the site asked', async () => {
    site.routes.set('/maintenance', (_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end());
    const error = await refusal(fetcher().get({ url: site.url('/maintenance'), robots: false }));
    expect(error.message).toMatch(/answered 503 and asks to wait 3600 s/);
  });

  it('asks conditionally and reports an unchanged page', async () => {
    site.routes.set('/etag', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"', 'content-type': 'text/plain' }).end('body');
    });
    const f = fetcher();
    const first = await f.get({ url: site.url('/etag'), robots: false });
    expect(first.etag).toBe('"v1"');
    const second = await f.get({ url: site.url('/etag'), robots: false, conditional: { etag: first.etag } });
    expect(second.notModified).toBe(true);
  });

  it('answers cancellation with the caller’s reason', async () => {
    site.routes.set('/slow', (_req, res) => setTimeout(() => res.end('late'), 2_000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await expect(fetcher().get({ url: site.url('/slow'), robots: false, signal: controller.signal })).rejects.toThrow(
      'cancelled by test',
    );
  });
});

describe('robots.txt and politeness', () => {
  it('honours Disallow for Officina, reads robots.txt once per site, and keeps to Crawl-delay', async () => {
    const robotsSite = new FixtureSite();
    await robotsSite.start();
    try {
      robotsSite.routes.set('/robots.txt', (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end('User-agent: *\nDisallow: /private\n\nUser-agent: Officina\nDisallow: /no-officina\nCrawl-delay: 1\n'),
      );
      for (const p of ['/a', '/b', '/private']) robotsSite.routes.set(p, (_req, res) => res.end(p));
      const f = fetcher();
      const denied = await refusal(f.get({ url: robotsSite.url('/no-officina') }));
      expect(denied.code).toBe('forbidden');
      expect(denied.message).toMatch(/robots\.txt asks robots not to fetch \/no-officina/);
      // The group for Officina replaces the * group: /private is allowed for us.
      await f.get({ url: robotsSite.url('/private') });
      await Promise.all([f.get({ url: robotsSite.url('/a') }), f.get({ url: robotsSite.url('/b') })]);
      expect(robotsSite.hitsOf('/robots.txt')).toHaveLength(1);
      const starts = robotsSite.hits.filter((h) => h.path !== '/robots.txt').map((h) => h.at);
      for (let i = 1; i < starts.length; i++)
        expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
    } finally {
      robotsSite.server.close();
    }
  });

  it('treats a robots.txt that answers 5xx as "nothing allowed", and 404 as "everything allowed"', async () => {
    const down = new FixtureSite();
    await down.start();
    try {
      down.routes.set('/robots.txt', (_req, res) => res.writeHead(500).end());
      down.routes.set('/page', (_req, res) => res.end('x'));
      const error = await refusal(fetcher().get({ url: down.url('/page'), retries: 0 }));
      expect(error.message).toMatch(/robots\.txt could not be read/);
      expect(down.hitsOf('/page')).toHaveLength(0);
      expect((await fetcher().get({ url: site.url('/ok') })).text()).toBe('fine');
    } finally {
      down.server.close();
    }
  });

  it('sends at most `concurrency` requests to one host at a time', async () => {
    const busy = new FixtureSite();
    await busy.start();
    try {
      busy.routes.set('/p', (_req, res) => setTimeout(() => res.end('x'), 50));
      const f = fetcher(['127.0.0.1'], { concurrency: 2, delayMs: 0 });
      await Promise.all(Array.from({ length: 8 }, () => f.get({ url: busy.url('/p'), robots: false })));
      expect(busy.maxActive).toBeLessThanOrEqual(2);
      expect(busy.hitsOf('/p')).toHaveLength(8);
    } finally {
      busy.server.close();
    }
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
