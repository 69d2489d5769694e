import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { openSqlite } from '../store/sqlite.js';
import {
  BackupPolicy,
  DEFAULT_BACKUP_POLICY,
  type Backup,
  type BackupKind,
  type updateBackupPolicy,
} from '../../../shared/backups.js';
import { OpError } from '../../../shared/errors.js';
import type { z } from 'zod';
import type { Clock, EventSink } from '../catalogue/context.js';
import { writeFileAtomic } from '../common/files.js';
import { backupsPath } from '../data-dir.js';
import { MIGRATIONS, type Migration } from '../store/migrations/index.js';
import { BACKUP_PREFIX } from '../store/recovery.js';
import type { Store } from '../store/store.js';
import { checkOfficinaDatabase, copyDatabase } from './database-copy.js';

const POLICY_KEY = 'backup_policy';
/** A staged restore: the database to put in place at the next start, and what it was staged from. */
export const PENDING_RESTORE_FILE = 'restore-pending.db';
export const PENDING_RESTORE_NOTE = 'restore-pending.json';

/** File name prefixes by kind; before_migration backups are the store's own (store.ts, recovery.ts). */
const PREFIX: Record<BackupKind, string> = {
  manual: 'officina-manual-',
  scheduled: 'officina-scheduled-',
  before_restore: 'officina-before-restore-',
  before_migration: BACKUP_PREFIX,
};

export function backupKindOf(name: string): BackupKind | undefined {
  if (!name.endsWith('.db')) return undefined;
  return (Object.keys(PREFIX) as BackupKind[]).find((kind) => name.startsWith(PREFIX[kind]));
}

export function backupName(kind: BackupKind, now: Date): string {
  return `${PREFIX[kind]}${now.toISOString().replace(/[:.]/g, '-')}.db`;
}

/** The finished backups in the data directory, newest first (a backup being written has a hidden name). */
export function listBackups(dataDir: string): Backup[] {
  const folder = backupsPath(dataDir);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // No folder yet: no backups.
  }
  const found: Backup[] = [];
  for (const name of names) {
    const kind = backupKindOf(name);
    if (!kind) continue;
    try {
      const stat = statSync(join(folder, name));
      found.push({
        name,
        path: join(folder, name),
        kind,
        created_at: createdAt(name) ?? stat.mtime.toISOString(),
        bytes: stat.size,
      });
    } catch {
      // Removed by rotation in the other process meanwhile: not a backup any more.
    }
  }
  return found.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.name.localeCompare(a.name));
}

