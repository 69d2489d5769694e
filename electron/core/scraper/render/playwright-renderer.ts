import type { Browser, Route } from 'playwright-core';
import { OpError } from '../../../../shared/errors.js';
import type { PageRenderer, RenderedPage } from './page-renderer.js';
import type { RenderSession } from './render-session.js';

/**
 * DESIGN's headless flags, and a proxy that goes nowhere: every request is answered by our route
 * handler, so one that escaped it (a browser feature Playwright cannot intercept) meets a dead end
 * instead of the network. WebRTC may use no UDP outside that proxy. `--no-sandbox` only where the
 * sandbox cannot run (as root; chromiumSandbox says when).
 */
export function chromiumArgs(sandbox: boolean): string[] {
  return [
    '--headless',
    ...(sandbox ? [] : ['--no-sandbox']),
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--deny-permission-prompts',
  ];
}
const DEAD_PROXY = 'http://127.0.0.1:9';

export interface PlaywrightRendererOptions {
  /** Where Chromium is; asked at each launch, so installing one later needs no restart. */
  executablePath: () => string;
  /** Whether Chromium runs with its sandbox (chromiumSandbox); asked at each launch. */
  sandbox?: () => boolean;
  userAgent: string;
  /** Pages rendered at once (each in its own context); the rest wait their turn. */
  concurrency?: number;
  /** The browser closes after this long without a page. */
  idleMs?: number;
}

/**
 * Renders pages with a Chromium found on the machine, driven by playwright-core: one browser,
 * launched with the first page and reused, closed when idle and at shutdown; each page in a fresh
 * context (no cookies or storage shared between pages) with service workers blocked, no downloads,
 * no permissions, dialogs dismissed, popups closed and WebSockets refused.
 */
export class PlaywrightRenderer implements PageRenderer {
  private readonly options: Required<PlaywrightRendererOptions>;
  private browser: Promise<Browser> | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: PlaywrightRendererOptions) {
    this.options = { concurrency: 2, idleMs: 60_000, sandbox: () => false, ...options };
  }

  async render(session: RenderSession, signal: AbortSignal): Promise<RenderedPage> {
    await this.acquire(signal);
    try {
      const browser = await this.launch();
      return await this.renderIn(browser, session, signal);
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.shutDown();
  }

  private async renderIn(browser: Browser, session: RenderSession, signal: AbortSignal): Promise<RenderedPage> {
    const context = await browser.newContext({
      userAgent: this.options.userAgent,
      serviceWorkers: 'block',
      acceptDownloads: false,
      permissions: [],
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: true,
    });
    const warnings: string[] = [];
    try {
      await context.route('**/*', (route) => answer(route, session));
      await context.routeWebSocket(/.*/, (ws) => {
        warnings.push('The page tried to open a live connection (WebSocket); Officina does not open those.');
        // Not connected to any server; closed at once, so the page sees a connection that failed.
        void ws.close({ code: 1008, reason: 'Not allowed' }).catch(() => undefined);
      });
      context.on('page', (popup) => {
        // The page itself is the first; any other is a popup, closed before it loads anything of note.
        if (context.pages()[0] !== popup) void popup.close().catch(() => undefined);
      });
      const page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      const stop = () => void context.close().catch(() => undefined);
      signal.addEventListener('abort', stop, { once: true });
      try {
        let finished = true;
        try {
          session.begin();
          await page.goto(session.document.url, { waitUntil: 'load', timeout: Math.max(1, session.remainingMs()) });
          finished = await session.quiet();
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          if (!isTimeout(error)) throw error;
          finished = false;
        }
        if (!finished) {
          warnings.push(
            `The page was still loading after ${Math.round(session.budget.timeMs / 1000)} s; this is what it showed then.`,
          );
        }
        const html = await withTimeout(page.content(), 10_000, () => {
          throw new OpError(
            'external',
            `${session.document.url} kept its scripts busy and never let its content be read; read it with render: "never".`,
            [{ path: 'render', message: 'The page did not finish' }],
          );
        });
        return { html, url: page.url(), warnings: [...warnings, ...session.warnings()] };
      } finally {
        signal.removeEventListener('abort', stop);
      }
    } finally {
      // A page stuck in a script loop may not close politely: the browser goes then, and comes back next time.
      await withTimeout(context.close(), 5_000, () => this.shutDown());
    }
  }

  private launch(): Promise<Browser> {
    if (this.closed) return Promise.reject(new OpError('internal', 'Officina is stopping; no page is rendered now.'));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.browser ??= (async () => {
      const executablePath = this.options.executablePath();
      const sandbox = this.options.sandbox();
      const { chromium } = await import('playwright-core');
      try {
        const browser = await chromium.launch({
          executablePath,
          headless: true,
          chromiumSandbox: sandbox,
          args: chromiumArgs(sandbox),
          // "<-loopback>": loopback goes to the dead proxy too (Chromium would bypass it), whatever the environment says.
          proxy: { server: DEAD_PROXY, bypass: '<-loopback>' },
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
        browser.on('disconnected', () => {
          this.browser = undefined;
        });
        return browser;
      } catch (error) {
        throw new OpError(
          'external',
          `Could not start Chromium at ${executablePath} to run the page’s scripts: ${firstLine(error)}. ` +
            (sandbox && /namespace|sandbox/i.test(String(error))
              ? 'Its sandbox needs user namespaces: allow them (in Docker, a seccomp profile that permits them; see the README), ' +
                'or set OFFICINA_CHROMIUM_SANDBOX=0 to run it without. '
              : '') +
            'Set OFFICINA_CHROMIUM to a working Chromium, or read the page with render: "never".',
          [{ path: 'render', message: 'Chromium did not start' }],
        );
      }
    })();
    const launching = this.browser;
    launching.catch(() => {
      if (this.browser === launching) this.browser = undefined;
    });
    return launching;
  }

  private async shutDown(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }

  private acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', cancel);
        this.active++;
        resolve();
      };
      const cancel = () => {
        const index = this.waiting.indexOf(go);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal.reason);
      };
      this.waiting.push(go);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) return next();
    if (this.active === 0 && this.browser && !this.closed) {
      this.idleTimer = setTimeout(() => void this.shutDown(), this.options.idleMs);
      this.idleTimer.unref();
    }
  }
}

async function answer(route: Route, session: RenderSession): Promise<void> {
  const request = route.request();
  const frame = request.frame();
  let mainFrameNavigation = false;
  try {
    mainFrameNavigation = request.isNavigationRequest() && frame.parentFrame() === null;
  } catch {
    // A service worker's request has no frame; those are blocked anyway.
  }
  const reply = await session.handle({
    url: request.url(),
    method: request.method(),
    headers: await request.allHeaders().catch(() => request.headers()),
    body: request.postDataBuffer(),
    resourceType: request.resourceType(),
    mainFrameNavigation,
  });
  // The context may close while a request is answered (the page's time is up): nothing is left to answer.
  if (reply.kind === 'fulfil') {
    await route.fulfill({ status: reply.status, headers: reply.headers, body: reply.body }).catch(() => undefined);
  } else {
    await route.abort(reply.reason).catch(() => undefined);
  }
}

function isTimeout(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'TimeoutError';
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const winner = await Promise.race([work, late]);
    if (winner === 'late') return await onTimeout();
    return winner as T;
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
