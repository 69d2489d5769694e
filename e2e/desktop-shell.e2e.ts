import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { createOfficina } from '../electron/core/app.js';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security.js';

// The desktop shell as electron-vite built it (out/main, out/preload; run `npm run build` first),
// without Electron, whose binary cannot run here: the bundles are checked as files, then run under
// Node against a stand-in for the `electron` module — with the real core process, forked from
// out/main/core-process.cjs on a real data directory.

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'out');
const MAIN = join(OUT, 'main', 'index.cjs');
const CORE = join(OUT, 'main', 'core-process.cjs');
const PRELOAD = join(OUT, 'preload', 'index.cjs');

/** A bundle and the local chunks it requires, with the modules they require from outside. */
function closure(entry: string): { files: Map<string, string>; external: Set<string> } {
  const files = new Map<string, string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const [, id] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      if (id?.startsWith('.')) visit(resolve(dirname(file), id));
      else if (id) external.add(id);
    }
  };
  visit(entry);
  return { files, external };
}

/** Runs a CommonJS bundle with `electron` replaced; a bundle that is not CommonJS fails to compile. */
function runBundle(
  entry: string,
  electron: unknown,
  processShadow: NodeJS.Process = process,
  libraries: Readonly<Record<string, unknown>> = {},
): void {
  const cache = new Map<string, unknown>();
  const load = (file: string): unknown => {
    if (cache.has(file)) return cache.get(file);
    const module = { exports: {} as unknown };
    cache.set(file, module.exports);
    const fn = compileFunction(
      readFileSync(file, 'utf8'),
      ['require', 'module', 'exports', '__dirname', '__filename', 'process'],
      {
        filename: file,
      },
    );
    const requireIn = (id: string): unknown => {
      if (id === 'electron') return electron;
      if (id in libraries) return libraries[id];
      if (id.startsWith('.')) return load(resolve(dirname(file), id));
      if (id.startsWith('node:')) return process.getBuiltinModule(id);
      throw new Error(`${file} requires ${id}, which the shell must not`);
    };
    fn(requireIn, module, module.exports, dirname(file), file, processShadow);
    cache.set(file, module.exports);
    return module.exports;
  };
  load(entry);
}

