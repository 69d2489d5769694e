import { IconWorldSearch } from '@tabler/icons-react';
import { PlannedDomain } from '../components/PlannedDomain.js';

export function ScraperView() {
  return (
    <PlannedDomain title="Scraper" icon={IconWorldSearch}>
      The scraper is not built yet. It will fetch web pages politely (respecting robots.txt and rate limits), extract
      the data you ask for, and run monitors that tell you when a page changes.
    </PlannedDomain>
  );
}
