import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Notification,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { BRIDGE_CHANNELS } from '../../shared/bridge.js';
import { coreEnvironment, desktopSettings } from './core-env.js';
import { nativeNotificationFor } from './desktop-notification.js';
import { appUrlPolicy, opensExternally } from './navigation.js';
import { CoreRelay, isTrustedSender, UNTRUSTED_SENDER } from './relay.js';
import { mainWindowOptions, withContentSecurityPolicy } from './window-options.js';

// Electron glue only: the core (store, catalogue, MCP) runs in a utility process; this file starts it,
// opens one locked-down window and relays calls and events between them. The decisions live in
// Electron-free modules beside it (relay, navigation, window-options, core-env), tested under Node.

/** How long the core may take to finish its calls and close the database when the app quits. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

if (!app.requestSingleInstanceLock()) app.quit();
else start();

function start(): void {
  app.enableSandbox();
  const settings = desktopSettings(process.argv.slice(1), process.env, { dataDir: app.getPath('userData') });
  const policy = appUrlPolicy({
    rendererIndexPath: join(__dirname, '../renderer/index.html'),
    devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  });
  let core: UtilityProcess | undefined;
  let mainWindow: BrowserWindow | undefined;

  const relay = new CoreRelay({
    post: (request) => {
      if (!core) throw new Error('the core has not started');
      core.postMessage(request);
    },
    emit: (event) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(BRIDGE_CHANNELS.event, event);
      const native = nativeNotificationFor(event);
      if (native && Notification.isSupported()) new Notification(native).show();
    },
  });

  // Every web contents (the window, and anything that might appear later) is held to the app's page.
  app.on('web-contents-created', (_event, contents) => {
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
  });

  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void relay.shutdown(SHUTDOWN_TIMEOUT_MS).then((outcome) => {
      if (outcome === 'timeout') core?.kill();
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    const defaultSession = session.defaultSession;
    defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    defaultSession.setPermissionCheckHandler(() => false);
    defaultSession.setDevicePermissionHandler(() => false);
    defaultSession.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }),
    );

    core = utilityProcess.fork(join(__dirname, 'core-process.cjs'), [], {
      serviceName: 'Officina core',
      env: { ...coreEnvironment(settings, process.env), OFFICINA_APP_VERSION: app.getVersion() },
    });
    core.on('message', (message: unknown) => relay.receive(message));
    core.on('exit', (code) => relay.exited(code));

    ipcMain.handle(BRIDGE_CHANNELS.call, (event, name: unknown, input: unknown, callId: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        mainWindow?.webContents,
        { sender: event.sender, frameUrl: frame?.url, topFrame: frame !== null && frame.parent === null },
        policy.isAppUrl,
      );
      return trusted ? relay.call(name, input, callId) : UNTRUSTED_SENDER;
    });

    mainWindow = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs')));
    const shown = mainWindow;
    shown.once('ready-to-show', () => shown.show());
    void shown.loadURL(policy.startUrl);
  });
}
