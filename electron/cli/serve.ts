import { createOfficina, reportOpenFailure, TOOLSETS, type Officina } from '../core/app.js';
import { applyStagedRestore } from '../core/backups/restore.js';
import { openDataDir, privateFileModes } from '../core/data-dir.js';
import { createLogger } from '../core/log.js';
import { checkProcessToolsets } from '../core/permissions/index.js';
import { followTokenFile, loadOrCreateToken } from '../core/security/token.js';
import { forgetServeAddress, recordServeAddress } from '../mcp/http/serve-addresses.js';
import { startHttpServer } from '../mcp/http/server.js';
import type { CliOptions } from './options.js';
import { shutdownSignal, stopGracefully } from './shutdown.js';

/** `officina serve`: HTTP up first (so /health answers), then the store; /ready turns 200 once it is open. */
export async function runServe(
  options: CliOptions,
  info: { version: string; cliPath: string; staticDir: string },
): Promise<number> {
  privateFileModes();
  const log = createLogger({ level: 'info', stderr: true });
  try {
    // A mistyped --toolsets is said before anything is started or written.
    checkProcessToolsets(options.toolsets, TOOLSETS);
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  try {
    // Before the token file is made there: a data directory Officina cannot write to gets a sentence.
    openDataDir(options.dataDir);
  } catch (error) {
    reportOpenFailure(options.dataDir, error, log);
    return 1;
  }
  const signal = shutdownSignal(log);
  const fromEnv = process.env['OFFICINA_TOKEN'];
  const tokenFromEnv = !options.noAuth && fromEnv !== undefined && fromEnv !== '';
  const token = options.noAuth ? null : loadOrCreateToken(options.dataDir, fromEnv);
  const http = await startHttpServer({
    host: options.host,
    port: options.port,
    allowedHosts: options.allowedHosts,
    publicOrigins: options.publicOrigins,
    // The token file is followed, so rotate_mcp_token (from this process or the desktop app) applies at once.
    token: token === null || tokenFromEnv ? token : followTokenFile(options.dataDir, token),
    staticDir: info.staticDir,
    maxMcpSessions: options.maxMcpSessions,
    mcpSessionIdleMs: options.mcpSessionIdleMs,
    tools: { outputSchemas: options.outputSchemas },
    // The graceful stop of SIGTERM; the process manager starts serve again, and a staged restore applies.
    ...(options.restartsOnExit ? { onRestart: () => process.kill(process.pid, 'SIGTERM') } : {}),
  });
  let app: Officina | undefined;
  try {
    // A restore staged in Settings is applied before the store opens.
    await applyStagedRestore(options.dataDir, { log });
    app = createOfficina({
      runBackups: true,
      dataDir: options.dataDir,
      vault: options.vault,
      allowPaths: options.allowPaths,
      allowPrivateHosts: options.allowPrivateHosts,
      vaultPolling: options.vaultPolling,
      logLevel: options.logLevel,
      logToStderr: true,
      version: info.version,
      cliPath: info.cliPath,
      httpUrl: http.publicUrl,
      token: token ?? undefined,
      tokenFromEnv,
      toolsets: options.toolsets,
      restart: options.restartsOnExit ? 'stop' : 'manual',
    });
    http.setApp(app);
    // So that `officina login`, run later in another process, can print a link to this serve.
    recordServeAddress(app.store, http.publicUrl, process.pid);
  } catch (error) {
    reportOpenFailure(options.dataDir, error, log);
    await http.close();
    await app?.close();
    return 1;
  }
  log.info(`Officina ${info.version} serving ${http.url} (data: ${options.dataDir})`);
  const loginUrl = http.newLoginUrl();
  if (loginUrl) {
    process.stderr.write(`\nOpen Officina (one-time login link; \`officina login\` makes another):\n  ${loginUrl}\n\n`);
  } else process.stderr.write(`\nWARNING: serving WITHOUT authentication on ${http.url} (--no-auth)\n\n`);

  await signal;
  const running = app;
  // Not ready and not listening first, so a load balancer stops sending; then the answers under way
  // go out, the MCP sessions close, and the app finishes its writes and closes the store.
  await stopGracefully(log, async () => {
    await http.shutdown();
    await http.close();
    forgetServeAddress(running.store, http.publicUrl, process.pid);
    await running.close();
  });
  log.info('stopped');
  return 0;
}
