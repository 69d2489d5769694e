import { mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APPIMAGE_LAUNCHER_FILE } from '../../shared/appimage.js';
import { writeFileAtomic } from '../core/common/files.js';
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
 *
 * An AppImage runs from a mount that lasts as long as the app (`/tmp/.mount_Offic…`, another name
 * each time): an entry naming it would break at the next start. There the entry runs the AppImage
 * file itself (`$APPIMAGE`, where the person keeps it) on a launcher in the data directory, which
 * finds the CLI in whichever mount the AppImage gets (see APPIMAGE_LAUNCHER); main writes it.
 */
export function desktopMcpLaunch(
  execPath: string,
  appPath: string,
  env: NodeJS.ProcessEnv = {},
  dataDir?: string,
): NodeJS.ProcessEnv {
  const appImage = appImageOf(execPath, env);
  if (appImage && dataDir) {
    return { OFFICINA_APP_EXECUTABLE: appImage, OFFICINA_APP_CLI: appImageLauncherPath(dataDir) };
  }
  return {
    OFFICINA_APP_EXECUTABLE: execPath,
    OFFICINA_APP_CLI: join(appPath, 'out', 'node', 'electron', 'cli', 'main.js'),
  };
}

/**
 * The AppImage file this executable was mounted from, or undefined when it is not one: the AppImage
 * runtime sets APPIMAGE (the file) and APPDIR (its mount), and the executable lies in the mount.
 */
export function appImageOf(execPath: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = env['APPIMAGE'];
  const mount = env['APPDIR'];
  if (!file || !mount || !isAbsolute(file) || !isAbsolute(mount)) return undefined;
  const inside = relative(resolve(mount), resolve(execPath));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? file : undefined;
}

export function appImageLauncherPath(dataDir: string): string {
  return join(dataDir, 'claude-desktop', APPIMAGE_LAUNCHER_FILE);
}

/**
 * What main passes the core about Claude Desktop's entry, the AppImage's launcher written first (the
 * same bytes each time: rewritten only when an update changed them).
 */
export function prepareDesktopMcpLaunch(
  execPath: string,
  appPath: string,
  env: NodeJS.ProcessEnv,
  dataDir: string,
): NodeJS.ProcessEnv {
  const launch = desktopMcpLaunch(execPath, appPath, env, dataDir);
  if (appImageOf(execPath, env)) {
    const path = appImageLauncherPath(dataDir);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined; // Not written yet.
    }
    if (current !== APPIMAGE_LAUNCHER) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, APPIMAGE_LAUNCHER, { mode: 'replace' });
    }
  }
  return launch;
}

/**
 * The launcher an AppImage's Claude Desktop entry runs (as Node, from whichever mount the AppImage
 * got this time): the CLI is in the app's resources beside the executable. The AppImage's own start
 * script adds `--no-sandbox` (Chromium's switch) when the system has no user namespaces; the entry
 * passes it itself, after the launcher, so that it is not put before the script, where Node would
 * refuse it as an option of its own. It is taken off here before the CLI reads its arguments.
 */
export const APPIMAGE_LAUNCHER = `'use strict';
// Written by Officina for Claude Desktop: starts Officina's MCP server from the AppImage's current mount.
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
process.argv = process.argv.filter((arg, at) => at < 2 || arg !== '--no-sandbox');
const cli = join(dirname(process.execPath), 'resources', 'app.asar', 'out', 'node', 'electron', 'cli', 'main.js');
import(pathToFileURL(cli).href).catch((error) => {
  process.stderr.write('Officina could not start its MCP server from ' + cli + ': ' + (error && error.stack || error) + '\\n');
  process.exitCode = 1;
});
`;

/** The core's side of `desktopMcpLaunch`; undefined when the main process gave none. */
export function readDesktopMcpLaunch(env: NodeJS.ProcessEnv): { nodePath: string; cliPath: string } | undefined {
  const nodePath = env['OFFICINA_APP_EXECUTABLE'];
  const cliPath = env['OFFICINA_APP_CLI'];
  return nodePath && cliPath && isAbsolute(nodePath) && isAbsolute(cliPath) ? { nodePath, cliPath } : undefined;
}
