import { BrowserWindow, session, type Session, type WebContents } from 'electron';
import {
  describeRequest,
  navigationAllowed,
  renderPartition,
  renderWindowOptions,
  type RenderWindowDriver,
} from './render-windows.js';

// Electron's part of the render windows (render-windows.ts holds the decisions): an offscreen window
// per page in a session whose http(s) is answered by the core, WebSockets refused, permissions and
// downloads refused, popups denied, the top frame kept on its page.

const sessions = new Set<Session>();

/** Whether these web contents are a render window's (the app window's guards do not apply to it). */
export function isRenderWindow(contents: WebContents): boolean {
  return sessions.has(contents.session);
}

export function electronRenderDriver(): RenderWindowDriver {
  const windows = new Map<number, BrowserWindow>();
  const hooksOf = new Map<number, Parameters<RenderWindowDriver['open']>[2]>();

  const sessionFor = (slot: number): Session => {
    const ses = session.fromPartition(renderPartition(slot));
    if (sessions.has(ses)) return ses;
    sessions.add(ses);
    const answer = async (request: Request): Promise<Response> => {
      const hooks = hooksOf.get(slot);
      if (!hooks) return Response.error();
      const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const reply = await hooks.request(describeRequest({ url: request.url, method: request.method, headers, body }));
      if (reply.kind === 'abort') return Response.error();
      return new Response(reply.status === 204 || reply.status === 304 ? null : new Uint8Array(reply.body), {
        status: reply.status,
        headers: reply.headers,
      });
    };
    ses.protocol.handle('http', answer);
    ses.protocol.handle('https', answer);
    ses.protocol.handle('file', () => Response.error());
    ses.webRequest.onBeforeRequest({ urls: ['ws://*/*', 'wss://*/*'] }, (_details, callback) =>
      callback({ cancel: true }),
    );
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    ses.on('will-download', (event) => event.preventDefault());
    return ses;
  };

  return {
    open(slot, page, hooks) {
      const ses = sessionFor(slot);
      ses.setUserAgent(page.userAgent);
      hooksOf.set(slot, hooks);
      const window = new BrowserWindow(renderWindowOptions(renderPartition(slot)));
      windows.set(slot, window);
      const contents = window.webContents;
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));
      contents.on('will-attach-webview', (event) => event.preventDefault());
      const stay = (event: Electron.Event, url: string) => {
        if (!navigationAllowed(url, page.url)) event.preventDefault();
      };
      contents.on('will-navigate', (event) => stay(event, event.url));
      contents.on('will-redirect', (event) => stay(event, event.url));
      contents.on('did-finish-load', () => hooks.loaded());
      contents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
        // -3 is a navigation this window itself stopped (a script going elsewhere): the page stays.
        if (isMainFrame && code !== -3) hooks.failed(description || `error ${code}`);
      });
      contents.on('render-process-gone', (_event, details) => hooks.failed(`its renderer stopped (${details.reason})`));
      contents.audioMuted = true;
      void window.loadURL(page.url).catch(() => undefined);
    },
    async snapshot(slot) {
      const window = windows.get(slot);
      if (!window || window.isDestroyed()) throw new Error('its window is closed');
      const html = (await window.webContents.executeJavaScript('document.documentElement.outerHTML', false)) as unknown;
      return { html: typeof html === 'string' ? html : '', url: window.webContents.getURL() };
    },
    close(slot) {
      hooksOf.delete(slot);
      const window = windows.get(slot);
      windows.delete(slot);
      if (window && !window.isDestroyed()) window.destroy();
      void session
        .fromPartition(renderPartition(slot))
        .clearStorageData()
        .catch(() => undefined);
    },
  };
}
