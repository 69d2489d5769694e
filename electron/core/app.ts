import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { toolsetsOf } from '../../shared/toolsets.js';
import { ActivityRecorder } from './activity/recorder.js';
import { ActivitySubjects } from './activity/subjects.js';
import { ActivityPruner, ActivityService, activityOperations } from './activity/index.js';
import { BackupScheduler, BackupService, backupOperations } from './backups/index.js';
import { Catalogue } from './catalogue/catalogue.js';
import { ClaudeDesktopLink, claudeDesktopOperations } from './claude-desktop/index.js';
import { systemClock, type Clock } from './catalogue/context.js';
import type { AppConfig } from './config.js';
import { databasePath, logFilePath, makePrivate, openDataDir } from './data-dir.js';
import { CustomersService, customerOperations } from './customers/index.js';
import { EventBus } from './events/bus.js';
import { createLogger, type Logger } from './log.js';
import { checkProcessToolsets, PermissionsService, permissionOperations } from './permissions/index.js';
import { AllowedFoldersService, PathGuard, allowedFolderOperations } from './security/index.js';
import {
  AnalyticsService,
  InventoryService,
  OrdersService,
  PaymentsService,
  ProductsService,
  ShippingService,
  salesOperations,
} from './sales/index.js';
import { ReservationSweeper } from './sales/sweeper.js';
import {
  MonitorScheduler,
  MonitorService,
  NotificationDispatcher,
  NotificationService,
  ScraperService,
  scraperOperations,
} from './scraper/index.js';
import type { Fetcher } from './scraper/fetcher.js';
import type { PageRenderer } from './scraper/render/page-renderer.js';
import type { RenderBudget } from './scraper/render/render-session.js';
import type { Services } from './services.js';
import { transferOperations } from './transfer/index.js';
import { trashOperations } from './trash/index.js';
import { DocumentStore, VaultService, VaultWatcher, VersionRetentionService, vaultOperations } from './vault/index.js';
import { VaultAvailability } from './vault/availability.js';
import { AppInfoService, AppPreferencesService, SettingsService, settingsOperations } from './settings/index.js';
import { ChangeFeed } from './store/change-feed.js';
import { Store } from './store/store.js';
import { WorkflowEngine, WorkflowService, workflowOperations } from './workflows/index.js';

export const operations = [
  ...customerOperations,
  ...salesOperations,
  ...transferOperations,
  ...backupOperations,
  ...vaultOperations,
  ...settingsOperations,
  ...claudeDesktopOperations,
  ...permissionOperations,
  ...activityOperations,
  ...allowedFolderOperations,
  ...scraperOperations,
  ...workflowOperations,
  ...trashOperations,
];

/** Every toolset, in catalogue order: the domains of the operations assistants can call. */
export const TOOLSETS: readonly string[] = toolsetsOf(operations.map((op) => op.contract)).map((t) => t.name);

export interface Officina {
  config: AppConfig;
  store: Store;
  bus: EventBus;
  /** Other processes' writes, republished on `bus`. */
  feed: ChangeFeed;
  catalogue: Catalogue;
  services: Services;
  log: Logger;
  processId: string;
  /** Keeps the activity log within the person's retention (start-up, hourly, after a change). */
  pruner: ActivityPruner;
  /** Resolves once the start-up scan of the vault is done (what changed while Officina was closed). */
  ready: Promise<void>;
  isReady(): boolean;
  /**
   * What /ready answers: not ready while the start-up scan runs, nor while the vault folder is away
   * (a disk unplugged: documents cannot be read or saved, and an orchestrator or a monitor should
   * hear of it, while the rest of the app goes on answering), with the reason for a person.
   */
  readiness(): Readiness;
  /**
   * Graceful stop: refuses new calls, lets calls under way and queued writes finish, writes the
   * buffered activity entries, checkpoints the WAL and closes the store. Calling it again returns
   * the same promise.
   */
  close(): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  reason: 'starting' | 'vault_unavailable' | null;
  problem: string | null;
}

