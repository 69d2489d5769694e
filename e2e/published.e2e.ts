import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Marked } from 'marked';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficina, type Officina } from '../electron/core/app.js';
import { PUBLISHED_PAGE_POLICY, publishedPage } from '../electron/core/vault/publish.js';
import { textBreakouts, xssVectors } from '../test/xss-corpus.js';
import { launchBrowser } from './harness.js';

/**
 * Published pages opened as people open them: from disk (file://) in Chromium. Every vector of the
 * corpus pings a local server and sets window.__pwned if it runs; the server also serves the one
 * image the document may load, which shows that pings do arrive. A control page (the same Markdown
 * rendered as before: marked's HTML as it is, no policy) shows the vectors are live in this browser.
 */

let dir: string;
let app: Officina;
let browser: Browser;
let server: Server;
let origin: string;
const hits: string[] = [];
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const beacon = (name: string) => `${origin}/hit/${name}`;
const published = (path: string) => join(dir, 'published', path);

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    response.end(PIXEL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'officina-published-'));
  app = createOfficina({
    dataDir: dir,
    vault: join(dir, 'vault'),
    logLevel: 'silent',
    watchOtherProcesses: false,
    watchVault: false,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function publish(destination: string, content: string): Promise<void> {
  const call = async (name: string, input: unknown) => {
    const result = await app.catalogue.call(name, input, { caller: { kind: 'ui', name: 'e2e' }, face: 'ui' });
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  };
  await call('upload_document', { content, destination });
  for (const step of ['submit_for_review', 'approve_document', 'publish_document'])
    await call(step, { document_id: destination });
}

function hostileMarkdown(): string {
  const vectors = xssVectors(beacon).map((v) => `## ${v.name}\n\n${v.markdown}`);
  return `# Hostile\n\n![allowed](${origin}/image.png)\n\n${vectors.join('\n\n')}\n`;
}

/**
 * Opens a page from disk, gives its handlers time to fire, clicks every link that is not plain
 * http(s) (a javascript: link runs on click), and returns what ran: the server's hits for it and
 * window.__pwned.
 */
async function open(file: string): Promise<{ hits: string[]; pwned: unknown; title: string; page: Page }> {
  hits.length = 0;
  const page = await browser.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // One at a time: a javascript: link runs as a navigation, and a second click cancels the first.
  const links = page.locator('a');
  for (let i = 0, count = await links.count(); i < count; i++) {
    await links.nth(i).evaluate((link) => {
      // dispatchEvent, not click(): an SVG <a> has no click() but follows its link on a click event too.
      if (!/^https?:/i.test(link.getAttribute('href') ?? ''))
        link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(100);
  }
  // Handlers and pings are asynchronous: wait until the allowed image's request is in, then a little.
  if (readFileSync(file, 'utf8').includes('/image.png')) await expect.poll(() => hits).toContain('/image.png');
  await page.waitForTimeout(500);
  const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  const title = await page.title();
  return { hits: hits.filter((h) => h.startsWith('/hit/')).sort(), pwned, title, page };
}

describe('published pages in Chromium', () => {
  it('the corpus is live: rendered as before (raw HTML, no policy), its vectors run', async () => {
    const control = join(dir, 'control.html');
    const raw = new Marked({ gfm: true }).parse(hostileMarkdown(), { async: false });
    writeFileSync(
      control,
      `<!doctype html>\n<html><head><meta charset="utf-8"><title>Control</title></head>\n<body>\n${raw}</body></html>\n`,
    );
    const result = await open(control);
    // Those that run in this Chromium when left in (the rest are refused by the browser itself, like a
    // data: link, or need a person's action, like a form; the unit tests check those are gone too).
    const live = [
      'script',
      'img-onerror',
      'img-onerror-inline',
      'svg-onload',
      'svg-xlink',
      'md-link',
      'md-link-angle',
      'md-autolink',
      'md-reference',
      'html-link',
      'html-link-case',
      'html-link-space',
      'entity-hex',
      'entity-decimal',
      'entity-colon',
      'iframe-srcdoc',
      'iframe-src',
      'object',
      'style-attr',
      'style-tag',
      'link-stylesheet',
      'details-ontoggle',
      'body-onload',
      'noscript',
      'comment',
      'textarea',
    ];
    await expect
      .poll(() => hits.filter((h) => h.startsWith('/hit/')))
      .toEqual(expect.arrayContaining(live.map((name) => `/hit/${name}`)));
    expect(result.pwned).toBeDefined();
    await result.page.close();
  });

  it('runs nothing in a published Markdown document, and shows it', async () => {
    await publish('blog/hostile.md', hostileMarkdown());
    const file = published('blog/hostile.html');
    const result = await open(file);
    expect(result).toMatchObject({ hits: [], pwned: undefined, title: 'hostile.md' });
    expect(await result.page.locator('h1').textContent()).toBe('Hostile');
    expect(await result.page.locator('img[alt=allowed]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(await result.page.locator('h2').count()).toBe(xssVectors(beacon).length);
    await result.page.close();
  });

  it('runs nothing with either wall alone: the sanitised page without its policy, the raw HTML with it', async () => {
    const source = readFileSync(published('blog/hostile.html'), 'utf8');
    const policy = `<meta http-equiv="Content-Security-Policy" content="${PUBLISHED_PAGE_POLICY}">\n`;
    expect(source).toContain(policy);
    const sanitisedOnly = join(dir, 'sanitised-only.html');
    writeFileSync(sanitisedOnly, source.replace(policy, ''));
    const policyOnly = join(dir, 'policy-only.html');
    writeFileSync(
      policyOnly,
      publishedPage('Policy only', new Marked({ gfm: true }).parse(hostileMarkdown(), { async: false })),
    );
    for (const file of [sanitisedOnly, policyOnly]) {
      const result = await open(file);
      expect({ file, hits: result.hits, pwned: result.pwned }).toEqual({ file, hits: [], pwned: undefined });
      await result.page.close();
    }
  });

  it.each(textBreakouts(beacon))('shows the $name text as it is, running nothing', async ({ name, text }) => {
    await publish(`notes/${name}.txt`, text);
    const result = await open(published(`notes/${name}.html`));
    expect(result).toMatchObject({ hits: [], pwned: undefined });
    const shown = await result.page.locator('body > pre').evaluate((pre) => pre.textContent);
    const lines = text.replaceAll('\r\n', '\n');
    expect(shown).toBe(lines.endsWith('\n') ? lines : `${lines}\n`);
    expect(await result.page.locator('body > *').count()).toBe(1);
    await result.page.close();
  });
});
