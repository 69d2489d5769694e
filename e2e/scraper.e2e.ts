import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../test/fixture-site.js';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// The Scraper view against a real local site (allowed with --allow-private-hosts, as a person would
// allow a machine of their own network): read a page, pick out parts, find contacts, crawl, watch.
const site = new FixtureSite();
let price = '$12.00';
/** What the webhook receiver answers: it fails until the test lets it work. */
let hookStatus = 500;
const hooked: unknown[] = [];
let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await site.start();
  site.routes.set('/', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head>
      <title>Teashop</title><meta name="description" content="Tea from small gardens"></head><body>
      <nav><a href="/contact">Contact</a> <a href="/about">About</a> <a href="/missing">Old page</a></nav>
      <main><h1>Teashop</h1>
      <p>${'We sell tea from small gardens, packed by hand in Hamburg and sent the same day. '.repeat(6)}</p>
      <ul><li class="product"><span class="name">Sencha</span> <span class="price">${price}</span></li>
      <li class="product"><span class="name">Assam</span> <span class="price">$9.50</span></li></ul></main></body></html>`),
  );
  site.page(
    '/contact',
    `<title>Contact</title><main><h1>Contact</h1><p>Write to <a href="mailto:ada.lovelace@teashop.test">Ada Lovelace</a>
     or orders [at] teashop [dot] test. Call +49 40 1234567.</p><a href="https://www.instagram.com/teashop/">Instagram</a>
     <a href="/">Home</a></main>`,
  );
  site.page('/about', '<title>About</title><p>Since 1999.</p><a href="/">Home</a>');
  // A page whose text only its script writes (an app shell), and a webhook receiver.
  site.page(
    '/app',
    `<!doctype html><html lang="en"><head><title>Tea app</title></head><body><div id="root"></div><script>
      document.getElementById('root').innerHTML = '<h1>Seasonal teas</h1><p>' +
        'First flush Darjeeling arrived this week, picked in the spring hills. '.repeat(4) + '</p>';
    </script></body></html>`,
  );
  site.routes.set('/hook', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (hookStatus === 200) hooked.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(hookStatus).end();
    });
  });
  served = await startServe({ args: ['--allow-private-hosts', '127.0.0.1'] });
  const paced = await served.call('update_scraper_settings', { delay_ms: 0 });
  expect(paced.status).toBe(200);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(served.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await site.close();
});

// What the page showed when a step failed: the first thing to look at.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `scraper-failed-${context.task.name.slice(0, 40)}`);
});

describe('the Scraper view', () => {
  it('reads a page, picks out parts as the selectors are typed, and lists its links', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scraper' }).click();
    await page.getByLabel('Web page').fill(site.url('/'));
    await page.getByRole('button', { name: 'Read page' }).click();
    await page.getByRole('heading', { name: 'Teashop', level: 3 }).waitFor();
    await expect.poll(() => page.getByText('We sell tea from small gardens').first().isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Add a selector' }).click();
    await page.getByLabel('Name of selector 1').fill('price');
    await page.getByLabel('CSS selector 1').fill('.price');
    const picked = page.getByRole('table', { name: 'What the selectors picked out' });
    await picked.getByText('$9.50').waitFor();
    await expect.poll(() => picked.getByText('$12.00').isVisible()).toBe(true);
    await screenshot(page, 'scraper-01-read-page');

    await page.getByLabel('CSS selector 1').fill('.price[');
    await page.getByText('Not a valid CSS selector').waitFor();
    await page.getByLabel('CSS selector 1').fill('.price');
    await page.getByRole('tab', { name: /Links/ }).click();
    const links = page.getByRole('table', { name: 'Links on the page' });
    await links.getByText(site.url('/contact')).waitFor();
  });

  it('finds a page’s contacts and adds them as customers after showing who', async () => {
    await page.getByLabel('Web page').fill(site.url('/contact'));
    await page.getByRole('button', { name: 'Read page' }).click();
    await page.getByRole('heading', { name: 'Contact', level: 3 }).waitFor();
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByText('orders@teashop.test').waitFor();
    await page.getByText(/\+49 40 1234567 \(DE, landline\)/).waitFor();
    await page.getByText('Instagram:').waitFor();
    await page.getByRole('button', { name: 'Add contacts as customers' }).click();
    const plan = page.getByRole('table', { name: 'Customers to add' });
    await plan.getByText('Ada Lovelace').waitFor();
    await screenshot(page, 'scraper-02-contacts-to-customers');
    await page.getByRole('button', { name: 'Add 2 customers' }).click();
    await page.getByText('Added 2 customers').waitFor();
    const customers = (await (await served.call('list_customers', {})).json()) as {
      data: { items: { name: string }[] };
    };
    // orders@ is the shop's own address, so the customer is the shop.
    expect(customers.data.items.map((c) => c.name).sort()).toEqual(['Ada Lovelace', 'Teashop']);

    await page.getByRole('button', { name: 'Save to documents' }).click();
    await page.getByText(/Saved as web\/127\.0\.0\.1\/contact\.md/).waitFor();
  });

  it('crawls a site with a progress bar, each page’s result, and the page that failed', async () => {
    await page.getByRole('tab', { name: 'Crawl a site' }).click();
    await page.getByRole('textbox', { name: /^Start page/ }).fill(site.url('/'));
    // Whether the pages' scripts run, as when reading one page: only for pages empty without them.
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Run the pages’ scripts' }).inputValue())
      .toBe('Only when the page is empty without them');
    await page.getByRole('button', { name: 'Start' }).click();
    const results = page.getByRole('table', { name: 'Pages read' });
    await results.waitFor();
    await results.getByRole('link', { name: site.url('/missing') }).waitFor();
    await expect.poll(() => results.getByText(/answered 404/).isVisible()).toBe(true);
    await expect.poll(() => results.getByText('Read', { exact: true }).count()).toBe(3);
    await page.getByText('Read 4 pages').waitFor();
    await screenshot(page, 'scraper-03-crawl');
  });

  it('watches a page and shows what changed, line by line', async () => {
    await page.getByRole('tab', { name: 'Read a page' }).click();
    await page.getByLabel('Web page').fill(site.url('/'));
    await page.getByRole('button', { name: 'Read page' }).click();
    await page.getByRole('heading', { name: 'Teashop', level: 3 }).waitFor();
    await page.getByRole('button', { name: 'Watch for changes' }).click();
    const form = page.getByRole('dialog', { name: 'Watch a page for changes' });
    await form.getByLabel('Name', { exact: true }).fill('Tea prices');
    await form.getByRole('button', { name: 'Watch page' }).click();
    const drawer = page.getByRole('dialog', { name: 'Tea prices' });
    await drawer.getByText('No change', { exact: true }).waitFor();
    await drawer.getByText('No changes found yet.').waitFor();

    price = '$13.50';
    await drawer.getByRole('button', { name: 'Check now' }).click();
    // The toast, and the change in the new-changes list behind the drawer.
    await page.getByText('Tea prices changed').first().waitFor();
    const diff = drawer.getByLabel(/^Change of /);
    await diff.getByText('+$13.50').waitFor();
    await expect.poll(() => diff.getByText('-$12.00').isVisible()).toBe(true);
    await screenshot(page, 'scraper-04-monitor-change');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    const row = page.getByRole('table', { name: 'Watched pages' }).getByRole('row', { name: /Tea prices/ });
    await row.getByText('Changed').waitFor();
    await row.getByText('Every day').waitFor();
  });

  it('reads a page whose text its scripts write, saying so', async () => {
    await page.getByRole('tab', { name: 'Read a page' }).click();
    await page.getByLabel('Web page').fill(site.url('/app'));
    await page.getByRole('button', { name: 'Read page' }).click();
    await page.getByRole('heading', { name: 'Tea app', level: 3 }).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Text', exact: true }).click();
    await page.getByText('First flush Darjeeling arrived').first().waitFor();
    await page.getByText('Scripts ran').waitFor();
    await screenshot(page, 'scraper-06-page-with-scripts');

    await page.getByRole('combobox', { name: 'Run the page’s scripts' }).click();
    await page.getByRole('option', { name: 'Never' }).click();
    await page.getByRole('button', { name: 'Read page' }).click();
    await expect.poll(() => page.getByText('Scripts ran').isVisible(), { timeout: 60_000 }).toBe(false);
    await expect.poll(() => page.getByText('First flush Darjeeling arrived').first().isVisible()).toBe(false);
    await page.getByRole('combobox', { name: 'Run the page’s scripts' }).click();
    await page.getByRole('option', { name: 'Only when the page is empty without them' }).click();
  });

  it('sends a change to a webhook, shows the failure with Retry now, and keeps new changes until read', async () => {
    await page.getByRole('tab', { name: /Watched pages/ }).click();
    const row = page.getByRole('table', { name: 'Watched pages' }).getByRole('row', { name: /Tea prices/ });
    await row.getByRole('button').first().click();
    const drawer = page.getByRole('dialog', { name: 'Tea prices' });
    await drawer.getByRole('button', { name: 'Change', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Change how Tea prices is watched' });
    await form.getByLabel('Also send changes to').fill(site.url('/hook'));
    await form.getByRole('combobox', { name: 'Run the page’s scripts' }).click();
    await page.getByRole('option', { name: 'Only when the page is empty without them' }).waitFor();
    await screenshot(page, 'scraper-07-watch-options');
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'hidden' });
    await drawer.getByText(`changes also sent to ${site.url('/hook')}`).waitFor();

    price = '$14.00';
    await drawer.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Tea prices changed').first().waitFor();
    // The webhook answers 500: the change is kept, the failure shown, and retried later.
    await drawer
      .getByText(/Notification to http:\/\/127\.0\.0\.1:\d+\/hook failed once: it answered 500/)
      .waitFor({ timeout: 60_000 });
    await drawer.getByText(/Officina tries again at/).waitFor();
    await drawer
      .getByText(/new change/)
      .first()
      .waitFor();
    await screenshot(page, 'scraper-08-notification-failed');

    hookStatus = 200;
    await drawer.getByRole('button', { name: 'Retry now' }).click();
    await drawer.getByText(/failed once/).waitFor({ state: 'hidden', timeout: 60_000 });
    expect(hooked).toHaveLength(1);
    expect(hooked[0]).toMatchObject({ type: 'monitor.changed', title: 'Tea prices changed' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    const inbox = page.getByRole('region', { name: 'New changes' });
    await inbox.getByText('Tea prices changed').first().waitFor();
    await inbox.getByText('Sent to 127.0.0.1', { exact: false }).first().waitFor();
    await screenshot(page, 'scraper-09-new-changes');
    await inbox.getByRole('button', { name: 'Mark all as read' }).click();
    await inbox.waitFor({ state: 'hidden' });
  });

  it('keeps the local network closed unless the person allows a host in Settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Scraper' }).click();
    const section = page.getByRole('heading', { name: 'Scraper', level: 3 });
    await section.scrollIntoViewIfNeeded();
    await page.getByText('Also allowed for this run, from the command line: 127.0.0.1').waitFor();
    const hosts = page.getByRole('combobox', { name: 'Local hosts that may be read' });
    await hosts.fill('192.168.1.0/99');
    await hosts.press('Enter');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByText('The prefix must be a whole number 0–32').waitFor();
    await screenshot(page, 'scraper-05-settings');
  });
});
