import { posix, win32 } from 'node:path';

export const CLAUDE_CONFIG_FILE = 'claude_desktop_config.json';

/**
 * Where Claude Desktop keeps `claude_desktop_config.json` on one OS, worked out from the platform,
 * the environment and the home folder alone (no file system), so all three OSes are tested anywhere.
 * Windows paths are built with win32 rules even when this runs elsewhere.
 */
export interface ClaudeLocations {
  /** The folder the regular install reads (Electron's appData/Claude). */
  folder: string;
  /**
   * Windows' Microsoft Store build runs virtualised: its files live under
   * `%LOCALAPPDATA%\Packages\Claude_<publisher id>\LocalCache\Roaming\Claude`. The publisher id is not
   * known in advance, so the folder is found by listing `packages` for names starting with `prefix`.
   */
  store?: { packages: string; prefix: string; below: readonly string[] };
  /** Paths whose presence says Claude Desktop is installed (the app itself, not its settings). */
  installMarkers: readonly string[];
  /** The path module for the platform: joins store folders the same way. */
  join(...parts: string[]): string;
}

export function claudeLocations(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): ClaudeLocations {
  if (platform === 'win32') {
    const path = win32;
    // Windows' environment is case-insensitive (Node's process.env is too, but a copy of it is not).
    const variable = (name: string) => {
      const key = Object.keys(env).find((k) => k.toUpperCase() === name);
      const value = key === undefined ? undefined : env[key];
      return value !== undefined && value !== '' ? value : undefined;
    };
    const roaming = variable('APPDATA') ?? path.join(home, 'AppData', 'Roaming');
    const local = variable('LOCALAPPDATA') ?? path.join(home, 'AppData', 'Local');
    return {
      folder: path.join(roaming, 'Claude'),
      store: { packages: path.join(local, 'Packages'), prefix: 'Claude_', below: ['LocalCache', 'Roaming', 'Claude'] },
      // The regular installer (Squirrel) puts the app in %LOCALAPPDATA%\AnthropicClaude.
      installMarkers: [path.join(local, 'AnthropicClaude')],
      join: (...parts) => path.join(...parts),
    };
  }
  const path = posix;
  if (platform === 'darwin') {
    return {
      folder: path.join(home, 'Library', 'Application Support', 'Claude'),
      installMarkers: ['/Applications/Claude.app', path.join(home, 'Applications', 'Claude.app')],
      join: (...parts) => path.join(...parts),
    };
  }
  // Linux has no official build; community builds are Electron apps too, so they use XDG_CONFIG_HOME.
  const config = env['XDG_CONFIG_HOME'] || path.join(home, '.config');
  return {
    folder: path.join(config, 'Claude'),
    installMarkers: ['/usr/bin/claude-desktop', '/usr/lib/claude-desktop', '/opt/Claude'],
    join: (...parts) => path.join(...parts),
  };
}

/** What the file system says about the locations: which folders exist, and whether the app seems installed. */
export interface FolderProbe {
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
  list(path: string): string[];
}

export interface ConfigTargets {
  /** Config files to write: one per settings folder Claude Desktop reads on this machine. */
  files: string[];
  /** Folders to make before writing (only when Claude Desktop is installed and has none yet). */
  create: string[];
  /** Every place looked at, for a message when there is nothing to write to. */
  looked: string[];
}

/**
 * Which config files to change. Every existing Claude settings folder (on Windows both the regular
 * one and the Store build's may exist): a person may have used either. When none exists, the folder
 * is made only if Claude Desktop seems installed (its app is found, or the Store package is there):
 * otherwise Officina would leave settings behind for an app that is not on this computer.
 */
export function configTargets(locations: ClaudeLocations, probe: FolderProbe): ConfigTargets {
  const storeFolders: string[] = [];
  if (locations.store) {
    const { packages, prefix, below } = locations.store;
    const names = probe.isDirectory(packages) ? probe.list(packages) : [];
    for (const name of names.filter((n) => n.startsWith(prefix)).sort()) {
      storeFolders.push(locations.join(packages, name, ...below));
    }
  }
  const candidates = [...storeFolders, locations.folder];
  const looked = [locations.folder, ...storeFolders];
  if (locations.store && storeFolders.length === 0)
    looked.push(locations.join(locations.store.packages, `${locations.store.prefix}*`, ...locations.store.below));
  const existing = candidates.filter((folder) => probe.isDirectory(folder));
  if (existing.length > 0)
    return { files: existing.map((f) => locations.join(f, CLAUDE_CONFIG_FILE)), create: [], looked };
  // The Store build installed but never started: its package folder is there, its settings not yet.
  const first = storeFolders[0];
  if (first !== undefined) return { files: [locations.join(first, CLAUDE_CONFIG_FILE)], create: [first], looked };
  if (locations.installMarkers.some((marker) => probe.exists(marker))) {
    return { files: [locations.join(locations.folder, CLAUDE_CONFIG_FILE)], create: [locations.folder], looked };
  }
  return { files: [], create: [], looked };
}
