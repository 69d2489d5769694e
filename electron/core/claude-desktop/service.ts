import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ClaudeDesktopStatus, ClaudeServerEntry } from '../../../shared/claude-desktop.js';
import { OpError } from '../../../shared/errors.js';
import type { Clock } from '../catalogue/context.js';
import { officinaEntry, readConfig, withOfficina, withoutOfficina, writeConfig } from './config-file.js';
import { claudeLocations, configTargets, type ClaudeLocations, type FolderProbe } from './locate.js';

export interface ConfigChange {
  path: string;
  backup_path: string | null;
  created: boolean;
}

/** The real file system, for `configTargets`. */
export const diskProbe: FolderProbe = {
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false; // Missing or unreadable: not a folder Claude Desktop uses.
    }
  },
  exists: (path) => existsSync(path),
  list: (path) => {
    try {
      return readdirSync(path);
    } catch {
      return []; // An unreadable Packages folder holds no Claude package we can use.
    }
  },
};

/**
 * Adds Officina to Claude Desktop's settings and takes it out again. The file is Claude Desktop's, not
 * ours: every change keeps a copy of it first, touches only `mcpServers.officina`, and a file that
 * does not parse is reported and left as it is.
 */
export class ClaudeDesktopLink {
  private readonly locations: ClaudeLocations;
  private readonly probe: FolderProbe;
  private readonly clock: Clock;

  constructor(options: {
    platform?: NodeJS.Platform;
    env?: NodeJS.ProcessEnv;
    home?: string;
    /** Instead of platform, env and home: the locations themselves. */
    locations?: ClaudeLocations;
    probe?: FolderProbe;
    clock: Clock;
  }) {
    this.locations =
      options.locations ??
      claudeLocations(options.platform ?? process.platform, options.env ?? process.env, options.home ?? homedir());
    this.probe = options.probe ?? diskProbe;
    this.clock = options.clock;
  }

  connect(entry: ClaudeServerEntry): ConfigChange[] {
    const targets = configTargets(this.locations, this.probe);
    if (targets.files.length === 0) {
      throw new OpError(
        'not_found',
        `Claude Desktop does not seem to be installed on this computer: its settings are not in ${targets.looked.join(' or ')}. ` +
          'Install Claude Desktop (claude.ai/download), open it once, then connect again.',
      );
    }
    // Every file is read and checked before any is written: one broken file changes none.
    const files = targets.files.map((path) => readConfig(path));
    for (const folder of targets.create) mkdirSync(folder, { recursive: true });
    const changes: ConfigChange[] = [];
    for (const file of files) {
      const next = withOfficina(file.data, entry);
      if (file.exists && JSON.stringify(next) === JSON.stringify(file.data)) {
        changes.push({ path: file.path, backup_path: null, created: false });
        continue;
      }
      const backup = writeConfig(file, next, this.clock.now());
      changes.push({ path: file.path, backup_path: backup ?? null, created: !file.exists });
    }
    return changes;
  }

  disconnect(): Omit<ConfigChange, 'created'>[] {
    const files = this.existingFiles().map((path) => readConfig(path));
    const changes: Omit<ConfigChange, 'created'>[] = [];
    for (const file of files) {
      if (!officinaEntry(file.data)) continue;
      const backup = writeConfig(file, withoutOfficina(file.data), this.clock.now());
      changes.push({ path: file.path, backup_path: backup ?? null });
    }
    return changes;
  }

  status(): ClaudeDesktopStatus {
    const targets = configTargets(this.locations, this.probe);
    return {
      config_files: this.existingFiles().map((path) => {
        try {
          return { path, connected: officinaEntry(readConfig(path).data) !== undefined, problem: null };
        } catch (error) {
          return { path, connected: false, problem: error instanceof Error ? error.message : String(error) };
        }
      }),
      can_connect: targets.files.length > 0,
      looked: targets.looked,
    };
  }

  private existingFiles(): string[] {
    return configTargets(this.locations, this.probe).files.filter((path) => this.probe.exists(path));
  }
}
