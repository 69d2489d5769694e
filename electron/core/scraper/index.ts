import { crawlWebsiteOp } from './ops/crawl_website.js';
import { extractEmailsOp } from './ops/extract_emails.js';
import { extractPhoneNumbersOp } from './ops/extract_phone_numbers.js';
import { extractSocialMediaLinksOp } from './ops/extract_social_media_links.js';
import { getScraperSettingsOp } from './ops/get_scraper_settings.js';
import { scrapeMultiplePagesOp } from './ops/scrape_multiple_pages.js';
import { scrapeWebsiteOp } from './ops/scrape_website.js';
import { updateScraperSettingsOp } from './ops/update_scraper_settings.js';

export { ScraperService } from './service.js';
export const scraperOperations = [
  scrapeWebsiteOp,
  scrapeMultiplePagesOp,
  crawlWebsiteOp,
  extractEmailsOp,
  extractPhoneNumbersOp,
  extractSocialMediaLinksOp,
  getScraperSettingsOp,
  updateScraperSettingsOp,
];
