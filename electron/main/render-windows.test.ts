import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../../test/fixture-site.js';
import { ok, testApp } from '../../test/helpers.js';
import { DesktopRenderer } from '../core/scraper/render/desktop-renderer.js';
import type { BrowserAnswer, BrowserRequest } from '../core/scraper/render/render-session.js';
import {
  describeRequest,
  navigationAllowed,
  RenderHost,
  renderPartition,
  renderWindowOptions,
  type RenderWindowDriver,
} from './render-windows.js';

describe('the render window', () => {
  it('is offscreen, sandboxed, isolated, without preload or Node, JavaScript on, in a session of its own', () => {
    const options = renderWindowOptions(renderPartition(2));
    expect(options).toEqual({
      show: false,
      width: 1280,
      height: 900,
      webPreferences: {
        offscreen: true,
        partition: 'officina-render-2',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        javascript: true,
        webSecurity: true,
        allowRunningInsecureContent: false,
        images: false,
        plugins: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        disableDialogs: true,
        autoplayPolicy: 'document-user-activation-required',
        spellcheck: false,
        devTools: false,
        backgroundThrottling: false,
      },
    });
    // Nothing that would reach into it or loosen it; an in-memory session (no "persist:").
    for (const risky of ['preload', 'enableBlinkFeatures', 'additionalArguments', 'session']) {
      expect(options.webPreferences, risky).not.toHaveProperty(risky);
    }
    expect(options.webPreferences?.partition).not.toMatch(/^persist:/);
  });

  it('stays on its page', () => {
    expect(navigationAllowed('https://shop.example/p#reviews', 'https://shop.example/p')).toBe(true);
    expect(navigationAllowed('https://shop.example/other', 'https://shop.example/p')).toBe(false);
    expect(navigationAllowed('http://127.0.0.1/', 'https://shop.example/p')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd', 'https://shop.example/p')).toBe(false);
    expect(navigationAllowed('not a url', 'https://shop.example/p')).toBe(false);
  });

  it('tells a request’s kind from Chromium’s Sec-Fetch headers, and takes an unmarked one for a fetch', () => {
    const request = (headers: Record<string, string>) =>
      describeRequest({ url: 'https://shop.example/x', method: 'GET', headers, body: null });
    expect(request({ 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' })).toMatchObject({
      resourceType: 'document',
      mainFrameNavigation: true,
    });
    expect(request({ 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate' })).toMatchObject({
      resourceType: 'document',
      mainFrameNavigation: false,
    });
    expect(request({ 'sec-fetch-dest': 'script', 'sec-fetch-mode': 'no-cors' }).resourceType).toBe('script');
    expect(request({ 'sec-fetch-dest': 'image' }).resourceType).toBe('image');
    expect(request({ 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' }).resourceType).toBe('fetch');
    expect(request({})).toMatchObject({ resourceType: 'fetch', mainFrameNavigation: false });
  });
});

// The core's DesktopRenderer and main's RenderHost joined as in the app, every message cloned as it
// would be between the two processes; only the window is a stand-in (Electron cannot run here): it
// asks for what a browser would ask for, the page and the resources its script wants.
const site = new FixtureSite();
const secret = new FixtureSite();
beforeAll(async () => {
  await Promise.all([site.start('127.0.0.2'), secret.start('127.0.0.1')]);
  site.page('/shell', '<!doctype html><title>Shop</title><body><div id="root"></div><script src="/app.js"></script>');
  site.routes.set('/app.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end('/* app */'));
  site.routes.set('/api/items', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(['Sencha', 'Assam'])),
  );
  secret.routes.set('/', (_req, res) => res.writeHead(200).end('SECRET'));
});
afterAll(() => Promise.all([site.close(), secret.close()]));

/** A window that loads the page as Chromium would: the document, its script, two fetches; then shows what it got. */
function standInDriver(behaviour: 'loads' | 'fails' | 'hangs' = 'loads') {
  const opened: { slot: number; url: string; userAgent: string }[] = [];
  const closed: number[] = [];
  const shown = new Map<number, string>();
  const driver: RenderWindowDriver = {
    open(slot, page, hooks) {
      opened.push({ slot, ...page });
      const ask = (url: string, dest: string, mode: string): Promise<BrowserAnswer> =>
        hooks.request(
          describeRequest({
            url,
            method: 'GET',
            headers: { 'sec-fetch-dest': dest, 'sec-fetch-mode': mode },
            body: null,
          }),
        );
      void (async () => {
        if (behaviour === 'fails') return hooks.failed('ERR_NAME_NOT_RESOLVED');
        // Unmarked (no Sec-Fetch headers): the window's first request is its document all the same.
        const document = await hooks.request(
          describeRequest({ url: page.url, method: 'GET', headers: {}, body: null }),
        );
        const script = await ask(new URL('/app.js', page.url).href, 'script', 'no-cors');
        const items = await ask(new URL('/api/items', page.url).href, 'empty', 'cors');
        const stolen = await ask(`http://127.0.0.1:${secret.port}/`, 'empty', 'cors');
        const text = (answer: BrowserAnswer) =>
          answer.kind === 'fulfil' ? Buffer.from(answer.body).toString('utf8') : `blocked (${answer.reason})`;
        shown.set(
          slot,
          `<html><body><h1>Shop</h1><p>document ${document.kind}, script ${text(script)}.</p>` +
            `<p>Items: ${text(items)}. Secret: ${text(stolen)}.</p></body></html>`,
        );
        if (behaviour === 'loads') hooks.loaded();
      })();
    },
    async snapshot(slot) {
      const html = shown.get(slot);
      if (!html) throw new Error('nothing shown yet');
      return { html, url: opened.find((o) => o.slot === slot)?.url ?? '' };
    },
    close(slot) {
      closed.push(slot);
    },
  };
  return { driver, opened, closed };
}

function desktopApp(
  driver: RenderWindowDriver,
  budget = { timeMs: 5_000, requests: 50, bytes: 1 << 20, quietMs: 100 },
) {
  let renderer: DesktopRenderer | undefined;
  const host = new RenderHost({ post: (message) => renderer?.receive(structuredClone(message)), driver });
  const officina = testApp({
    allowPrivateHosts: ['127.0.0.2'],
    renderBudget: budget,
    renderer: (fetcher) =>
      (renderer = new DesktopRenderer({
        post: (message) => host.receive(structuredClone(message)),
        userAgent: fetcher.userAgent,
      })),
  });
  return { officina, host };
}

describe('rendering in the desktop’s own Chromium', () => {
  it('answers every request of the window through the core’s guarded fetcher, and reads what the page showed', async () => {
    const { driver, opened, closed } = standInDriver();
    const { officina, host } = desktopApp(driver);
    ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
    const before = secret.hits.length;
    const page = ok<{ rendered: boolean; content: string; warnings: string[] }>(
      await officina.call('scrape_website', { url: site.url('/shell'), render: 'auto' }),
    );
    expect(page.rendered).toBe(true);
    expect(page.content).toContain('document fulfil, script /* app */.');
    expect(page.content).toContain('Items: ["Sencha","Assam"]');
    expect(page.content).toContain('Secret: blocked (accessdenied)');
    expect(secret.hits.slice(before)).toEqual([]);
    expect(page.warnings.join(' ')).toMatch(new RegExp(`127\\.0\\.0\\.1:${secret.port}.*refused`));
    // The page itself was served from the fetch already made: fetched once.
    expect(site.hitsOf('/shell')).toHaveLength(1);
    expect(opened).toEqual([{ slot: 1, url: site.url('/shell'), userAgent: expect.stringContaining('Officina') }]);
    expect(closed).toEqual([1]);
    expect(host.open).toBe(0);
  });

  it('says so when the window cannot show the page, and closes it', async () => {
    const { driver, closed } = standInDriver('fails');
    const { officina } = desktopApp(driver);
    ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
    expect(await officina.call('scrape_website', { url: site.url('/shell'), render: 'always' })).toMatchObject({
      ok: false,
      error: { code: 'external', message: expect.stringMatching(/could not show .*ERR_NAME_NOT_RESOLVED/) },
    });
    expect(closed).toEqual([1]);
    // auto reads the page as fetched instead, with a warning.
    const auto = ok<{ rendered: boolean; warnings: string[] }>(
      await officina.call('scrape_website', { url: site.url('/shell') }),
    );
    expect(auto.rendered).toBe(false);
    expect(auto.warnings.join(' ')).toMatch(/could not be run/);
  });

  it('reads a page that never finishes loading when its time is up, saying so', async () => {
    const { driver } = standInDriver('hangs');
    const { officina } = desktopApp(driver, { timeMs: 1_000, requests: 50, bytes: 1 << 20, quietMs: 100 });
    ok(await officina.call('update_scraper_settings', { delay_ms: 0 }));
    const page = ok<{ rendered: boolean; content: string; warnings: string[] }>(
      await officina.call('scrape_website', { url: site.url('/shell'), render: 'always' }),
    );
    expect(page.rendered).toBe(true);
    expect(page.content).toContain('Items:');
    expect(page.warnings.join(' ')).toMatch(/still loading after 1 s/);
  });

  it('gives up a request the core never answers, and closes every window when the core stops', async () => {
    const start = (requestTimeoutMs: number) => {
      const posted: unknown[] = [];
      const answers: Promise<BrowserAnswer>[] = [];
      const closed: number[] = [];
      const host = new RenderHost({
        post: (message) => posted.push(message),
        requestTimeoutMs,
        driver: {
          open: (_slot, page, hooks) => {
            const request: BrowserRequest = describeRequest({ url: page.url, method: 'GET', headers: {}, body: null });
            answers.push(hooks.request(request), hooks.request(request));
          },
          snapshot: () => Promise.reject(new Error('unused')),
          close: (slot) => closed.push(slot),
        },
      });
      return { host, posted, answers, closed };
    };
    const slow = start(50);
    expect(slow.host.receive({ kind: 'render-open', id: 7, url: 'https://shop.example/', userAgent: 'Officina' })).toBe(
      true,
    );
    expect(await Promise.all(slow.answers)).toEqual([
      { kind: 'abort', reason: 'timedout' },
      { kind: 'abort', reason: 'timedout' },
    ]);

    const stopped = start(60_000);
    // Not the protocol's: left to the relay. An address that is not http(s) is not opened.
    expect(stopped.host.receive({ kind: 'reply', id: 1 })).toBe(false);
    expect(stopped.host.receive({ kind: 'render-open', id: 8, url: 'file:///etc/passwd', userAgent: 'x' })).toBe(false);
    stopped.host.receive({ kind: 'render-open', id: 9, url: 'https://shop.example/', userAgent: 'Officina' });
    expect(stopped.posted).toHaveLength(2);
    const answer = { kind: 'fulfil', status: 200, headers: {}, body: new Uint8Array([104, 105]) };
    stopped.host.receive({ kind: 'render-answer', id: 9, requestId: 1, answer });
    expect(await stopped.answers[0]).toEqual(answer);
    stopped.host.closeAll();
    expect(await stopped.answers[1]).toEqual({ kind: 'abort', reason: 'failed' });
    expect(stopped.closed).toEqual([1]);
    expect(stopped.host.open).toBe(0);
  });
});
