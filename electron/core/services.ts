import type { ActivityService } from './activity/service.js';
import type { BackupService } from './backups/service.js';
import type { ClaudeDesktopLink } from './claude-desktop/service.js';
import type { CustomersService } from './customers/service.js';
import type { PermissionsService } from './permissions/service.js';
import type { MonitorService } from './scraper/monitors.js';
import type { NotificationService } from './scraper/notifications.js';
import type { ScraperService } from './scraper/service.js';
import type {
  AnalyticsService,
  InventoryService,
  OrdersService,
  PaymentsService,
  ProductsService,
  ShippingService,
} from './sales/index.js';
import type { AllowedFoldersService } from './security/allowed-folders.js';
import type { PathGuard } from './security/paths.js';
import type { AppInfoService } from './settings/app-info.js';
import type { AppPreferencesService } from './settings/app-preferences.js';
import type { SettingsService } from './settings/service.js';
import type { WorkflowEngine } from './workflows/engine.js';
import type { WorkflowService } from './workflows/service.js';
import type { VaultService, VaultWatcher, VersionRetentionService } from './vault/index.js';

/** The domain services, built once per app in app.ts and handed to operations through ctx. */
export interface Services {
  settings: SettingsService;
  appInfo: AppInfoService;
  /** Officina's entry in Claude Desktop's settings file. */
  claudeDesktop: ClaudeDesktopLink;
  backups: BackupService;
  appPreferences: AppPreferencesService;
  permissions: PermissionsService;
  customers: CustomersService;
  products: ProductsService;
  inventory: InventoryService;
  orders: OrdersService;
  payments: PaymentsService;
  shipping: ShippingService;
  analytics: AnalyticsService;
  vault: VaultService;
  vaultWatcher: VaultWatcher;
  versionRetention: VersionRetentionService;
  activity: ActivityService;
  allowedFolders: AllowedFoldersService;
  /** Every file an operation reads or writes goes through here (vault, allowed folders, hidden files). */
  paths: PathGuard;
  scraper: ScraperService;
  monitors: MonitorService;
  workflows: WorkflowService;
  workflowEngine: WorkflowEngine;
  notifications: NotificationService;
}