describe('the built bundles', () => {
  it('exist, as CommonJS (a sandboxed preload must be)', () => {
    for (const file of [MAIN, CORE, PRELOAD]) {
      expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/^\s*(import|export)\s/m);
      expect(() => compileFunction(code, ['require', 'module', 'exports', '__dirname', '__filename'])).not.toThrow();
    }
  });

  it('the preload requires electron and nothing else', () => {
    const { files, external } = closure(PRELOAD);
    expect([...files.keys()]).toEqual([PRELOAD]);
    expect([...external]).toEqual(['electron']);
  });

  it('the main process requires only electron, Node and its two Electron libraries, and holds no domain code', () => {
    const { files, external } = closure(MAIN);
    // electron-log (the main process's log file) and electron-updater (updates, off by default): both
    // are made for Electron's main process and hold nothing of Officina's.
    const allowed = new Set(['electron', 'electron-log/main', 'electron-updater']);
    for (const id of external) expect(allowed.has(id) || id.startsWith('node:'), id).toBe(true);
    const code = [...files.values()].join('\n');
    for (const domain of ['CREATE TABLE', 'customers_fts', 'better-sqlite3', 'kysely', 'libphonenumber']) {
      expect(code, domain).not.toContain(domain);
    }
  });

  it('the core process is where the domain lives', () => {
    const { files, external } = closure(CORE);
    expect(external).not.toContain('electron');
    const code = [...files.values()].join('\n');
    expect(code).toContain('customers_fts');
    // better-sqlite3 is required when the store opens, through createRequire (electron/core/store/sqlite.ts),
    // so that a build without it (the MCP Bundle, on node:sqlite) never loads it.
    expect(code).toMatch(/createRequire\)?\(.*?\)\(["']better-sqlite3["']\)/);
  });
});

describe('the built preload, run against a stand-in electron', () => {
  it('exposes window.officina = { call, on, restart, showInFolder } and nothing else', async () => {
    const exposed = new Map<string, Record<string, (...args: never[]) => unknown>>();
    const invoked: unknown[][] = [];
    const ipc = new EventEmitter();
    runBundle(PRELOAD, {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, () => unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, data: 'answer' });
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => ipc.on(channel, listener),
        removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
          ipc.removeListener(channel, listener),
      },
    });
    expect([...exposed.keys()]).toEqual(['officina']);
    const officina = exposed.get('officina') as unknown as {
      call(name: string, input: unknown, options?: { callId?: string }): Promise<unknown>;
      on(listener: (event: unknown) => void): () => void;
      restart(): Promise<void>;
      showInFolder(path: string): Promise<boolean>;
    };
    expect(Object.keys(officina).sort()).toEqual(['call', 'on', 'restart', 'showInFolder']);

    await expect(officina.call('list_customers', { limit: 5 })).resolves.toEqual({ ok: true, data: 'answer' });
    expect(invoked).toEqual([['officina:call', 'list_customers', { limit: 5 }]]);
    // A call whose progress the window follows passes its id along, and nothing more.
    await officina.call('crawl_website', { start_url: 'https://example.com/' }, { callId: 'call-0123456789' });
    expect(invoked[1]).toEqual([
      'officina:call',
      'crawl_website',
      { start_url: 'https://example.com/' },
      'call-0123456789',
    ]);

    const seen: unknown[] = [];
    const off = officina.on((event) => seen.push(event));
    const ipcEvent = { sender: 'the IPC event object stays in the preload' };
    ipc.emit('officina:event', ipcEvent, { type: 'settings.changed' });
    off();
    ipc.emit('officina:event', ipcEvent, { type: 'permissions.changed' });
    expect(seen).toEqual([{ type: 'settings.changed' }]);
    expect(ipc.listenerCount('officina:event')).toBe(0);

    // Restart asks main on its own channel, with nothing from the page.
    await officina.restart();
    expect(invoked.at(-1)).toEqual(['officina:restart']);
    // Show in folder passes the path alone; main decides whether it is a published file.
    await officina.showInFolder('/data/published/note.html');
    expect(invoked.at(-1)).toEqual(['officina:show-in-folder', '/data/published/note.html']);
  });
});