/** The time in a backup's name (`backupName`, and store.ts's before a migration), as ISO-8601. */
function createdAt(name: string): string | undefined {
  const match = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/.exec(name);
  if (!match) return undefined;
  const iso = `${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** Removes the oldest backups of `kind` beyond `keep`. */
export function rotateBackups(dataDir: string, kind: BackupKind, keep: number): void {
  for (const old of listBackups(dataDir)
    .filter((b) => b.kind === kind)
    .slice(keep))
    rmSync(old.path, { force: true });
}

/**
 * Backups of the database (SQLite's online backup API, so the app keeps working meanwhile), their
 * rotation and policy, and restores: a restore is checked and staged here, and applied at the next
 * start (restore.ts), when no call of this process holds the database.
 */
export class BackupService {
  private readonly store: Store;
  private readonly dataDir: string;
  private readonly clock: Clock;
  private readonly migrations: readonly Migration[];

  constructor(deps: { store: Store; dataDir: string; clock: Clock; migrations?: readonly Migration[] }) {
    this.store = deps.store;
    this.dataDir = deps.dataDir;
    this.clock = deps.clock;
    this.migrations = deps.migrations ?? MIGRATIONS;
  }

  policy(): BackupPolicy {
    const row = this.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(POLICY_KEY) as
      { value: string } | undefined;
    if (!row) return DEFAULT_BACKUP_POLICY;
    // A value that no longer validates (another version wrote it) falls back to the defaults.
    const parsed = BackupPolicy.safeParse({ ...DEFAULT_BACKUP_POLICY, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : DEFAULT_BACKUP_POLICY;
  }

  updatePolicy(patch: z.output<typeof updateBackupPolicy.input>, events: EventSink): BackupPolicy {
    const next = { ...this.policy(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const now = this.clock.now().toISOString();
    this.store.sqlite
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(POLICY_KEY, JSON.stringify(next), now);
    events.emit({ type: 'settings.changed' });
    return next;
  }

  folder(): string {
    return backupsPath(this.dataDir);
  }

  list(): Backup[] {
    return listBackups(this.dataDir);
  }

  /** A backup now; then the oldest of its kind beyond the policy's number are removed. */
  async create(kind: 'manual' | 'scheduled'): Promise<Backup> {
    const name = backupName(kind, this.clock.now());
    const path = join(this.folder(), name);
    const bytes = await copyDatabase(this.store.sqlite, path);
    rotateBackups(this.dataDir, kind, this.policy().keep);
    return { name, path, kind, created_at: createdAt(name) ?? statSync(path).mtime.toISOString(), bytes };
  }

  pending(): { source: string; staged_at: string } | null {
    if (!existsSync(join(this.dataDir, PENDING_RESTORE_FILE))) return null;
    try {
      return JSON.parse(readFileSync(join(this.dataDir, PENDING_RESTORE_NOTE), 'utf8')) as {
        source: string;
        staged_at: string;
      };
    } catch {
      return {
        source: PENDING_RESTORE_FILE,
        staged_at: statSync(join(this.dataDir, PENDING_RESTORE_FILE)).mtime.toISOString(),
      };
    }
  }

  /**
   * Checks `backup` (a name in the backups folder, or an absolute path) and stages a copy of it for
   * the next start. The database in use is not touched now: it is backed up and replaced at start.
   */
  async stageRestore(backup: string): Promise<{ source: string; staged_at: string }> {
    const path = this.resolve(backup);
    checkOfficinaDatabase(path, this.migrations);
    const target = join(this.dataDir, PENDING_RESTORE_FILE);
    const source = openSqlite(path, { readonly: true, fileMustExist: true });
    try {
      // Through SQLite, not a file copy: a database with a WAL beside it is copied whole.
      await copyDatabase(source, target);
    } finally {
      source.close();
    }
    const note = { source: path, staged_at: this.clock.now().toISOString() };
    writeFileAtomic(join(this.dataDir, PENDING_RESTORE_NOTE), JSON.stringify(note), { mode: 'replace' });
    return note;
  }

  cancelRestore(): boolean {
    const had = existsSync(join(this.dataDir, PENDING_RESTORE_FILE));
    rmSync(join(this.dataDir, PENDING_RESTORE_FILE), { force: true });
    rmSync(join(this.dataDir, PENDING_RESTORE_NOTE), { force: true });
    return had;
  }

  private resolve(backup: string): string {
    const listed = this.list().find((b) => b.name === backup);
    if (listed) return listed.path;
    if (!isAbsolute(backup)) {
      throw new OpError(
        'not_found',
        `There is no backup named ${backup} in ${this.folder()}: give a name from the list of backups, or the full path of an Officina database.`,
        [{ path: 'backup', message: 'no such backup' }],
      );
    }
    if (!existsSync(backup)) {
      throw new OpError('not_found', `There is no file at ${backup}.`, [{ path: 'backup', message: 'no such file' }]);
    }
    return backup;
  }
}

/** Moves a staged restore that cannot be used out of the way, so that the start goes on. */
export function setAsideStagedRestore(dataDir: string, now: Date): string {
  const aside = join(dataDir, `restore-refused-${now.toISOString().replace(/[:.]/g, '-')}.db`);
  renameSync(join(dataDir, PENDING_RESTORE_FILE), aside);
  rmSync(join(dataDir, PENDING_RESTORE_NOTE), { force: true });
  return aside;
}
