import type { Logger } from '../core/log.js';

/** Longest a graceful stop may take before the process gives up waiting and exits anyway. */
export const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * Resolves on the first SIGTERM or SIGINT, for a graceful stop. A second signal exits at once: the
 * person (or the service manager) has decided not to wait.
 */
export function shutdownSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | undefined;
    const handler = (signal: NodeJS.Signals) => {
      if (first) {
        log.warn(`${signal} again: exiting without finishing the calls under way`);
        process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      }
      first = signal;
      log.info(`${signal}: finishing the calls under way, then stopping (send it again to stop at once)`);
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

/** Runs a graceful stop; if it hangs (a call waiting on an answer that will not come), exits after `limitMs`. */
export async function stopGracefully(
  log: Logger,
  stop: () => Promise<void>,
  limitMs = SHUTDOWN_LIMIT_MS,
): Promise<void> {
  const watchdog = setTimeout(() => {
    log.error(`stopping took longer than ${limitMs / 1000} s; exiting without waiting further`);
    process.exit(1);
  }, limitMs);
  try {
    await stop();
  } finally {
    clearTimeout(watchdog);
  }
}

/** Resolves once what was written to the stream has been handed to the OS (pipes are asynchronous on macOS and Windows). */
export async function flushed(stream: NodeJS.WriteStream): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (stream.writableLength > 0) await new Promise((resolve) => stream.once('drain', resolve));
}