describe('the built main process, run against a stand-in electron with the real core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'officina-shell-'));
  const dataDir = join(dir, 'data');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens one locked-down window, relays calls and events to the core, and closes it on quit', async () => {
    // Electron gives the utility process `process.parentPort`; under Node, a preload script maps it
    // onto the IPC channel of child_process.fork.
    const shim = join(dir, 'parent-port.cjs');
    writeFileSync(
      shim,
      `process.parentPort = {
        on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); },
        postMessage(message) { process.send(message); },
      };\n`,
    );

    const appEvents = new EventEmitter();
    const quits: number[] = [];
    const relaunches: number[] = [];
    const windows: FakeWindow[] = [];
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const session: Record<string, ((...args: never[]) => unknown) | undefined> = {};
    const external: string[] = [];
    const forks: { path: string; options: { env: NodeJS.ProcessEnv } }[] = [];
    const protocols: string[] = [];
    const logged: unknown[][] = [];
    const record = (...args: unknown[]) => logged.push(args);
    const libraries = {
      'electron-log/main': {
        transports: { file: {} },
        errorHandler: { startCatching: () => undefined },
        info: record,
        warn: record,
        error: record,
      },
      'electron-updater': {
        get autoUpdater(): never {
          throw new Error('updates are off unless the person turns them on');
        },
      },
    };

    class FakeWindow extends EventEmitter {
      readonly options: Record<string, unknown>;
      readonly sent: unknown[][] = [];
      readonly webContents = { send: (...args: unknown[]) => this.sent.push(args) };
      loaded: string | undefined;
      constructor(options: Record<string, unknown>) {
        super();
        this.options = options;
        windows.push(this);
      }
      loadURL(url: string) {
        this.loaded = url;
        return Promise.resolve();
      }
      isDestroyed = () => false;
      isMinimized = () => false;
      show = () => undefined;
      focus = () => undefined;
      restore = () => undefined;
      maximize = () => undefined;
      isMaximized = () => false;
      getNormalBounds = () => ({ x: 1, y: 2, width: 1000, height: 700 });
    }
    const menus: unknown[] = [];

    const electron = {
      app: {
        isPackaged: true,
        requestSingleInstanceLock: () => true,
        enableSandbox: () => undefined,
        getPath: (name: string) => join(dir, `electron-${name}`),
        getVersion: () => '9.9.9',
        getName: () => 'Officina',
        getAppPath: () => '/opt/Officina/resources/app.asar',
        isReady: () => true,
        getLoginItemSettings: () => ({ openAtLogin: false }),
        setLoginItemSettings: () => undefined,
        setAsDefaultProtocolClient: (scheme: string) => protocols.push(scheme),
        on: (name: string, listener: (...args: unknown[]) => void) => appEvents.on(name, listener),
        whenReady: () => Promise.resolve(),
        quit: () => quits.push(Date.now()),
        relaunch: () => relaunches.push(Date.now()),
      },
      BrowserWindow: FakeWindow,
      Menu: {
        buildFromTemplate: (template: unknown) => ({ template }),
        setApplicationMenu: (menu: unknown) => menus.push(menu),
      },
      nativeImage: { createFromPath: () => ({ isEmpty: () => true }) },
      Notification: Object.assign(class {}, { isSupported: () => false }),
      powerMonitor: { on: () => undefined },
      screen: {
        getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
        getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
      },
      Tray: class {},
      ipcMain: {
        handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
          handlers.set(channel, handler),
      },
      shell: { openExternal: (url: string) => external.push(url) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: () => unknown) => (session['request'] = fn),
          setPermissionCheckHandler: (fn: () => unknown) => (session['check'] = fn),
          setDevicePermissionHandler: (fn: () => unknown) => (session['device'] = fn),
          webRequest: { onHeadersReceived: (fn: () => unknown) => (session['headers'] = fn) },
        },
      },
      utilityProcess: {
        fork: (path: string, args: string[], options: { env: NodeJS.ProcessEnv }) => {
          forks.push({ path, options });
          const child = fork(path, args, {
            env: options.env,
            execArgv: ['--require', shim],
            serialization: 'advanced',
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          });
          children.push(child);
          return {
            on: (event: string, listener: (...args: unknown[]) => void) => child.on(event, listener),
            postMessage: (message: unknown) => child.send(message as object),
            kill: () => child.kill(),
          };
        },
      },
    };

    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OFFICINA_')));
    const fakeProcess = Object.create(process, {
      argv: {
        value: ['/opt/Officina/officina', '--data-dir', dataDir, '--vault', join(dir, 'vault'), '--log-level', 'warn'],
      },
      env: { value: env },
    }) as NodeJS.Process;
    runBundle(MAIN, electron, fakeProcess, libraries);
    await expect.poll(() => windows.length).toBe(1);
    const window = windows[0] as FakeWindow;
    // Opened where nothing was remembered: centred on the primary display at the default size.
    expect(window.options).toMatchObject({ x: 320, y: 130, width: 1280, height: 820 });
    expect(menus).toHaveLength(1);
    expect(protocols).toEqual(['officina']);

    // The window: locked down, on the built renderer, with the built preload.
    expect(window.options['show']).toBe(false);
    expect(window.options['webPreferences']).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(window.loaded).toBe(pathToFileURL(join(OUT, 'renderer', 'index.html')).href);

    // The session: no permissions, the CSP header on every response.
    const granted: boolean[] = [];
    session['request']?.(...([{}, 'media', (ok: boolean) => granted.push(ok)] as never[]));
    expect(granted).toEqual([false]);
    expect(session['check']?.()).toBe(false);
    expect(session['device']?.()).toBe(false);
    let headers: unknown;
    session['headers']?.(
      ...([
        { responseHeaders: { 'content-type': ['text/html'] } },
        (r: { responseHeaders: unknown }) => (headers = r.responseHeaders),
      ] as never[]),
    );
    expect(headers).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });

    // Every web contents: no webviews, no navigation away, no new windows; https goes to the browser.
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | ((details: { url: string }) => unknown),
      setWindowOpenHandler(fn: (details: { url: string }) => unknown) {
        this.openHandler = fn;
      },
    });
    appEvents.emit('web-contents-created', {}, contents);
    const attempt = (name: string, url: string) => {
      let prevented = false;
      contents.emit(name, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(attempt('will-attach-webview', 'file:///x')).toBe(true);
    expect(attempt('will-navigate', `${window.loaded}#/customers`)).toBe(false);
    expect(attempt('will-navigate', 'https://example.com/docs')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-redirect', 'http://example.com/')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://example.com/new' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://example.com/docs', 'https://example.com/new']);

    // The core: forked from the built file, told where the data is.
    expect(forks).toHaveLength(1);
    expect(forks[0]?.path).toBe(CORE);
    expect(forks[0]?.options.env).toMatchObject({ OFFICINA_DATA_DIR: dataDir, OFFICINA_VAULT: join(dir, 'vault') });

    // Calls from the window reach the core; calls from anywhere else do not.
    const call = handlers.get('officina:call');
    expect(call).toBeDefined();
    const fromWindow = {
      sender: window.webContents,
      senderFrame: { url: `${window.loaded}#/customers`, parent: null },
    };
    const created = (await call?.(fromWindow, 'create_customer', { name: 'Zoë Müller', email: 'zoe@example.com' })) as {
      ok: boolean;
      data: { id: number };
    };
    expect(created).toMatchObject({ ok: true, data: { id: 1, name: 'Zoë Müller' } });
    await expect
      .poll(() => window.sent)
      .toContainEqual(['officina:event', { type: 'record.changed', entity: 'customer', id: 1, action: 'created' }]);
    const stranger = { sender: { other: true }, senderFrame: { url: window.loaded, parent: null } };
    expect(await call?.(stranger, 'list_customers', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const subframe = { sender: window.webContents, senderFrame: { url: window.loaded, parent: {} } };
    expect(await call?.(subframe, 'list_customers', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A deep link handed to a second instance opens the window there; anything else is ignored.
    const start = pathToFileURL(join(OUT, 'renderer', 'index.html')).href;
    appEvents.emit('second-instance', {}, ['/opt/Officina/officina', 'officina://customers/1']);
    expect(window.loaded).toBe(`${start}#/customers/1`);
    appEvents.emit('second-instance', {}, ['/opt/Officina/officina', 'officina://customers/1/../../x']);
    expect(window.loaded).toBe(`${start}#/customers/1`);
    // Its place is remembered when it closes.
    window.emit('close');
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 1, y: 2, width: 1000, height: 700 },
      maximized: false,
    });

    // Quitting asks the core to finish and close, waits for it, then quits for real.
    const core = children[0] as ChildProcess;
    const exited = new Promise<number | null>((r) => core.once('exit', (code) => r(code)));
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(await exited).toBe(0);
    // The bundle's checkpoint worker was where core-process.cjs looks for it: a missing or broken one
    // is logged (at warn, the level this core runs at; the log file appears with its first line).
    const coreLog = join(dataDir, 'logs', 'officina.log');
    expect(existsSync(coreLog) ? readFileSync(coreLog, 'utf8') : '').not.toMatch(/checkpoint/i);
    expect(existsSync(join(OUT, 'main', 'checkpoint-worker.cjs'))).toBe(true);
    await expect.poll(() => quits.length).toBeGreaterThan(0);
    expect(await call?.(fromWindow, 'list_customers', {})).toMatchObject({ ok: false, error: { code: 'internal' } });

    // Settings → Backups' Restart now: relaunch and quit, for the window only.
    const restart = handlers.get('officina:restart');
    expect(restart).toBeDefined();
    const quitsBefore = quits.length;
    await restart?.(stranger);
    await restart?.(subframe);
    expect(relaunches).toHaveLength(0);
    expect(quits).toHaveLength(quitsBefore);
    await restart?.(fromWindow);
    expect(relaunches).toHaveLength(1);
    expect(quits).toHaveLength(quitsBefore + 1);

    // What the window wrote is in the database, and attributed to the desktop UI.
    const reader = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false });
    try {
      const log = await reader.catalogue.call(
        'list_activity',
        {},
        { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
      );
      expect(log).toMatchObject({ ok: true });
      expect(JSON.stringify(log)).toContain('"caller":"desktop"');
      const customer = await reader.catalogue.call(
        'get_customer',
        { customer_id: 1 },
        { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
      );
      expect(customer).toMatchObject({ ok: true, data: { name: 'Zoë Müller' } });
    } finally {
      await reader.close();
    }
  });
});
