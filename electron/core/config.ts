import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LogLevel } from './log.js';

export const PRODUCT_NAME = 'Officina';

/** Everything a process needs to know to build the app; made once at start-up (no module globals). */
export interface AppConfig {
  version: string;
  dataDir: string;
  vault: string;
  databasePath: string;
  /** Watch the vault by polling (network folders, where file events do not arrive). */
  vaultPolling: boolean;
  /** Folders outside the vault the person allowed (--allow-path). */
  allowPaths: string[];
  /** Local-network hosts the scraper may fetch (--allow-private-hosts), beside the person's settings. */
  allowPrivateHosts: string[];
  logLevel: LogLevel;
  /** Also log to stderr (never stdout). */
  logToStderr: boolean;
  /** What Claude Desktop runs as Node: Node 24, or the desktop app's own executable (see `runAsNode`). */
  nodePath: string;
  cliPath: string;
  /** `nodePath` is the desktop app's executable, which runs as Node with ELECTRON_RUN_AS_NODE=1. */
  runAsNode?: boolean | undefined;
  /**
   * How the person can restart this process from the app (a staged restore applies at the next
   * start): `relaunch` the desktop app; `stop` serve, which a process manager starts again
   * (--restarts-on-exit); `manual`: only whoever started it can.
   */
  restart?: 'relaunch' | 'stop' | 'manual' | undefined;
  /** Base URL of `serve`, when this process serves HTTP. */
  httpUrl?: string | undefined;
  /** The HTTP token, when this process holds it. */
  token?: string | undefined;
  /** The token came from OFFICINA_TOKEN: it cannot be rotated, and the token file does not apply. */
  tokenFromEnv?: boolean | undefined;
  /**
   * `--toolsets`: assistants of this process get only these toolsets, of those the person gave them
   * in Settings. Undefined: all the person gave them.
   */
  toolsets?: readonly string[] | undefined;
}

/** Electron's userData for the product name, so the app and a CLI-started server share one database. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), PRODUCT_NAME);
}

export function defaultVault(): string {
  return join(homedir(), 'Documents', PRODUCT_NAME);
}
