import { createOfficina } from '../core/app.js';
import { serveStdio } from '../mcp/stdio.js';
import type { CliOptions } from './options.js';

/** `officina mcp`: stdio MCP. stdout carries protocol only; logs go to stderr and the log file. */
export async function runMcp(options: CliOptions, info: { version: string; cliPath: string }): Promise<number> {
  const app = createOfficina({
    dataDir: options.dataDir,
    vault: options.vault,
    allowPaths: options.allowPaths,
    logLevel: options.logLevel,
    logToStderr: true,
    version: info.version,
    cliPath: info.cliPath,
  });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  app.log.info('officina mcp ready on stdio', { dataDir: options.dataDir });
  await serveStdio(app);
  await app.close();
  return 0;
}