export interface CreateOptions extends Partial<AppConfig> {
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  /** Poll for other processes' writes (off in short-lived tests that do not need it). */
  watchOtherProcesses?: boolean;
  /** How often the activity log is pruned (default hourly). */
  pruneIntervalMs?: number;
  /** Scan and watch the vault folder (off in tests that do not touch documents). */
  watchVault?: boolean;
  /** Check scheduled page monitors (off in tests that drive the scheduler themselves). */
  runMonitors?: boolean;
  /** Run workflows: resume runs left by a crash, start queued ones, serve triggers (default on). */
  runWorkflows?: boolean;
  /** Workflow runs at once, all workflows together (default 16). */
  workflowConcurrency?: number;
  /** The checkpoint worker's file, where a bundle puts it (electron/main); the Node build finds its own. */
  checkpointWorker?: string;
  /** The scraper's extract worker (electron/main's bundle); the Node build finds its own. */
  extractWorker?: string;
  /** What one page rendered with its scripts may cost (tests give a small budget). */
  renderBudget?: RenderBudget;
  /** Runs pages' scripts (the desktop app: its own Chromium); default: a Chromium found on the machine. */
  renderer?: (fetcher: Fetcher) => PageRenderer;
  /** Make scheduled backups while this process runs (the app's core and serve; not a short-lived mcp). */
  runBackups?: boolean;
  /** Where to look for Claude Desktop's settings (tests give a temporary home; default: this machine's). */
  claudeDesktop?: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; home?: string };
}

