import { existsSync } from 'node:fs';
import type { AppInfo } from '../../../shared/settings.js';
import type { AppConfig } from '../config.js';
import { readToken } from '../security/token.js';

/** How to reach this Officina: paths, and the Claude Desktop snippet with absolute paths (it starts servers with a minimal PATH). */
export class AppInfoService {
  private readonly config: AppConfig;

  constructor(config: AppConfig) {
    this.config = config;
  }

  get(): AppInfo {
    const { config } = this;
    const snippet = {
      mcpServers: {
        officina: {
          command: config.nodePath,
          args: [config.cliPath, 'mcp', '--data-dir', config.dataDir, '--vault', config.vault],
        },
      },
    };
    return {
      version: config.version,
      data_dir: config.dataDir,
      vault: config.vault,
      vault_exists: existsSync(config.vault),
      database_path: config.databasePath,
      node_path: config.nodePath,
      cli_path: config.cliPath,
      claude_desktop_config: JSON.stringify(snippet, null, 2),
      http_mcp_url: config.httpUrl ? `${config.httpUrl}/mcp` : null,
    };
  }

  token(): string | null {
    return this.config.token ?? readToken(this.config.dataDir);
  }
}
