import { createOfficina, reportOpenFailure, type CreateOptions, type Officina } from '../core/app.js';
import { applyStagedRestore } from '../core/backups/restore.js';
import { progressToBus } from '../core/events/progress.js';
import { DesktopRenderer } from '../core/scraper/render/desktop-renderer.js';
import { createLogger } from '../core/log.js';
import { OpError, type Envelope } from '../../shared/errors.js';
import type { CoreReply } from './core-protocol.js';
import type { CoreSettings } from './core-env.js';

/** The part of Electron's `process.parentPort` the core uses (a plain Node object in tests). */
export interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: CoreReply): void;
}

export interface CoreHost {
  /** Resolves once a shutdown request has been handled (calls finished, database closed). */
  readonly closed: Promise<void>;
}

/**
 * The core's side of the relay, run in Electron's utilityProcess (plain Node): opens Officina on the
 * data directory, answers calls with the catalogue's envelope, forwards the bus's events, and on
 * `shutdown` lets running calls finish, drains the write queue, closes the database and exits.
 */
export function hostCore(
  port: ParentPortLike,
  options: {
    settings: CoreSettings;
    exit(code: number): void;
    version?: string;
    /** Where the bundle put the store's checkpoint worker (core-process.ts knows its folder). */
    checkpointWorker?: string;
    /** Where the bundle put the scraper's extract worker. */
    extractWorker?: string;
    create?: (options: CreateOptions) => Officina;
    /** How Claude Desktop starts this app's server (core-env.ts's desktopMcpLaunch). */
    mcpLaunch?: { nodePath: string; cliPath: string } | undefined;
  },
): CoreHost {
  const create = options.create ?? createOfficina;
  const post = (message: CoreReply) => {
    try {
      port.postMessage(message);
    } catch (error) {
      process.stderr.write(`officina core: could not answer the main process: ${String(error)}\n`);
    }
  };

  let app: Officina | undefined;
  let openError: unknown;
  // Pages that need their scripts are rendered by the desktop's own Chromium, in main's windows.
  let renderer: DesktopRenderer | undefined;
  const open = (): Officina => {
    if (app) return app;
    // A refusal (a database from a newer Officina) stands; anything else, such as a lock the other
    // process holds for a moment, is tried again on the next call.
    if (openError instanceof OpError) throw openError;
    try {
      app = create({
        dataDir: options.settings.dataDir,
        vault: options.settings.vault,
        allowPaths: options.settings.allowPaths,
        logLevel: options.settings.logLevel,
        logToStderr: true,
        runBackups: true,
        ...(options.mcpLaunch ? { ...options.mcpLaunch, runAsNode: true } : {}),
        ...(options.version ? { version: options.version } : {}),
        ...(options.checkpointWorker ? { checkpointWorker: options.checkpointWorker } : {}),
        ...(options.extractWorker ? { extractWorker: options.extractWorker } : {}),
        renderer: (fetcher) => (renderer = new DesktopRenderer({ post, userAgent: fetcher.userAgent })),
      });
      openError = undefined;
    } catch (error) {
      openError = error;
      throw error;
    }
    app.bus.subscribe((event) => post({ kind: 'event', event }));
    return app;
  };
  const startLog = createLogger({ level: 'error', stderr: true });
  // A restore staged in Settings is applied before the store opens (nothing holds the database yet).
  const prepared = applyStagedRestore(options.settings.dataDir, { log: startLog }).then(
    () => undefined,
    (error: unknown) => startLog.error('The staged restore could not be applied', { error }),
  );
  void prepared.then(() => {
    try {
      open(); // at once, so that other processes' changes reach the window before its first call
    } catch (error) {
      reportOpenFailure(options.settings.dataDir, error, startLog);
    }
  });

  const running = new Set<Promise<void>>();
  let stopping = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const answer = async (id: number, name: string, input: unknown, callId: unknown): Promise<void> => {
    let envelope: Envelope<unknown>;
    try {
      await prepared;
      const current = open();
      envelope = await current.catalogue.call(name, input, {
        caller: { kind: 'ui', name: 'desktop' },
        face: 'ui',
        progress: progressToBus(current.bus, callId),
      });
    } catch (error) {
      envelope = {
        ok: false,
        error:
          error instanceof OpError
            ? error.toBody()
            : {
                code: 'internal',
                message: `Officina could not open its data in ${options.settings.dataDir}: ${describe(error)}`,
              },
      };
    }
    post({ kind: 'reply', id, envelope });
  };

  const shutdown = async () => {
    stopping = true;
    try {
      await prepared;
      await Promise.allSettled([...running]);
      await app?.close();
    } catch (error) {
      process.stderr.write(`officina core: closing failed: ${String(error)}\n`);
    } finally {
      resolveClosed();
      options.exit(0);
    }
  };

  port.on('message', ({ data }) => {
    if (typeof data !== 'object' || data === null) return;
    const message = data as Record<string, unknown>;
    if (renderer?.receive(message)) return;
    if (message['kind'] === 'shutdown') {
      if (!stopping) void shutdown();
      return;
    }
    if (message['kind'] !== 'call' || typeof message['id'] !== 'number' || typeof message['name'] !== 'string') return;
    const id = message['id'];
    if (stopping) {
      post({
        kind: 'reply',
        id,
        envelope: { ok: false, error: { code: 'internal', message: 'Officina is closing; the call was not made.' } },
      });
      return;
    }
    const call = answer(id, message['name'], message['input'], message['callId']);
    running.add(call);
    void call.finally(() => running.delete(call));
  });

  return { closed };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
