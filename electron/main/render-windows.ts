import type { BrowserWindowConstructorOptions } from 'electron';
import {
  isCoreRenderMessage,
  type CoreRenderMessage,
  type MainRenderMessage,
} from '../core/scraper/render/desktop-protocol.js';
import type { BrowserAnswer, BrowserRequest } from '../core/scraper/render/render-session.js';

// The desktop app renders pages that need their scripts in its own Chromium: an offscreen window per
// page, opened on the core's request (core/scraper/render/desktop-protocol.ts). The decisions are
// here, without Electron, tested under Node; render-windows-electron.ts is the thin Electron part.

/** How long a window's request waits for the core's answer before it is given up. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The render window: never shown (offscreen), sandboxed, isolated, no preload, no Node, JavaScript
 * on (that is the point), no images or plugins, no dialogs, in a session of its own (`partition`,
 * in memory) whose every http(s) request is answered by the core.
 */
export function renderWindowOptions(partition: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1280,
    height: 900,
    webPreferences: {
      offscreen: true,
      partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      images: false,
      plugins: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableDialogs: true,
      autoplayPolicy: 'document-user-activation-required',
      spellcheck: false,
      devTools: false,
      backgroundThrottling: false,
    },
  };
}

/** The in-memory session of a render window slot (no "persist:": nothing is written to disk). */
export function renderPartition(slot: number): string {
  return `officina-render-${slot}`;
}

/** A render window stays on its page: the top frame may not go anywhere else (a hash change is fine). */
export function navigationAllowed(target: string, pageUrl: string): boolean {
  try {
    const to = new URL(target);
    const page = new URL(pageUrl);
    to.hash = '';
    page.hash = '';
    return to.href === page.href;
  } catch {
    return false;
  }
}

/** Chromium's Sec-Fetch-Dest, as the resource types RenderSession knows (Playwright's names). */
const DESTINATIONS: Record<string, string> = {
  document: 'document',
  iframe: 'document',
  frame: 'document',
  script: 'script',
  worker: 'script',
  sharedworker: 'script',
  serviceworker: 'script',
  style: 'stylesheet',
  image: 'image',
  font: 'font',
  audio: 'media',
  video: 'media',
  track: 'texttrack',
  manifest: 'manifest',
  report: 'ping',
  empty: 'fetch',
};

/**
 * A window's request as RenderSession takes it. Electron's protocol handler sees a plain Request:
 * what kind of resource it is comes from Chromium's Sec-Fetch-Dest and Sec-Fetch-Mode headers; a
 * request without them is taken for a fetch (loaded through the guard, never skipped unseen).
 */
export function describeRequest(request: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}): BrowserRequest {
  const header = (name: string) =>
    Object.entries(request.headers)
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.toLowerCase();
  const dest = header('sec-fetch-dest');
  const mode = header('sec-fetch-mode');
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    resourceType: (dest && DESTINATIONS[dest]) ?? 'fetch',
    mainFrameNavigation: mode === 'navigate' && dest === 'document',
  };
}

/** What main does to a render window, Electron's part (render-windows-electron.ts). */
export interface RenderWindowDriver {
  /** Opens an offscreen window in `slot`'s session on `url`; its requests, load and failure go to `hooks`. */
  open(
    slot: number,
    page: { url: string; userAgent: string },
    hooks: {
      request(request: BrowserRequest): Promise<BrowserAnswer>;
      loaded(): void;
      failed(message: string): void;
    },
  ): void;
  /** The page's DOM as HTML and where it is now. */
  snapshot(slot: number): Promise<{ html: string; url: string }>;
  /** Closes the window and empties its session. */
  close(slot: number): void;
}

/**
 * Main's side of the render protocol: opens a window for each page the core asks for, relays the
 * window's requests to the core and its answers back (each given up after REQUEST_TIMEOUT_MS, so a
 * core that stopped never leaves a window waiting), and closes windows when the core is done.
 */
