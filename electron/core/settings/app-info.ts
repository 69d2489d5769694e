import { existsSync } from 'node:fs';
import { OpError } from '../../../shared/errors.js';
import { claudeDesktopConfig, type AppInfo } from '../../../shared/settings.js';
import type { VaultState } from '../../../shared/vault.js';
import type { AppConfig } from '../config.js';
import { readToken, rotateToken } from '../security/token.js';

/** How to reach this Officina: paths, and the Claude Desktop snippet with absolute paths (it starts servers with a minimal PATH). */
export class AppInfoService {
  private readonly config: AppConfig;
  private readonly vault: () => VaultState;

  /** `vault`: the vault folder's state, looked at when asked (the UI shows a banner when it is away). */
  constructor(config: AppConfig, vault: () => VaultState = () => ({ available: true, reason: null, problem: null })) {
    this.config = config;
    this.vault = vault;
  }

  get(): AppInfo {
    const { config } = this;
    const vaultState = this.vault();
    return {
      version: config.version,
      data_dir: config.dataDir,
      vault: config.vault,
      vault_exists: existsSync(config.vault),
      vault_available: vaultState.available,
      vault_problem: vaultState.problem,
      database_path: config.databasePath,
      node_path: config.nodePath,
      cli_path: config.cliPath,
      run_as_node: config.runAsNode === true,
      claude_desktop_config: claudeDesktopConfig({
        node_path: config.nodePath,
        cli_path: config.cliPath,
        data_dir: config.dataDir,
        vault: config.vault,
        run_as_node: config.runAsNode === true,
      }),
      http_mcp_url: config.httpUrl ? `${config.httpUrl}/mcp` : null,
      restart: config.restart ?? 'manual',
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
