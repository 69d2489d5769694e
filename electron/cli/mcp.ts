import { OpError } from '../../shared/errors.js';
import type { Officina } from '../core/app.js';
import { privateFileModes, reportOpenFailure } from '../core/data-dir.js';
import { createLogger } from '../core/log.js';
import { serveStdio } from '../mcp/stdio.js';
import type { CliOptions } from './options.js';
import { flushed, shutdownSignal, stopGracefully } from './shutdown.js';

/**
 * `officina mcp`: stdio MCP. stdout carries protocol only; logs go to stderr and the log file.
 * The store and the domains load after `initialize` is answered (Claude Desktop waits on that reply);
 * a failure to open them (say, a database from a newer Officina) becomes every tool call's error, and
 * is logged to stderr (Claude Desktop's log of the server) and the log file. The process stays up, so
 * the assistant can tell the person what is wrong; Claude Desktop would only say the server went away.
 */
export async function runMcp(options: CliOptions, info: { version: string; cliPath: string }): Promise<number> {
  privateFileModes();
  const stderrLog = createLogger({ level: options.logLevel, stderr: true });
  let loading: Promise<Officina> | undefined;
  const app = () =>
    (loading ??= import('../core/app.js')
      .then(({ createOfficina }) =>
        createOfficina({
          dataDir: options.dataDir,
          vault: options.vault,
          allowPaths: options.allowPaths,
          allowPrivateHosts: options.allowPrivateHosts,
          vaultPolling: options.vaultPolling,
          logLevel: options.logLevel,
          logToStderr: true,
          version: info.version,
          cliPath: info.cliPath,
          toolsets: options.toolsets,
        }),
      )
      .catch((error: unknown) => {
        reportOpenFailure(options.dataDir, error, stderrLog);
        // A refusal (say, a database from a newer Officina) stands; anything else, like a lock held
        // for a moment by the other process, is tried again on the next call.
        if (!(error instanceof OpError)) loading = undefined;
        throw error;
      }));

  const close = async () => {
    if (loading)
      await loading.then(
        (a) => a.close(),
        () => undefined,
      );
  };

  const served = serveStdio({ version: info.version, app, tools: { outputSchemas: options.outputSchemas } }, (error) =>
    stderrLog.warn('MCP stdio error', { error }),
  );
  const signalled = await Promise.race([served.then(() => false), shutdownSignal(stderrLog).then(() => true)]);
  if (!signalled) {
    // The client closed stdin: nothing more can be asked, so there is nothing to wait for but our own writes.
    await close();
    return 0;
  }
  // Read no more requests; the calls already read finish, their answers go out, then the store closes.
  process.stdin.pause();
  await stopGracefully(stderrLog, async () => {
    await close();
    await flushed(process.stdout);
  });
  // stdin, though paused, may keep the event loop alive.
  process.exit(0);
}
