import { existsSync } from 'node:fs';
import { OpError } from '../../../shared/errors.js';
import { claudeDesktopConfig, type AppInfo } from '../../../shared/settings.js';
import type { AppConfig } from '../config.js';
import { readToken, rotateToken } from '../security/token.js';

/** How to reach this Officina: paths, and the Claude Desktop snippet with absolute paths (it starts servers with a minimal PATH). */
export class AppInfoService {
  private readonly config: AppConfig;

  constructor(config: AppConfig) {
    this.config = config;
  }

  get(): AppInfo {
    const { config } = this;
    return {
      version: config.version,
      data_dir: config.dataDir,
      vault: config.vault,
      vault_exists: existsSync(config.vault),
      database_path: config.databasePath,
      node_path: config.nodePath,
      cli_path: config.cliPath,
      claude_desktop_config: claudeDesktopConfig({
        node_path: config.nodePath,
        cli_path: config.cliPath,
        data_dir: config.dataDir,
        vault: config.vault,
      }),
      http_mcp_url: config.httpUrl ? `${config.httpUrl}/mcp` : null,
    };
  }

  token(): string | null {
    // The file, when it holds the token, is read each time: another process may have rotated it.
    if (this.config.tokenFromEnv) return this.config.token ?? null;
    return readToken(this.config.dataDir) ?? this.config.token ?? null;
  }

  rotateToken(): string {
    if (this.config.tokenFromEnv) {
      throw new OpError(
        'conflict',
        'This Officina takes its HTTP token from the OFFICINA_TOKEN environment variable, which it cannot change. ' +
          'Set a new value there and restart `officina serve`, or unset it to use a token file that can be rotated here.',
      );
    }
    return rotateToken(this.config.dataDir);
  }
}
