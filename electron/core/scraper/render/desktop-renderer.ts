import { OpError } from '../../../../shared/errors.js';
import { isMainRenderMessage, type CoreRenderMessage, type MainRenderMessage } from './desktop-protocol.js';
import type { PageRenderer, RenderedPage } from './page-renderer.js';
import type { RenderSession } from './render-session.js';

/** How long main may take to answer for the page's HTML once asked (a script loop can hold it). */
const SNAPSHOT_TIMEOUT_MS = 10_000;
/** How long main may take to open a window and start loading, beyond the page's own time. */
const OPEN_GRACE_MS = 10_000;

interface Job {
  session: RenderSession;
  loaded: () => void;
  snapshot?: (page: { html: string; url: string }) => void;
  fail: (error: Error) => void;
}

/**
 * Renders pages in the desktop app's own Chromium: an offscreen, sandboxed window that Electron's
 * main process opens on the core's request (desktop-protocol.ts). Every request the window makes
 * comes back here and is answered by the page's RenderSession (Officina's guarded fetcher, the
 * page's budget), so the window reaches nothing the scraper could not. Runs in the core; knows no
 * Electron. Two pages at a time, like the Chromium of `serve`.
 */
export class DesktopRenderer implements PageRenderer {
  private readonly post: (message: CoreRenderMessage) => void;
  private readonly userAgent: string;
  private readonly concurrency: number;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(options: { post: (message: CoreRenderMessage) => void; userAgent: string; concurrency?: number }) {
    this.post = options.post;
    this.userAgent = options.userAgent;
    this.concurrency = options.concurrency ?? 2;
  }

  /** A message from main: returns false when it is not one of the renderer's. */
  receive(message: unknown): boolean {
    if (!isMainRenderMessage(message)) return false;
    const job = this.jobs.get(message.id);
    if (!job) return true; // a page already finished or given up: nothing waits for it
    this.handle(message.id, job, message);
    return true;
  }

  async render(session: RenderSession, signal: AbortSignal): Promise<RenderedPage> {
    if (this.closed) throw new OpError('internal', 'Officina is stopping; no page is rendered now.');
    await this.acquire(signal);
    const id = this.nextId++;
    try {
      return await this.renderAs(id, session, signal);
    } finally {
      this.jobs.delete(id);
      this.send({ kind: 'render-close', id });
      this.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopped = new OpError('internal', 'Officina is stopping; the page was not rendered.');
    for (const job of this.jobs.values()) job.fail(stopped);
  }

  private async renderAs(id: number, session: RenderSession, signal: AbortSignal): Promise<RenderedPage> {
    let failed: (error: Error) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    failure.catch(() => undefined);
    let loaded: () => void = () => undefined;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    const job: Job = { session, loaded, fail: (error) => failed(error) };
    this.jobs.set(id, job);
    const abort = () => failed(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    signal.addEventListener('abort', abort, { once: true });
    try {
      session.begin();
      this.send({ kind: 'render-open', id, url: session.document.url, userAgent: this.userAgent });
      const warnings: string[] = [];
      // Loaded, or out of time (read as it is then, as with serve's Chromium).
      const inTime = await Promise.race([
        load.then(() => session.quiet()),
        delay(session.remainingMs() + OPEN_GRACE_MS).then(() => false),
        failure,
      ]);
      if (!inTime) {
        warnings.push(
          `The page was still loading after ${Math.round(session.budget.timeMs / 1000)} s; this is what it showed then.`,
        );
      }
      const page = new Promise<{ html: string; url: string }>((resolve) => (job.snapshot = resolve));
      this.send({ kind: 'render-snapshot', id });
      const shown = await Promise.race([
        page,
        failure,
        delay(SNAPSHOT_TIMEOUT_MS).then(() => {
          throw new OpError(
            'external',
            `${session.document.url} kept its scripts busy and never let its content be read; read it with render: "never".`,
            [{ path: 'render', message: 'The page did not finish' }],
          );
        }),
      ]);
      return { html: shown.html, url: shown.url, warnings: [...warnings, ...session.warnings()] };
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  private handle(id: number, job: Job, message: MainRenderMessage): void {
    switch (message.kind) {
      case 'render-request': {
        const { body } = message.request;
        // A Buffer crosses the process boundary as a plain Uint8Array.
        const request = {
          ...message.request,
          body: body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : null,
        };
        void job.session.handle(request).then(
          (answer) => this.send({ kind: 'render-answer', id, requestId: message.requestId, answer }),
          () =>
            this.send({
              kind: 'render-answer',
              id,
              requestId: message.requestId,
              answer: { kind: 'abort', reason: 'failed' },
            }),
        );
        return;
      }
      case 'render-loaded':
        job.loaded();
        return;
      case 'render-html':
        job.snapshot?.({ html: message.html, url: message.url });
        return;
      case 'render-failed':
        job.fail(
          new OpError(
            'external',
            `Officina’s browser could not show ${job.session.document.url}: ${message.message}.`,
            [{ path: 'render', message: 'The page could not be shown' }],
          ),
        );
        return;
    }
  }

  private send(message: CoreRenderMessage): void {
    try {
      this.post(message);
    } catch {
      // Main is gone (the app is quitting): the page fails on its own time limit.
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.active < this.concurrency) {
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
    this.waiting.shift()?.();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
  });
}