export class RenderHost {
  private readonly post: (message: MainRenderMessage) => void;
  private readonly driver: RenderWindowDriver;
  private readonly timeoutMs: number;
  /** Page id → the window slot it has. */
  private readonly slots = new Map<number, number>();
  /** Page id → its address, until the window has asked for it (its first request: the document). */
  private readonly documents = new Map<number, string>();
  private readonly pending = new Map<number, { resolve: (answer: BrowserAnswer) => void; timer: NodeJS.Timeout }>();
  private nextRequest = 1;

  constructor(options: {
    post: (message: MainRenderMessage) => void;
    driver: RenderWindowDriver;
    requestTimeoutMs?: number;
  }) {
    this.post = options.post;
    this.driver = options.driver;
    this.timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** Pages with a window open. */
  get open(): number {
    return this.slots.size;
  }

  /** A message from the core: returns false when it is not one of the render protocol's. */
  receive(message: unknown): boolean {
    if (!isCoreRenderMessage(message)) return false;
    this.handle(message);
    return true;
  }

  /** The core stopped, or the app quits: every window closes, every waiting request is given up. */
  closeAll(): void {
    for (const id of [...this.slots.keys()]) this.closePage(id);
    for (const [requestId, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ kind: 'abort', reason: 'failed' });
      this.pending.delete(requestId);
    }
  }

  private handle(message: CoreRenderMessage): void {
    switch (message.kind) {
      case 'render-open':
        return this.openPage(message.id, message.url, message.userAgent);
      case 'render-answer': {
        const waiting = this.pending.get(message.requestId);
        if (!waiting) return;
        this.pending.delete(message.requestId);
        clearTimeout(waiting.timer);
        waiting.resolve(message.answer);
        return;
      }
      case 'render-snapshot': {
        const slot = this.slots.get(message.id);
        if (slot === undefined)
          return this.send({ kind: 'render-failed', id: message.id, message: 'its window is closed' });
        void this.driver.snapshot(slot).then(
          (page) => this.send({ kind: 'render-html', id: message.id, ...page }),
          (error: unknown) => this.send({ kind: 'render-failed', id: message.id, message: describe(error) }),
        );
        return;
      }
      case 'render-close':
        return this.closePage(message.id);
    }
  }

  private openPage(id: number, url: string, userAgent: string): void {
    if (this.slots.has(id)) return;
    // The lowest free slot: sessions are reused (emptied between pages), not made anew for each.
    const used = new Set(this.slots.values());
    let slot = 1;
    while (used.has(slot)) slot++;
    this.slots.set(id, slot);
    this.documents.set(id, url);
    try {
      this.driver.open(
        slot,
        { url, userAgent },
        {
          request: (request) => this.forward(id, request),
          loaded: () => this.slots.has(id) && this.send({ kind: 'render-loaded', id }),
          failed: (reason) => this.slots.has(id) && this.send({ kind: 'render-failed', id, message: reason }),
        },
      );
    } catch (error) {
      this.send({ kind: 'render-failed', id, message: describe(error) });
    }
  }

  private forward(id: number, given: BrowserRequest): Promise<BrowserAnswer> {
    if (!this.slots.has(id)) return Promise.resolve({ kind: 'abort', reason: 'failed' });
    // A fresh window asks for its document first: that is the top frame's navigation even where
    // Chromium did not mark it (served from the fetch already made, not fetched again).
    const document = this.documents.get(id);
    this.documents.delete(id);
    const request =
      document !== undefined && navigationAllowed(given.url, document)
        ? { ...given, resourceType: 'document', mainFrameNavigation: true }
        : given;
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ kind: 'abort', reason: 'timedout' });
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve, timer });
      this.send({ kind: 'render-request', id, requestId, request });
    });
  }

  private closePage(id: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.slots.delete(id);
    this.documents.delete(id);
    try {
      this.driver.close(slot);
    } catch {
      // Already gone.
    }
  }

  private send(message: MainRenderMessage): void {
    try {
      this.post(message);
    } catch {
      // The core is gone: its exit closes every window (closeAll).
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
