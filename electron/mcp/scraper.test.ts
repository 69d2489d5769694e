import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type TextResourceContents,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureSite } from '../../test/fixture-site.js';
import { giveEveryToolset, ok, testApp } from '../../test/helpers.js';
import { appSource, createMcpServer } from './server.js';

const site = new FixtureSite();
let price = '$5';
beforeAll(async () => {
  await site.start();
  site.routes.set('/', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<a href="/a">a</a><a href="/b">b</a><a href="/gone">gone</a><p class="price">${price}</p>`),
  );
  site.page('/a', '<title>A</title><a href="/">home</a>');
  site.page('/b', '<title>B</title>');
});
afterAll(() => site.close());

async function connect() {
  const app = testApp({ allowPrivateHosts: ['127.0.0.1'], runMonitors: false });
  ok(await app.call('update_scraper_settings', { delay_ms: 0 }));
  await giveEveryToolset(app);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(app)).connect(serverSide);
  const client = new Client({ name: 'scraper-test', version: '1' });
  await client.connect(clientSide);
  return { app, client };
}

describe('the scraper over MCP', () => {
  it('lists the scraper tools, crawls with progress and log messages, and keeps the person’s settings to the person', async () => {
    const { client } = await connect();
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['scrape_website', 'crawl_website', 'extract_emails', 'monitor_website_changes']),
      );
      expect(names).not.toContain('update_scraper_settings');
      const logs: string[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(String(n.params.data)));
      await client.setLoggingLevel('info');
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'crawl_website', arguments: { start_url: site.url('/'), max_pages: 10 } },
        undefined,
        { onprogress: (p) => void progress.push(p.progress) },
      );
      const data = result.structuredContent as { succeeded: number; failed: number; items: { url: string }[] };
      expect(data).toMatchObject({ succeeded: 3, failed: 1 });
      expect(progress).toEqual([1, 2, 3, 4]);
      expect(logs.some((l) => l.includes('/gone') && l.includes('404'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('serves monitors as resources whose subscribers hear of each change', async () => {
    const { client } = await connect();
    try {
      price = '$5';
      const created = await client.callTool({
        name: 'monitor_website_changes',
        arguments: { url: site.url('/'), selectors: { price: '.price' } },
      });
      const id = (created.structuredContent as { monitor: { id: number } }).monitor.id;
      const uri = `officina://monitors/${id}`;
      const read = await client.readResource({ uri });
      expect(JSON.parse((read.contents[0] as TextResourceContents).text)).toMatchObject({ id, status: 'ok' });
      const updated: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      await client.subscribeResource({ uri });
      await client.callTool({ name: 'check_monitor_now', arguments: { monitor_id: id } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(updated).toEqual([]); // Checked, nothing new: not news.
      price = '$6';
      const changed = await client.callTool({ name: 'check_monitor_now', arguments: { monitor_id: id } });
      expect(changed.structuredContent).toMatchObject({ changed: true, added: ['$6'], removed: ['$5'] });
      await expect.poll(() => updated, { timeout: 3_000, interval: 20 }).toEqual([uri]);
      const list = await client.readResource({ uri: 'officina://monitors?status=changed' });
      expect(JSON.parse((list.contents[0] as TextResourceContents).text).items).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
