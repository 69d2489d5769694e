import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import type { Envelope } from '../../shared/errors.js';
import type { CoreReply, CoreRequest } from './core-protocol.js';
import { secureWebPreferences } from './window-options.js';

// Electron glue only: the core (store, catalogue, MCP) runs in a utility process; this file starts it,
// opens one locked-down window and relays calls and events between them.

if (!app.requestSingleInstanceLock()) app.quit();

let core: UtilityProcess | undefined;
let window: BrowserWindow | undefined;
let nextRequestId = 1;
const pending = new Map<number, (reply: Envelope<unknown>) => void>();

function startCore(): UtilityProcess {
  const child = utilityProcess.fork(join(__dirname, 'core-process.cjs'), [], {
    serviceName: 'Officina core',
    env: { ...process.env, OFFICINA_DATA_DIR: process.env['OFFICINA_DATA_DIR'] ?? app.getPath('userData') },
  });
  child.on('message', (message: CoreReply) => {
    if (message.kind === 'reply') {
      pending.get(message.id)?.(message.envelope);
      pending.delete(message.id);
    } else if (message.kind === 'event') {
      window?.webContents.send('officina:event', message.event);
    }
  });
  child.on('exit', (code) => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: { code: 'internal', message: `Officina's core stopped (exit ${code}); restart the app.` },
      });
    }
    pending.clear();
  });
  return child;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Officina',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  // No navigation away from the app and no new windows; external links open in the browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  core = startCore();
  ipcMain.handle('officina:call', (event, name: unknown, input: unknown) => {
    if (!window || event.sender !== window.webContents || typeof name !== 'string') {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the Officina window only.' } };
    }
    const id = nextRequestId++;
    const request: CoreRequest = { kind: 'call', id, name, input };
    return new Promise<Envelope<unknown>>((resolve) => {
      pending.set(id, resolve);
      core?.postMessage(request);
    });
  });
  window = createWindow();
});

app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

app.on('window-all-closed', () => {
  core?.postMessage({ kind: 'shutdown' } satisfies CoreRequest);
  app.quit();
});
