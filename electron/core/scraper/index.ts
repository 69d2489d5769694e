import { checkMonitorNowOp } from './ops/check_monitor_now.js';
import { crawlWebsiteOp } from './ops/crawl_website.js';
import { deleteMonitorOp } from './ops/delete_monitor.js';
import { extractEmailsOp } from './ops/extract_emails.js';
import { extractPhoneNumbersOp } from './ops/extract_phone_numbers.js';
import { extractSocialMediaLinksOp } from './ops/extract_social_media_links.js';
import { getMonitorOp } from './ops/get_monitor.js';
import { getMonitorHistoryOp } from './ops/get_monitor_history.js';
import { getScraperSettingsOp } from './ops/get_scraper_settings.js';
import { importContactsAsCustomersOp } from './ops/import_contacts_as_customers.js';
import { listMonitorNotificationsOp } from './ops/list_monitor_notifications.js';
import { listMonitorsOp } from './ops/list_monitors.js';
import { markMonitorNotificationsReadOp } from './ops/mark_monitor_notifications_read.js';
import { retryMonitorNotificationOp } from './ops/retry_monitor_notification.js';
import { monitorWebsiteChangesOp } from './ops/monitor_website_changes.js';
import { saveToVaultOp } from './ops/save_to_vault.js';
import { scrapeMultiplePagesOp } from './ops/scrape_multiple_pages.js';
import { scrapeWebsiteOp } from './ops/scrape_website.js';
import { updateMonitorOp } from './ops/update_monitor.js';
import { updateScraperSettingsOp } from './ops/update_scraper_settings.js';

export { MonitorService } from './monitors.js';
export { NotificationDispatcher } from './notification-dispatcher.js';
export { NotificationService } from './notifications.js';
export { MonitorScheduler } from './scheduler.js';
export { ScraperService } from './service.js';
export const scraperOperations = [
  scrapeWebsiteOp,
  scrapeMultiplePagesOp,
  crawlWebsiteOp,
  extractEmailsOp,
  extractPhoneNumbersOp,
  extractSocialMediaLinksOp,
  saveToVaultOp,
  importContactsAsCustomersOp,
  monitorWebsiteChangesOp,
  listMonitorsOp,
  getMonitorOp,
  updateMonitorOp,
  deleteMonitorOp,
  checkMonitorNowOp,
  getMonitorHistoryOp,
  listMonitorNotificationsOp,
  markMonitorNotificationsReadOp,
  retryMonitorNotificationOp,
  getScraperSettingsOp,
  updateScraperSettingsOp,
];