/** Builds a whole Officina on a data directory: the one place where dependencies are wired (no singletons). */
export function createOfficina(options: CreateOptions): Officina {
  const dataDir = options.dataDir;
  const config: AppConfig = {
    version: options.version ?? '0.0.0',
    dataDir,
    vault: options.vault ?? join(dataDir, 'vault'),
    databasePath: databasePath(dataDir),
    allowPaths: options.allowPaths ?? [],
    allowPrivateHosts: options.allowPrivateHosts ?? [],
    vaultPolling: options.vaultPolling ?? false,
    logLevel: options.logLevel ?? 'info',
    logToStderr: options.logToStderr ?? false,
    nodePath: options.nodePath ?? process.execPath,
    cliPath: options.cliPath ?? 'officina',
    runAsNode: options.runAsNode ?? false,
    httpUrl: options.httpUrl,
    token: options.token,
    tokenFromEnv: options.tokenFromEnv,
    toolsets: options.toolsets,
  };
  // Before the data directory is touched: a mistyped --toolsets is the whole story.
  checkProcessToolsets(config.toolsets, TOOLSETS);
  // Before the logger makes its folder: a data directory Officina cannot write to gets a sentence.
  openDataDir(dataDir);
  const log =
    options.logger ?? createLogger({ level: config.logLevel, file: logFilePath(dataDir), stderr: config.logToStderr });
  for (const problem of makePrivate(dataDir)) log.warn(problem);
  const clock = options.clock ?? systemClock;
  const processId = randomUUID();
  const store = Store.open(dataDir, {
    checkpointWorker: options.checkpointWorker,
    onProblem: (message) => log.warn(message),
  });
  const bus = new EventBus((error) => log.error('event listener failed', { error }));
  const feed = new ChangeFeed({ store, bus, log, processId });
  const activity = new ActivityRecorder({ store, bus, log, processId });
  const settings = new SettingsService({ store, clock });
  const pathRules = { vault: config.vault, dataDir };
  const allowedFolders = new AllowedFoldersService({ store, clock, cli: config.allowPaths, rules: pathRules });
  const customers = new CustomersService({ store, settings, clock });
  const products = new ProductsService({ store, settings, clock });
  const inventory = new InventoryService({ store, products, clock });
  const shipping = new ShippingService({ store, settings, products, clock });
  const orders = new OrdersService({ store, settings, customers, products, inventory, shipping, clock });
  const paths = new PathGuard({
    ...pathRules,
    folders: () => allowedFolders.folders(),
    // Made just below, from the vault's real path that the guard works out; asked only after that.
    vaultWritable: (field) => vaultAvailability.require(field),
  });
  const vaultAvailability = new VaultAvailability({ root: paths.vaultRoot(), store, bus, log });
  const docs = new DocumentStore({ store, paths, clock, dataDir, availability: vaultAvailability });
  const vaultWatcher = new VaultWatcher({
    availability: vaultAvailability,
    docs,
    store,
    feed,
    bus,
    log,
    vault: paths.vaultRoot(),
    dataDir,
    polling: config.vaultPolling,
  });
  const scraper = new ScraperService({
    store,
    clock,
    version: config.version,
    cliAllowedHosts: config.allowPrivateHosts,
    extractWorker: options.extractWorker,
    renderBudget: options.renderBudget,
    renderer: options.renderer,
  });
  const notifications = new NotificationService({ store, clock, fetcher: scraper.fetcher });
  const monitors = new MonitorService({ store, clock, scraper, notifications });
  const workflows = new WorkflowService({ store, clock });
  const workflowEngine = new WorkflowEngine(
    { store, feed, bus, clock, log, processId, workflows },
    { maxConcurrent: options.workflowConcurrency },
  );
  const services: Services = {
    settings,
    appInfo: new AppInfoService(config, () => vaultAvailability.check()),
    claudeDesktop: new ClaudeDesktopLink({ ...options.claudeDesktop, clock }),
    backups: new BackupService({ store, dataDir, clock }),
    appPreferences: new AppPreferencesService({ store, clock }),
    permissions: new PermissionsService({ store, clock, toolsets: TOOLSETS, processToolsets: config.toolsets }),
    customers,
    products,
    inventory,
    shipping,
    orders,
    payments: new PaymentsService({ store, orders, customers, clock }),
    analytics: new AnalyticsService({ store, settings, customers, clock }),
    activity: new ActivityService({ store, clock }),
    allowedFolders,
    paths,
    vault: new VaultService({ store, docs, dataDir, clock }),
    vaultWatcher,
    versionRetention: new VersionRetentionService({ store, blobs: docs.blobs, clock, log }),
    scraper,
    monitors,
    workflows,
    workflowEngine,
    notifications,
  };
  const catalogue = new Catalogue(
    { store, bus, feed, activity, subjects: new ActivitySubjects(store), services, clock, log },
    operations,
  );
  workflows.attach(catalogue);
  workflows.timeZone = () => settings.get().time_zone ?? undefined;
  workflowEngine.attach(catalogue);
  if (options.watchOtherProcesses !== false) feed.start();
  const watchingVault = options.watchVault !== false;
  if (watchingVault) vaultWatcher.start();
  let scanned = !watchingVault;
  void vaultWatcher.ready.then(() => (scanned = true));
  const sweeper = new ReservationSweeper({ store, inventory, feed, bus, clock, log });
  sweeper.start();
  const pruner = new ActivityPruner({
    store,
    retention: () => services.activity.retention(),
    clock,
    log,
    intervalMs: options.pruneIntervalMs,
  });
  pruner.start();
  services.versionRetention.start();
  const monitorScheduler = new MonitorScheduler({
    store,
    feed,
    bus,
    monitors,
    clock,
    log,
    processId,
    // The person's pause (Settings, or the desktop app's tray) holds in every process on this data directory.
    paused: () => services.appPreferences.get().schedules_paused,
  });
  const notificationDispatcher = new NotificationDispatcher({ store, feed, bus, notifications, clock, log });
  if (options.runMonitors !== false) {
    monitorScheduler.start();
    notificationDispatcher.start();
  }
  const backupScheduler = new BackupScheduler({ backups: services.backups, clock, log });
  if (options.runBackups === true) backupScheduler.start();
  if (options.runWorkflows !== false) workflowEngine.start();
  // A retention change (here, or in the other process via the change feed) applies soon, not in an hour.
  bus.subscribe((event) => {
    if (event.type === 'settings.changed') {
      pruner.schedule();
      services.versionRetention.schedule();
    }
  });

  let closing: Promise<void> | undefined;
  return {
    config,
    store,
    bus,
    feed,
    catalogue,
    services,
    log,
    processId,
    pruner,
    ready: watchingVault ? vaultWatcher.ready : Promise.resolve(),
    isReady: () => scanned,
    readiness() {
      if (!scanned)
        return { ready: false, reason: 'starting', problem: 'Officina is starting: the vault is being scanned.' };
      const vault = vaultAvailability.check();
      if (!vault.available) return { ready: false, reason: 'vault_unavailable', problem: vault.problem };
      return { ready: true, reason: null, problem: null };
    },
    close() {
      closing ??= (async () => {
        // Runs stop before their next step (resumed at the next start); the catalogue refuses new calls
        // from this moment, and the watcher applies what it has seen.
        const runs = workflowEngine.stop();
        const calls = catalogue.close();
        feed.stop();
        sweeper.stop();
        await Promise.all([
          vaultWatcher.stop(),
          pruner.stop(),
          services.versionRetention.stop(),
          monitorScheduler.stop(),
          backupScheduler.stop(),
          runs,
          notificationDispatcher.stop(),
          calls,
        ]);
        await services.scraper.close();
        await store.closeAsync();
      })();
      return closing;
    },
  };
}

// Kept beside the data directory's rules, so `officina mcp` can report a failure without loading the domains.
export { reportOpenFailure } from './data-dir.js';
