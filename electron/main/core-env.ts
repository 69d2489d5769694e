import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultVault } from '../core/config.js';
import { LOG_LEVELS, type LogLevel } from '../core/log.js';

/** Where the desktop app's core keeps its data, as the `officina` CLI would choose it. */
export interface CoreSettings {
  dataDir: string;
  vault: string;
  allowPaths: string[];
  logLevel: LogLevel;
}

/**
 * The desktop app takes the CLI's flags and variables, flag > env > default (DESIGN.md, "Faces"):
 * `--data-dir`, `--vault`, `--allow-path` (repeatable), `--log-level`. The default data directory is
 * Electron's userData, which is also the CLI's default, so the app and Claude Desktop's stdio
 * server share one database. Chromium's own switches and the app path in dev are ignored.
 */
export function desktopSettings(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaults: { dataDir: string; vault?: string },
): CoreSettings {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      vault: { type: 'string' },
      'allow-path': { type: 'string', multiple: true },
      'log-level': { type: 'string' },
    },
  });
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : undefined;
  const logLevel = text(values['log-level']) ?? text(env['OFFICINA_LOG_LEVEL']) ?? 'info';
  return {
    dataDir: resolve(text(values['data-dir']) ?? text(env['OFFICINA_DATA_DIR']) ?? defaults.dataDir),
    vault: resolve(text(values.vault) ?? text(env['OFFICINA_VAULT']) ?? defaults.vault ?? defaultVault()),
    allowPaths: (list(values['allow-path']) ?? splitList(env['OFFICINA_ALLOW_PATHS'])).map((p) => resolve(p)),
    // A mistyped level must not keep the app from starting: fall back to info.
    logLevel: (LOG_LEVELS as readonly string[]).includes(logLevel) ? (logLevel as LogLevel) : 'info',
  };
}

/** The utility process's environment: the parent's, with the settings in Officina's variables. */
export function coreEnvironment(settings: CoreSettings, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    OFFICINA_DATA_DIR: settings.dataDir,
    OFFICINA_VAULT: settings.vault,
    OFFICINA_ALLOW_PATHS: settings.allowPaths.join(delimiter),
    OFFICINA_LOG_LEVEL: settings.logLevel,
  };
}

/** The core's side: reads back what `coreEnvironment` wrote. */
export function readCoreEnvironment(env: NodeJS.ProcessEnv): CoreSettings {
  const dataDir = env['OFFICINA_DATA_DIR'];
  if (!dataDir) throw new Error('OFFICINA_DATA_DIR must be set by the main process.');
  return desktopSettings([], env, { dataDir });
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(delimiter).filter(Boolean);
}

/**
 * How Claude Desktop starts this app's MCP server: the app's own executable, run as Node
 * (ELECTRON_RUN_AS_NODE=1), on the CLI's built entry inside the app. Passed to the core so that its
 * Settings snippet and Connect button write that (and not the Node of whatever started the app).
 */
export function desktopMcpLaunch(execPath: string, appPath: string): NodeJS.ProcessEnv {
  return {
    OFFICINA_APP_EXECUTABLE: execPath,
    OFFICINA_APP_CLI: join(appPath, 'out', 'node', 'electron', 'cli', 'main.js'),
  };
}

/** The core's side of `desktopMcpLaunch`; undefined when the main process gave none. */
export function readDesktopMcpLaunch(env: NodeJS.ProcessEnv): { nodePath: string; cliPath: string } | undefined {
  const nodePath = env['OFFICINA_APP_EXECUTABLE'];
  const cliPath = env['OFFICINA_APP_CLI'];
  return nodePath && cliPath && isAbsolute(nodePath) && isAbsolute(cliPath) ? { nodePath, cliPath } : undefined;
}
