import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  screen,
  session,
  shell,
  Tray,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import log from 'electron-log/main';
import { autoUpdater } from 'electron-updater';
import type { AppPreferences } from '../../shared/app-preferences.js';
import { BRIDGE_CHANNELS } from '../../shared/bridge.js';
import { writeFileAtomic } from '../core/common/files.js';
import { coreEnvironment, desktopMcpLaunch, desktopSettings } from './core-env.js';
import { DEEP_LINK_SCHEME, deepLinkInArgv, parseDeepLink } from './deep-links.js';
import { applicationMenuTemplate, trayMenuTemplate } from './menus.js';
import { nativeNotificationFor } from './desktop-notification.js';
import { appUrlPolicy, opensExternally } from './navigation.js';
import { desktopNotification } from './notifications.js';
import { CoreRelay, isTrustedSender, UNTRUSTED_SENDER } from './relay.js';
import { electronRenderDriver, isRenderWindow } from './render-windows-electron.js';
import { RenderHost } from './render-windows.js';
import { mainWindowOptions, withContentSecurityPolicy } from './window-options.js';
import { parseWindowState, placeWindow, type WindowState } from './window-state.js';

// Electron glue only: the core (store, catalogue, MCP) runs in a utility process; this file starts it,
// opens one locked-down window and relays calls and events between them, and wires the OS's parts
// (menus, tray, notifications, deep links, login item, updates). The decisions live in Electron-free
// modules beside it (relay, navigation, window-options, window-state, deep-links, menus,
// notifications, core-env), tested under Node.

/** How long the core may take to finish its calls and close the database when the app quits. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** How often an app with updates turned on looks for one. */
const UPDATE_CHECK_MS = 6 * 60 * 60_000;

if (!app.requestSingleInstanceLock()) app.quit();
else start();

