import { createOfficina, type Officina } from '../core/app.js';
import { createLogger } from '../core/log.js';
import { loadOrCreateToken } from '../core/security/token.js';
import { startHttpServer } from '../mcp/http/server.js';
import type { CliOptions } from './options.js';

/** `officina serve`: HTTP up first (so /health answers), then the store; /ready turns 200 once it is open. */
export async function runServe(
  options: CliOptions,
  info: { version: string; cliPath: string; staticDir: string },
): Promise<number> {
  const token = options.noAuth ? null : loadOrCreateToken(options.dataDir, process.env['OFFICINA_TOKEN']);
  const http = await startHttpServer({
    host: options.host,
    port: options.port,
    allowedHosts: options.allowedHosts,
    token,
    staticDir: info.staticDir,
  });
  let app: Officina | undefined;
  try {
    app = createOfficina({
      dataDir: options.dataDir,
      vault: options.vault,
      allowPaths: options.allowPaths,
      logLevel: options.logLevel,
      logToStderr: true,
      version: info.version,
      cliPath: info.cliPath,
      httpUrl: http.url,
      token: token ?? undefined,
    });
  } catch (error) {
    await http.close();
    throw error;
  }
  http.setApp(app);
  const log = createLogger({ level: 'info', stderr: true });
  log.info(`Officina ${info.version} serving ${http.url} (data: ${options.dataDir})`);
  if (http.loginUrl) process.stderr.write(`\nOpen Officina (one-time login link):\n  ${http.loginUrl}\n\n`);
  else process.stderr.write(`\nWARNING: serving WITHOUT authentication on ${http.url} (--no-auth)\n\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await http.close();
  await app.close();
  return 0;
}
