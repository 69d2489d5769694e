import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.js';
import { OpError } from '../../../shared/errors.js';
import { fsyncFolder, toIoError } from '../common/files.js';
import type { Migration } from '../store/migrations/index.js';

/**
 * A consistent copy of an open database by SQLite's online backup API (better-sqlite3's
 * `db.backup`): pages are copied a few at a time between other work, and a write in between makes it
 * start over, so the copy is one moment's database. Written under a hidden temporary name, flushed,
 * then renamed: a file with the final name is always whole, on its own (no WAL). Returns its size.
 */
export async function copyDatabase(source: SqliteDatabase, target: string): Promise<number> {
  const folder = dirname(target);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temp = join(folder, `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await source.backup(temp);
    // One self-contained file: out of WAL mode, so that opening the copy later leaves no -wal or -shm
    // files beside it (restoring into a database in WAL mode puts the mode back: SQLite's backup does).
    const copy = openSqlite(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const fd = openSync(temp, 'r+');
    try {
      fchmodSync(fd, 0o600);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    fsyncFolder(folder);
  } catch (error) {
    rmSync(temp, { force: true });
    throw toIoError(error, { target }) ?? error;
  }
  return statSync(target).size;
}

/**
 * Checks that `path` is an Officina database this version can open: SQLite's quick check passes, it
 * has Officina's migration history, and that history is a beginning of this version's (a database
 * from a newer Officina is refused, as at start). Says what is wrong in words a person can act on.
 */
export function checkOfficinaDatabase(path: string, migrations: readonly Migration[]): { schema: number } {
  let db: SqliteDatabase;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  } catch (error) {
    throw new OpError('invalid_input', `${path} cannot be opened as a database: ${describe(error)}.`, [
      { path: 'backup', message: 'not a database' },
    ]);
  }
  try {
    let applied: number[];
    try {
      if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('damaged');
      applied = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    } catch (error) {
      const damaged = describe(error) === 'damaged' || /malformed|not a database/i.test(describe(error));
      throw new OpError(
        'invalid_input',
        damaged
          ? `${path} is damaged (SQLite's check of it failed): it cannot be restored.`
          : `${path} is not an Officina database (it has no Officina migration history).`,
        [{ path: 'backup', message: damaged ? 'damaged' : 'not an Officina database' }],
      );
    }
    const known = migrations.map((m) => m.id);
    const newest = applied.at(-1) ?? 0;
    if (newest > (known.at(-1) ?? 0)) {
      throw new OpError(
        'invalid_input',
        `${path} was written by a newer Officina (schema ${newest}; this version knows up to ${known.at(-1) ?? 0}). ` +
          'Update Officina first, then restore it.',
        [{ path: 'backup', message: 'from a newer Officina' }],
      );
    }
    if (applied.length === 0 || applied.some((id, index) => known[index] !== id)) {
      throw new OpError(
        'invalid_input',
        `${path} is not an Officina database (its migration history is not Officina's).`,
        [{ path: 'backup', message: 'not an Officina database' }],
      );
    }
    return { schema: newest };
  } finally {
    db.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
