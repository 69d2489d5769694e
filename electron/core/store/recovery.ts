import { existsSync, opendirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OpError } from '../../../shared/errors.js';
import { toIoError, writeFileAtomic } from '../common/files.js';
import { backupsPath, DATABASE_FILE, databasePath, MARKER_FILE, writeProblem } from '../data-dir.js';

/** Backups are named officina-schema<N>-<time>.db (store.ts); a backup being written has another name. */
export const BACKUP_PREFIX = 'officina-schema';

const MARKER_TEXT = `Officina keeps its data in this folder: its database (officina.db), logs, backups and document versions.

This file says that a database has been made here. Should officina.db go missing or be found empty,
Officina will not start a new, empty database in its place (your data would seem to be gone): it
refuses to start, says how to restore the newest backup from backups/, and names what to move aside
to start afresh on purpose. \`officina doctor\` says the same.
`;

/**
 * Records that a database lives in this data directory (once; a stat at later starts). Only a start
 * that made or opened a database writes it, so a first start that failed earlier (the port was taken
 * after \`serve\` made its token, say) leaves nothing that reads as earlier use.
 */
export function markUsed(dataDir: string): void {
  const path = join(dataDir, MARKER_FILE);
  if (!existsSync(path)) writeFileAtomic(path, MARKER_TEXT, { mode: 'replace' });
}

/**
 * What in the data directory shows that a database was kept here, by name: the marker, backups,
 * document versions, trashed and published documents (all made only with a database open) and a
 * WAL with frames in it. Not the token or the logs: `serve` makes its token before it opens the
 * store, and a first start that failed logs why, so both exist where no database ever was.
 */
export function traces(dataDir: string): string[] {
  const found: string[] = [];
  if (existsSync(join(dataDir, MARKER_FILE))) found.push(MARKER_FILE);
  if (backups(dataDir).length > 0) found.push('backups');
  for (const folder of ['versions', 'trash', 'published']) if (hasEntries(join(dataDir, folder))) found.push(folder);
  if ((sizeOf(`${databasePath(dataDir)}-wal`) ?? 0) > 0) found.push(`${DATABASE_FILE}-wal`);
  return found;
}

/**
 * Why the database must not be opened, when it is missing or empty (0 bytes) in a data directory that
 * has held one: SQLite would start a new, empty database there, and the person's data would seem gone.
 * Undefined when the database has content, or when nothing shows earlier use (a new data directory).
 */
export function lostDatabase(dataDir: string): string | undefined {
  const path = databasePath(dataDir);
  if ((sizeOf(path) ?? 0) > 0) return undefined;
  const found = traces(dataDir);
  if (found.length === 0) return undefined;
  // A process making the database writes its first pages before any trace exists: look once more.
  const size = sizeOf(path);
  if (size !== undefined && size > 0) return undefined;
  const state = size === undefined ? 'missing' : 'empty';
  return (
    `The database ${path} is ${state === 'missing' ? 'missing' : 'empty (0 bytes)'}, but Officina has kept data in ` +
    `${dataDir} before (${found.join(', ')}), so it did not start a new, empty database in its place. ` +
    restoreAdvice(dataDir, state)
  );
}

/**
 * How to get the data back: the newest backup, by name and path, or, when there is none, what to move
 * aside to start afresh (everything that reads as earlier use, or the next start refuses again).
 */
export function restoreAdvice(dataDir: string, state: 'damaged' | 'empty' | 'missing'): string {
  const path = databasePath(dataDir);
  const newest = newestBackup(dataDir);
  const stale = [`${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].filter((f) => existsSync(join(dataDir, f)));
  const fresh = [
    ...(state === 'missing' ? [] : [DATABASE_FILE]),
    ...stale,
    ...traces(dataDir).filter((t) => !stale.includes(t)),
  ];
  const afresh = `To start with an empty database instead, move ${fresh.join(', ')} aside (in ${dataDir}).`;
  if (newest === undefined) {
    return `There is no backup in ${backupsPath(dataDir)}: with Officina stopped, put back a copy of ${DATABASE_FILE} if you have one. ${afresh}`;
  }
  // A WAL left by the lost database would be replayed into the restored copy.
  const first = stale.length > 0 ? `move ${stale.join(', ')} aside, then ` : '';
  const onto = state === 'missing' ? `to ${path}` : 'over it';
  return `With Officina stopped, ${first}copy the newest backup, ${newest}, ${onto}. ${afresh}`;
}

export function newestBackup(dataDir: string): string | undefined {
  const found = backups(dataDir)
    .map((name) => ({ name, time: statSync(join(backupsPath(dataDir), name)).mtimeMs }))
    .sort((a, b) => b.time - a.time)[0];
  return found ? join(backupsPath(dataDir), found.name) : undefined;
}

/** The finished backups' names (a backup being written has a temporary name). */
export function backups(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(backupsPath(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('.db'));
}

/**
 * SQLite's failure to open the database, said so a person can act on it: a damaged file gets the
 * restore advice, a disk that is read-only or denies access says so (not "unable to open database
 * file"), a full one too. Anything else (say, SQLITE_BUSY while the other process migrates) as it was.
 */
export function openFailure(dataDir: string, error: unknown): unknown {
  if (error instanceof OpError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const path = databasePath(dataDir);
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new OpError(
      'conflict',
      `The database ${path} is damaged (${message}). ${restoreAdvice(dataDir, 'damaged')}`,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new OpError(
      'io_error',
      `The disk of ${dataDir} is full: Officina could not open its database there. Free some space on it and start Officina again.`,
    );
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_PERM' ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_IOERR')
  ) {
    return new OpError(
      'io_error',
      writeProblem(dataDir) ??
        `Officina cannot open its database ${path} (SQLite: ${message}). Check that it and ${dataDir} are on a working ` +
          'disk that your user can read and write, then start Officina again.',
    );
  }
  return toIoError(error, { target: path }) ?? error;
}

function hasEntries(folder: string): boolean {
  let dir;
  try {
    dir = opendirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
  try {
    return dir.readSync() !== null;
  } finally {
    dir.closeSync();
  }
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
