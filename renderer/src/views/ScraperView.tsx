import { Badge, Tabs, Text, Title } from '@mantine/core';
import { IconEye, IconFileSearch, IconSitemap } from '@tabler/icons-react';
import { navigate, useRoute } from '../router.js';
import { CrawlPanel } from './scraper/CrawlPanel.js';
import { MonitorsPanel } from './scraper/MonitorsPanel.js';
import { ReadPagePanel } from './scraper/ReadPagePanel.js';
import { useNotifications } from './scraper/scraperQueries.js';

type ScraperTab = 'read' | 'crawl' | 'watched';

/** #/scraper (read a page), #/scraper/crawl, #/scraper/watched[/id]. */
export function ScraperView() {
  const { segments } = useRoute();
  const tab: ScraperTab = segments[1] === 'crawl' ? 'crawl' : segments[1] === 'watched' ? 'watched' : 'read';
  const unread = useNotifications().data?.unread ?? 0;
  const openId = tab === 'watched' && segments[2] && /^\d+$/.test(segments[2]) ? Number(segments[2]) : null;

  return (
    <div className="fill-view">
      <div>
        <Title order={2}>Scraper</Title>
        <Text c="dimmed" size="sm">
          Read web pages, pick out what you need, and watch pages for changes. Officina asks politely: it follows
          robots.txt, paces itself per site and never reaches your local network unless you allow it in Settings.
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => navigate(value === 'read' || !value ? '/scraper' : `/scraper/${value}`)}
        keepMounted
      >
        <Tabs.List aria-label="Scraper sections">
          <Tabs.Tab value="read" leftSection={<IconFileSearch size={16} aria-hidden />}>
            Read a page
          </Tabs.Tab>
          <Tabs.Tab value="crawl" leftSection={<IconSitemap size={16} aria-hidden />}>
            Crawl a site
          </Tabs.Tab>
          <Tabs.Tab
            value="watched"
            leftSection={<IconEye size={16} aria-hidden />}
            rightSection={
              unread > 0 ? (
                <Badge size="sm" color="blue" variant="filled" aria-label={`${unread} new changes`}>
                  {unread}
                </Badge>
              ) : undefined
            }
          >
            Watched pages
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="read" pt="md">
          <ReadPagePanel />
        </Tabs.Panel>
        <Tabs.Panel value="crawl" pt="md">
          <CrawlPanel />
        </Tabs.Panel>
        <Tabs.Panel value="watched" pt="md">
          <MonitorsPanel openId={openId} />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
