import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../store/sqlite.js';
import { DEFAULT_BACKUP_POLICY } from '../../../shared/backups.js';
import { backupsPath, databasePath } from '../data-dir.js';
import type { Logger } from '../log.js';
import { MIGRATIONS, type Migration } from '../store/migrations/index.js';
import { checkOfficinaDatabase, copyDatabase } from './database-copy.js';
import {
  backupName,
  PENDING_RESTORE_FILE,
  PENDING_RESTORE_NOTE,
  rotateBackups,
  setAsideStagedRestore,
} from './service.js';

export interface AppliedRestore {
  source: string;
  /** The database as it was before the restore, kept in the backups folder. */
  previous: string | undefined;
}

/**
 * Applies a restore staged in Settings, at start, before the store opens: checks the staged database
 * again, backs up the database in use, then writes the staged one over it through SQLite's backup
 * API, which takes SQLite's locks: another process that has the database open (Claude Desktop's
 * stdio server) reads either the old database or the restored one, never a mix. A staged file that
 * fails the check is set aside (and said so in the log); the start goes on with the database as it was.
 */
export async function applyStagedRestore(
  dataDir: string,
  options: { log: Logger; now?: () => Date; migrations?: readonly Migration[] },
): Promise<AppliedRestore | undefined> {
  const staged = join(dataDir, PENDING_RESTORE_FILE);
  if (!existsSync(staged)) return undefined;
  const now = options.now ?? (() => new Date());
  let source = staged;
  try {
    source = (JSON.parse(readFileSync(join(dataDir, PENDING_RESTORE_NOTE), 'utf8')) as { source: string }).source;
  } catch {
    // The note is only for the log; the staged database is what counts.
  }
  try {
    checkOfficinaDatabase(staged, options.migrations ?? MIGRATIONS);
  } catch (error) {
    const aside = setAsideStagedRestore(dataDir, now());
    options.log.error(`The restore staged from ${source} was not applied and is set aside as ${aside}`, { error });
    return undefined;
  }
  const live = databasePath(dataDir);
  let previous: string | undefined;
  if (existsSync(live)) {
    const current = openSqlite(live, { timeout: 5000 });
    try {
      previous = join(backupsPath(dataDir), backupName('before_restore', now()));
      await copyDatabase(current, previous);
    } finally {
      current.close();
    }
  }
  const restored = openSqlite(staged, { readonly: true, fileMustExist: true });
  try {
    await restored.backup(live);
  } finally {
    restored.close();
  }
  rmSync(staged, { force: true });
  rmSync(join(dataDir, PENDING_RESTORE_NOTE), { force: true });
  rotateBackups(dataDir, 'before_restore', DEFAULT_BACKUP_POLICY.keep);
  options.log.info(`Restored the database from ${source}`, { previous });
  return { source, previous };
}
