import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { OpError } from '../../shared/errors.js';
import { toIoError } from './common/files.js';
import { createLogger, type Logger } from './log.js';

/**
 * The data directory: Officina's own files and folders, by name. The vault (a folder the person
 * chose, even when it sits in here), Electron's files in its userData and anything else found here
 * are not Officina's, and nothing below touches them.
 */
export const DATABASE_FILE = 'officina.db';
/** Written once a database has been made here (store/recovery.ts): a lost database is then refused. */
export const MARKER_FILE = 'data-directory.txt';
/** Files at the top: the database and SQLite's files beside it, the HTTP token (security/token.ts), the marker. */
const OWN_FILES = [
  DATABASE_FILE,
  `${DATABASE_FILE}-wal`,
  `${DATABASE_FILE}-shm`,
  'token',
  MARKER_FILE,
  // A restore staged in Settings (backups/service.ts).
  'restore-pending.db',
  'restore-pending.json',
];
/**
 * Folders: logs (log.ts), backups (store.ts), version blobs (vault/blobs.ts), trash (vault/documents.ts),
 * published files (vault/service.ts). `few` holds a handful of files, checked at every start; the
 * others may hold thousands and are walked only when the folder itself was open to others (see makePrivate).
 */
const OWN_FOLDERS: readonly { name: string; few: boolean }[] = [
  { name: 'logs', few: true },
  { name: 'backups', few: true },
  { name: 'versions', few: false },
  { name: 'trash', few: false },
  { name: 'published', few: false },
];

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'officina.log');
}

export function backupsPath(dataDir: string): string {
  return join(dataDir, 'backups');
}

/**
 * From here on, this process makes files 0600 and folders 0700 (umask 077): the database, its WAL,
 * logs, backups, published files, and the files it writes into the vault too, which only the
 * person's account needs to read. The umask belongs to the process, so each entry point calls this
 * at start: `officina mcp` and `serve`, and the desktop app's core.
 */
export function privateFileModes(): void {
  process.umask(0o077);
}

/**
 * Makes the data directory if needed and checks that Officina can write to it and to its database:
 * SQLite would open a read-only one and fail later with "unable to open database file" or "attempt to
 * write a readonly database". Throws an io_error saying what is wrong and what to do.
 */
export function openDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const reason = ioReason(error);
    if (reason === undefined) throw toIoError(error, { target: dataDir }) ?? error;
    throw new OpError(
      'io_error',
      `Officina cannot create its data directory ${dataDir} (${reason}): ${ioFix(error, dataDir)}, or start Officina with another --data-dir.`,
    );
  }
  const problem = writeProblem(dataDir);
  if (problem !== undefined) throw new OpError('io_error', problem);
}

/** Why Officina cannot write to its data directory or its database there, as a sentence; undefined when it can. */
export function writeProblem(dataDir: string): string | undefined {
  const db = databasePath(dataDir);
  const places: [string, string][] = [
    [dataDir, 'its data directory'],
    [db, 'its database'],
    [`${db}-wal`, 'its database’s write-ahead log'],
    [`${db}-shm`, 'its database’s shared-memory index'],
  ];
  for (const [path, what] of places) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // made when needed, in a folder it can write
      const reason = ioReason(error) ?? (error as Error).message;
      return (
        `Officina cannot write to ${what} ${path} (${reason}), and it keeps your data there: ` +
        `${ioFix(error, dataDir)}, or start Officina with another --data-dir.`
      );
    }
  }
  return undefined;
}

function ioReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return undefined;
}

function ioFix(error: unknown, dataDir: string): string {
  return (error as NodeJS.ErrnoException).code === 'EROFS'
    ? 'mount that disk read-write'
    : `give it back to your user (chown -R "$USER" ${shellQuote(dataDir)})`;
}

/**
 * Takes group and other permissions off Officina's own files and folders in the data directory, and
 * off the data directory itself: a version without the umask (or another program) may have made them
 * 0644/0755. Never follows a symbolic link (chmod would change what it points to). The folders that
 * may hold thousands of files are walked only when the folder itself was open to others: a 0700
 * folder hides its files whatever their modes, and what was made in it since came under the umask.
 * Returns what could not be changed (say, a file owned by another user), for the log.
 */
export function makePrivate(dataDir: string): string[] {
  // Windows keeps access in ACLs (a user's AppData is theirs); its mode bits only say read-only.
  if (process.platform === 'win32') return [];
  const problems: string[] = [];
  const look = (path: string): Stats | undefined => {
    try {
      return lstatSync(path);
    } catch (error) {
      // Gone meanwhile (the other process rotated a log, pruned a backup): nothing to make private.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        problems.push(`could not look at ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const fix = (path: string, stat: Stats): boolean => {
    const mode = stat.mode & 0o7777;
    if ((mode & 0o077) === 0) return false;
    try {
      chmodSync(path, mode & ~0o077);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        problems.push(
          `could not make ${path} private (${(error as Error).message}): run chmod go-rwx ${shellQuote(path)}`,
        );
      }
    }
    return true;
  };
  const walk = (folder: string, deep: boolean) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch (error) {
      problems.push(`could not look into ${folder} to make its files private: ${(error as Error).message}`);
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      const stat = look(path);
      if (!stat || stat.isSymbolicLink()) continue;
      fix(path, stat);
      if (stat.isDirectory() && deep) walk(path, deep);
    }
  };
  const top = look(dataDir);
  if (top?.isDirectory()) fix(dataDir, top);
  for (const name of OWN_FILES) {
    const path = join(dataDir, name);
    const stat = look(path);
    if (stat?.isFile()) fix(path, stat);
  }
  for (const { name, few } of OWN_FOLDERS) {
    const path = join(dataDir, name);
    const stat = look(path);
    if (!stat?.isDirectory()) continue;
    const wasOpen = fix(path, stat);
    if (few || wasOpen) walk(path, true);
  }
  return problems;
}

/** For a command the person may paste into a shell. */
export function shellQuote(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * Says why Officina could not open its data: through `log` (stderr, for whoever started the process)
 * and in the data directory's log file, where the person looks when Claude Desktop or the desktop app
 * started it. A data directory that cannot be written has no log file to add to; `log` says why.
 */
export function reportOpenFailure(dataDir: string, error: unknown, log: Logger): void {
  const message = `Officina could not open its data. ${error instanceof Error ? error.message : String(error)}`;
  // An OpError's message is the whole story; anything else may need its stack.
  const fields = error instanceof OpError ? undefined : { error };
  log.error(message, fields);
  if (writeProblem(dataDir) !== undefined) return;
  try {
    createLogger({ level: 'error', file: logFilePath(dataDir) }).error(message, fields);
  } catch (logError) {
    log.warn(`could not write ${logFilePath(dataDir)}: ${String(logError)}`);
  }
}