function start(): void {
  app.enableSandbox();
  const settings = desktopSettings(process.argv.slice(1), process.env, { dataDir: app.getPath('userData') });
  const policy = appUrlPolicy({
    rendererIndexPath: join(__dirname, '../renderer/index.html'),
    devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  });
  const windowStateFile = join(settings.dataDir, 'window-state.json');

  // The main process's log, in the data directory beside the core's (logs/officina.log).
  log.transports.file.resolvePathFn = () => join(settings.dataDir, 'logs', 'main.log');
  log.transports.file.level = settings.logLevel === 'silent' ? false : settings.logLevel;
  log.errorHandler.startCatching({ showDialog: false });

  let core: UtilityProcess | undefined;
  let mainWindow: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let preferences: AppPreferences | undefined;
  /** A deep link that arrived before the window could show it. */
  let pendingRoute = deepLinkInArgv(process.argv);

  const relay = new CoreRelay({
    post: (request) => {
      if (!core) throw new Error('the core has not started');
      core.postMessage(request);
    },
    emit: (event) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(BRIDGE_CHANNELS.event, event);
      // A preference changed here or in the other process (the change feed republishes it).
      if (event.type === 'settings.changed') void loadPreferences();
      // A change a watched page showed: a native notification that opens that watched page when clicked.
      const native = nativeNotificationFor(event);
      if (native && event.type === 'notification.changed') {
        notify({ ...native, link: `officina://monitors/${event.monitor_id}` });
      }
    },
  });

  /** Shows the window (making it again if it was closed), at `route` when given. */
  const open = (route?: string) => {
    if (!app.isReady()) {
      pendingRoute = route ?? pendingRoute;
      return;
    }
    if (!mainWindow || mainWindow.isDestroyed()) {
      pendingRoute = route ?? pendingRoute;
      createWindow();
      return;
    }
    if (route !== undefined) void mainWindow.loadURL(`${policy.startUrl}#${route}`);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  /**
   * Shows a desktop notification; a click opens the window at its link. The one way any part of the
   * app notifies (see notifications.ts for what a request holds).
   */
  const notify = (request: unknown) => {
    const shown = desktopNotification(request);
    if (!shown) {
      log.warn('A notification was asked for that is not one', { request });
      return;
    }
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: shown.title, body: shown.body });
    notification.on('click', () => open(shown.route));
    notification.show();
  };

  const loadPreferences = async () => {
    const answer = await relay.call('get_app_preferences', {});
    if (!answer.ok) return;
    preferences = answer.data as AppPreferences;
    applyPreferences(preferences);
  };

  let updateTimer: NodeJS.Timeout | undefined;
  const applyPreferences = (prefs: AppPreferences) => {
    // An unpackaged app would register the bare Electron binary to start at login.
    if (app.isPackaged && app.getLoginItemSettings().openAtLogin !== prefs.open_at_login) {
      app.setLoginItemSettings({ openAtLogin: prefs.open_at_login });
    }
    // Updates are off unless the person turned them on (Settings); only a packaged, signed app updates.
    if (prefs.auto_update && app.isPackaged && !updateTimer) {
      autoUpdater.logger = log;
      const check = () =>
        void autoUpdater
          .checkForUpdatesAndNotify()
          .catch((error: unknown) => log.warn('Update check failed', { error }));
      check();
      updateTimer = setInterval(check, UPDATE_CHECK_MS);
      updateTimer.unref();
    } else if (!prefs.auto_update && updateTimer) {
      clearInterval(updateTimer);
      updateTimer = undefined;
    }
    refreshTray();
  };

  const setPaused = (paused: boolean) =>
    void relay.call('update_app_preferences', { schedules_paused: paused }).then((answer) => {
      if (!answer.ok) log.warn('Could not change the pause of scheduled checks', { error: answer.error });
    });

  const refreshTray = () => {
    tray?.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuTemplate({ paused: preferences?.schedules_paused }, { open, quit: () => app.quit(), setPaused }),
      ),
    );
  };

  // macOS hands deep links to the running app; it may do so before the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const route = parseDeepLink(url);
    if (route !== undefined) open(route);
    else log.warn('Ignored a link that is not an Officina link', { url });
  });

  // Pages the scraper renders with their scripts open in offscreen windows of their own (render-windows.ts).
  const renderHost = new RenderHost({
    post: (message) => {
      if (!core) throw new Error('the core has not started');
      core.postMessage(message);
    },
    driver: electronRenderDriver(),
  });

  // Every web contents (the window, and anything that might appear later) is held to the app's page;
  // render windows keep to their own page by their own rules.
  app.on('web-contents-created', (_event, contents) => {
    if (isRenderWindow(contents)) return;
    contents.on('will-attach-webview', (event) => event.preventDefault());
    const guard = (event: Electron.Event, url: string) => {
      if (policy.isAppUrl(url)) return;
      event.preventDefault();
      if (opensExternally(url)) void shell.openExternal(url);
    };
    contents.on('will-navigate', (event) => guard(event, event.url));
    contents.on('will-redirect', (event) => guard(event, event.url));
    contents.setWindowOpenHandler(({ url }) => {
      if (opensExternally(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('render-process-gone', (_e, details) => log.error('The window’s renderer stopped', { details }));
  });

  // Windows and Linux start a second instance with the link as an argument; it hands over and quits.
  app.on('second-instance', (_event, argv) => open(deepLinkInArgv(argv)));

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // The core lets calls under way finish, drains the write queue, stops the vault watcher and the
    // schedulers, checkpoints and closes the database (core-host.ts); a core that hangs is killed.
    void relay.shutdown(SHUTDOWN_TIMEOUT_MS).then((outcome) => {
      if (outcome === 'timeout') {
        log.error('The core did not close in time and was stopped');
        core?.kill();
      }
      tray?.destroy();
      app.quit();
    });
  });
  // A terminal's Ctrl-C, a service manager's stop, the OS shutting down: the same graceful quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  // macOS keeps an app without windows running (the dock, the tray); elsewhere closing the window quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => open());

  function createWindow(): void {
    const placed = placeWindow(readWindowState(windowStateFile), [
      screen.getPrimaryDisplay(),
      ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id),
    ]);
    const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs'), placed.bounds));
    mainWindow = window;
    if (placed.maximized) window.maximize();
    window.once('ready-to-show', () => window.show());
    window.on('close', () => saveWindowState(windowStateFile, window));
    const route = pendingRoute;
    pendingRoute = undefined;
    void window.loadURL(route === undefined ? policy.startUrl : `${policy.startUrl}#${route}`);
  }

  void app.whenReady().then(() => {
    const defaultSession = session.defaultSession;
    defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    defaultSession.setPermissionCheckHandler(() => false);
    defaultSession.setDevicePermissionHandler(() => false);
    defaultSession.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }),
    );
    // In development the OS would register the bare Electron binary as the handler: only when packaged.
    if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

    core = utilityProcess.fork(join(__dirname, 'core-process.cjs'), [], {
      serviceName: 'Officina core',
      env: {
        ...coreEnvironment(settings, process.env),
        ...desktopMcpLaunch(process.execPath, app.getAppPath()),
        OFFICINA_APP_VERSION: app.getVersion(),
      },
    });
    core.on('message', (message: unknown) => {
      if (!renderHost.receive(message)) relay.receive(message);
    });
    core.on('exit', (code) => {
      if (!quitting) {
        log.error('The core stopped', { code });
        notify({
          title: 'Officina stopped working with your data',
          body: `Quit Officina and open it again. What happened is in ${join(settings.dataDir, 'logs')}.`,
        });
      }
      renderHost.closeAll();
      relay.exited(code);
    });

    ipcMain.handle(BRIDGE_CHANNELS.call, (event, name: unknown, input: unknown, callId: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        mainWindow?.webContents,
        { sender: event.sender, frameUrl: frame?.url, topFrame: frame !== null && frame.parent === null },
        policy.isAppUrl,
      );
      return trusted ? relay.call(name, input, callId) : UNTRUSTED_SENDER;
    });

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate(
          process.platform,
          { appName: app.getName(), development: !app.isPackaged },
          { open, quit: () => app.quit() },
        ),
      ),
    );
    // macOS draws a template image (black and clear) in the menu bar's own colours; others take the glyph.
    const trayFile = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
    const trayIcon = nativeImage.createFromPath(join(app.getAppPath(), 'resources', trayFile));
    if (!trayIcon.isEmpty()) {
      tray = new Tray(trayIcon);
      tray.setToolTip('Officina');
      tray.on('click', () => open());
      refreshTray();
    } else {
      log.warn(`No tray icon in resources/${trayFile}: Officina runs without one`);
    }
    powerMonitor.on('shutdown', () => app.quit());

    createWindow();
    void loadPreferences();
  });
}

function readWindowState(file: string): WindowState | undefined {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined; // None yet, or unreadable: the window opens at its default place.
  }
}

function saveWindowState(file: string, window: BrowserWindow): void {
  const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
  try {
    writeFileAtomic(file, JSON.stringify(state), { mode: 'replace' });
  } catch (error) {
    log.warn('Could not remember the window’s place', { error });
  }
}
