import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Compilable,
  type CompiledQuery,
  type Insertable,
  type RawBuilder,
  type Selectable,
} from 'kysely';
import { OpError } from '../../../shared/errors.js';
import { fsyncFolder } from '../common/files.js';
import { backupsPath, databasePath, MARKER_FILE, openDataDir } from '../data-dir.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { BACKUP_PREFIX, backups, lostDatabase, markUsed, openFailure } from './recovery.js';
import {
  openSqlite,
  sqliteDriverFromEnv,
  type SqliteDatabase,
  type SqliteDriverName,
  type SqliteStatement,
} from './sqlite.js';
import type { DB } from './schema.js';

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

const STATEMENT_CACHE_SIZE = 500;
/**
 * WAL pages before a commit folds them back into the database (SQLite's default is 1,000). An order
 * writes ~50 pages, so the default checkpoints every ~20 orders, and a checkpoint syncs twice (WAL,
 * then database: synchronous=NORMAL): that was a third of create_order's time. 10,000 pages (~40 MB
 * of WAL) checkpoint a tenth as often, and copy hot pages (indexes' last leaves, balances) once per
 * checkpoint instead of ten times. Durability is unchanged: commits are as safe as before.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/**
 * SQLite's page cache, per connection (the default is 2 MB). Pages are cached as they are read, so
 * a small database never takes more than its size; on the 2M-order benchmark database a filtered
 * product search reads ~10k product rows at random, and with 2 MB each missed page was a read from
 * the OS: 7.4 → 3.2 ms.
 */
const PAGE_CACHE_KIB = 64 * 1024;
const ROW_INSERTS_CACHE_SIZE = 256;
/** Rows per multi-row INSERT: few statement shapes per table, far below SQLite's parameter limit. */
const INSERT_CHUNK = 32;

/** Stands for the n-th argument of a query compiled once (Store.prepare); bound at each run. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * A query that Kysely built and compiled once, run many times with new values. Building and
 * compiling cost more than running a small statement does (~15–20% of a create_order), so the hot
 * write paths prepare theirs up front; the SQL is still written (and type-checked) with Kysely.
 */
export class Prepared<A extends readonly unknown[], O> {
  readonly sql: string;
  /** Per SQL parameter: the argument it takes, or a constant compiled into the query. */
  private readonly slots: readonly ({ arg: number } | { value: unknown })[];
  /** The arguments are exactly the parameters, in order: bound as given. */
  private readonly direct: boolean;
  private compiledStatement: SqliteStatement | undefined;

  constructor(
    private readonly sqlite: SqliteDatabase,
    compiled: CompiledQuery<unknown>,
    arity: number,
  ) {
    this.sql = compiled.sql;
    this.slots = compiled.parameters.map((p) => (p instanceof Placeholder ? { arg: p.index } : { value: p }));
    const used = new Set(this.slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
    if (used.size !== arity) throw new Error(`Prepared query uses ${used.size} of its ${arity} arguments: ${this.sql}`);
    this.direct = this.slots.length === arity && this.slots.every((s, i) => 'arg' in s && s.arg === i);
  }

  private get statement(): SqliteStatement {
    return (this.compiledStatement ??= this.sqlite.prepare(this.sql));
  }

  private bind(args: A): unknown[] {
    if (this.direct) return args as unknown as unknown[];
    return this.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
  }

  all(...args: A): O[] {
    return this.statement.all(...this.bind(args)) as O[];
  }

  first(...args: A): O | undefined {
    return this.statement.get(...this.bind(args)) as O | undefined;
  }

  run(...args: A): RunResult {
    const result = this.statement.run(...this.bind(args));
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }
}
const BACKUPS_KEPT = 5;

/**
 * The SQLite store. Kysely builds and compiles the queries (typed SQL that a PostgreSQL backend can
 * reuse); the SQLite driver (better-sqlite3, or node:sqlite: sqlite.ts) runs them synchronously from
 * cached prepared statements, so a write and its activity entry commit in one real transaction and a
 * read costs microseconds, not promise hops.
 */
export class Store {
  readonly sqlite: SqliteDatabase;
  readonly driver: SqliteDriverName;
  readonly query: Kysely<DB>;
  readonly path: string;
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly rowInserts = new Map<string, Prepared<unknown[], unknown>>();
  /** Checkpoints in a worker thread; null when the store was opened without it. */
  readonly checkpointer: BackgroundCheckpointer | null;

  private constructor(
    sqlite: SqliteDatabase,
    driver: SqliteDriverName,
    path: string,
    checkpointer: BackgroundCheckpointer | null,
  ) {
    this.sqlite = sqlite;
    this.driver = driver;
    this.path = path;
    this.checkpointer = checkpointer;
    this.query = new Kysely<DB>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
  }

  /**
   * Opens (creating if needed) the database in `dataDir`, migrating it forward after a backup.
   * Refuses, saying what to do, a data directory it cannot write to, a damaged database, and a
   * missing or empty one where a database was kept before (recovery.ts): SQLite would start afresh.
   * `checkpoints`: where the WAL is folded back — 'background' (a worker thread, see
   * checkpointer.ts; `checkpointWorker` is its file when the build puts it elsewhere) or 'inline'.
   * `driver`: the SQLite driver (sqlite.ts), by default the one OFFICINA_SQLITE_DRIVER names.
   */
  static open(
    dataDir: string,
    options: {
      migrations?: readonly Migration[];
      checkpoints?: 'background' | 'inline';
      checkpointWorker?: string;
      driver?: SqliteDriverName;
      onProblem?: (message: string) => void;
    } = {},
  ): Store {
    const driver = options.driver ?? sqliteDriverFromEnv();
    openDataDir(dataDir);
    const lost = lostDatabase(dataDir);
    if (lost !== undefined) throw new OpError('conflict', lost);
    const path = databasePath(dataDir);
    let sqlite: SqliteDatabase | undefined;
    try {
      sqlite = openSqlite(path, { driver, timeout: 5000 });
      // A new database gives freed pages back to the disk a little at a time (prune_executions): the
      // mode must be set before its first table. An older one stays as it is until the person
      // compacts it (compact_database: one full VACUUM, which would block a big store for a while).
      // Only on a new, empty file: on an existing one the pragma writes the header even when nothing changes.
      if ((sqlite.pragma('page_count', { simple: true }) as number) === 0) sqlite.pragma('auto_vacuum = INCREMENTAL');
      enableWal(sqlite);
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      migrate(sqlite, driver, dataDir, options.migrations ?? MIGRATIONS);
    } catch (error) {
      sqlite?.close();
      throw openFailure(dataDir, error);
    }
    try {
      markUsed(dataDir);
    } catch (error) {
      // The database is open and whole: only the guard against its going missing later is not in place.
      options.onProblem?.(`could not write ${join(dataDir, MARKER_FILE)}: ${(error as Error).message}`);
    }
    const checkpointer =
      (options.checkpoints ?? 'background') === 'background'
        ? new BackgroundCheckpointer({
            databasePath: path,
            workerPath: options.checkpointWorker,
            driver,
            onProblem: options.onProblem,
          })
        : null;
    return new Store(sqlite, driver, path, checkpointer);
  }

  private statement(compiled: { sql: string }): SqliteStatement {
    let statement = this.statements.get(compiled.sql);
    if (statement) return statement;
    statement = this.sqlite.prepare(compiled.sql);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(compiled.sql, statement);
    return statement;
  }

  /**
   * Builds and compiles a query once: `build` receives a placeholder for each of its declared
   * parameters (typed as the values they stand for) and uses them where values go; the result runs
   * with the real values. Every parameter must appear in the query, and `build` must not branch on
   * them (they are placeholders, not values).
   */
  prepare<A extends readonly unknown[], O>(build: (query: Kysely<DB>, ...args: A) => Compilable<O>): Prepared<A, O> {
    const arity = build.length - 1;
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i)) as unknown as A;
    return new Prepared<A, O>(this.sqlite, build(this.query, ...placeholders).compile(), arity);
  }

  /** INSERTs one row through a statement compiled once per table and columns (see `insertRows`). */
  insertRow<T extends keyof DB & string>(table: T, row: Insertable<DB[T]>): RunResult {
    const columns = Object.keys(row);
    return this.rowInsert(table, columns, 1, []).run(...bindRows(table, columns, [row]));
  }

  /**
   * INSERTs `rows` (all with the same columns, no `undefined` values) in as few statements as
   * possible: one per INSERT_CHUNK rows, each compiled once per table, columns and row count.
   * Returns the `returning` columns of the new rows in insertion order (sorted by rowid, as SQLite
   * does not promise an order for RETURNING; so `returning` needs a table with rowids).
   */
  insertRows<T extends keyof DB & string, R extends keyof Selectable<DB[T]> & string = never>(
    table: T,
    rows: readonly Insertable<DB[T]>[],
    returning: readonly R[] = [],
  ): Pick<Selectable<DB[T]>, R>[] {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0]!);
    const out: Pick<Selectable<DB[T]>, R>[] = [];
    for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
      const chunk = rows.slice(from, from + INSERT_CHUNK);
      const prepared = this.rowInsert(table, columns, chunk.length, returning);
      const args = bindRows(table, columns, chunk);
      if (!returning.length) {
        prepared.run(...args);
        continue;
      }
      const returned = prepared.all(...args) as (Pick<Selectable<DB[T]>, R> & { _rowid: number })[];
      returned.sort((a, b) => a._rowid - b._rowid);
      for (const { _rowid, ...rest } of returned) out.push(rest as unknown as Pick<Selectable<DB[T]>, R>);
    }
    return out;
  }

  private rowInsert(table: string, columns: string[], count: number, returning: readonly string[]) {
    const key = `${table}\0${columns.join(',')}\0${count}\0${returning.join(',')}`;
    let prepared = this.rowInserts.get(key);
    if (prepared) return prepared;
    let n = 0;
    const values = Array.from({ length: count }, () =>
      Object.fromEntries(columns.map((c) => [c, new Placeholder(n++)])),
    );
    // Typed at the public methods: here the table and its columns are only known as strings.
    const insert = this.query.insertInto(table as keyof DB).values(values as never);
    const compiled = (
      returning.length ? insert.returning([...returning, sql<number>`rowid`.as('_rowid')] as never) : insert
    ).compile();
    prepared = new Prepared<unknown[], unknown>(this.sqlite, compiled, n);
    if (this.rowInserts.size >= ROW_INSERTS_CACHE_SIZE) this.rowInserts.delete(this.rowInserts.keys().next().value!);
    this.rowInserts.set(key, prepared);
    return prepared;
  }

  /** Compiles a raw `sql` template (FTS5 and other SQLite-only SQL) for all/first/run. */
  raw<O>(builder: RawBuilder<O>): CompiledQuery<O> {
    return builder.compile(this.query);
  }

  all<O>(query: Compilable<O> | CompiledQuery<O>): O[] {
    const compiled = 'compile' in query ? query.compile() : query;
    return this.statement(compiled).all(...(compiled.parameters as unknown[])) as O[];
  }

  first<O>(query: Compilable<O> | CompiledQuery<O>): O | undefined {
    const compiled = 'compile' in query ? query.compile() : query;
    return this.statement(compiled).get(...(compiled.parameters as unknown[])) as O | undefined;
  }

  run(query: Compilable<unknown> | CompiledQuery<unknown>): RunResult {
    const compiled = 'compile' in query ? query.compile() : query;
    const result = this.statement(compiled).run(...(compiled.parameters as unknown[]));
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE, so two processes never deadlock on upgrade). Nested calls become savepoints. */
  transaction<T>(fn: () => T): T {
    const result = this.sqlite.transaction(fn).immediate();
    if (!this.sqlite.inTransaction) this.checkpointer?.wrote();
    return result;
  }

  get inTransaction(): boolean {
    return this.sqlite.inTransaction;
  }

  /** Changes whenever another connection commits (cheap: no I/O). */
  dataVersion(): number {
    return this.sqlite.pragma('data_version', { simple: true }) as number;
  }

  /** Closes the database; `closeAsync` first lets the checkpoint worker finish and leave. */
  close(): void {
    if (!this.sqlite.open) return;
    void this.checkpointer?.close();
    try {
      this.checkpoint();
    } finally {
      this.sqlite.close();
    }
  }

  async closeAsync(): Promise<void> {
    await this.checkpointer?.close();
    this.close();
  }

  /** Whether freed pages can be given back to the disk without a full VACUUM (auto_vacuum INCREMENTAL). */
  get vacuumsIncrementally(): boolean {
    return (this.sqlite.pragma('auto_vacuum', { simple: true }) as number) === 2;
  }

  /** Gives freed pages back to the disk: after deletes, on a database that vacuums incrementally. */
  releaseFreePages(): void {
    this.sqlite.pragma('incremental_vacuum');
    this.checkpoint();
  }

  /**
   * One full VACUUM, switching the database to incremental vacuum on the way: rewrites the whole file
   * (blocking writers, and as long as the database is big), so only when the person asks for it.
   */
  compact(): void {
    this.sqlite.pragma('auto_vacuum = INCREMENTAL');
    this.sqlite.exec('VACUUM');
    // The smaller database sits in the WAL until a checkpoint copies it back and truncates the file:
    // wait for one (busy_timeout) rather than give up as the shutdown checkpoint does.
    const [result] = this.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 1) this.checkpoint();
  }

  /**
   * Folds the WAL back into the database file and empties it (TRUNCATE), so a copy of the data
   * directory taken after shutdown is whole. When the other process is reading or writing, TRUNCATE
   * cannot finish: after a short wait (not busy_timeout's 5 s: this runs at shutdown) SQLite does
   * what it can without blocking, as PASSIVE would, and the WAL is emptied by whoever closes last.
   */
  checkpoint(): { busy: boolean } {
    const timeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    this.sqlite.pragma('busy_timeout = 200');
    try {
      const [result] = this.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return { busy: result?.busy === 1 };
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      this.sqlite.pragma('wal_checkpoint(PASSIVE)');
      return { busy: true };
    } finally {
      this.sqlite.pragma(`busy_timeout = ${timeout}`);
    }
  }
}

/** The values of `rows`, column by column, for a multi-row INSERT of `columns`. */
function bindRows(table: string, columns: readonly string[], rows: readonly object[]): unknown[] {
  const args: unknown[] = [];
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    if (Object.keys(record).length !== columns.length) throw new Error(`Rows inserted into ${table} differ in columns`);
    for (const c of columns) {
      const value = record[c];
      if (value === undefined) throw new Error(`Rows inserted into ${table}: ${c} is undefined (give null)`);
      args.push(value);
    }
  }
  return args;
}

/**
 * Two processes opening a new database at once (the app and the stdio server on first run): switching
 * it to WAL can fail with SQLITE_BUSY at once, without waiting on busy_timeout. Retry for as long.
 */
function enableWal(sqlite: SqliteDatabase, timeoutMs = 5000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 20);
    }
  }
}

function migrate(
  sqlite: SqliteDatabase,
  driver: SqliteDriverName,
  dataDir: string,
  migrations: readonly Migration[],
): void {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const readApplied = () =>
    (sqlite.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id);

  const check = (applied: number[]) => {
    const known = migrations.map((m) => m.id);
    const newest = applied.at(-1);
    if (newest !== undefined && newest > (known.at(-1) ?? 0)) {
      throw new OpError(
        'conflict',
        `This database was written by a newer Officina (schema ${newest}; this version knows up to ${known.at(-1) ?? 0}). ` +
          'Update Officina, or start it with another --data-dir.',
      );
    }
    applied.forEach((id, index) => {
      if (known[index] !== id) {
        throw new OpError(
          'conflict',
          `The database's migration history does not match this Officina (found ${id} at step ${index + 1}).`,
        );
      }
    });
    return migrations.slice(applied.length);
  };

  if (check(readApplied()).length === 0) return;

  // Another process may be migrating too: take the write lock, then look again.
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const applied = readApplied();
    const pending = check(applied);
    if (pending.length > 0 && applied.length > 0) backup(sqlite, driver, dataDir, applied.at(-1) ?? 0);
    const insert = sqlite.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      migration.up(sqlite);
      insert.run(migration.id, migration.name, new Date().toISOString());
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A consistent copy before changing the schema, whole or absent: written under a temporary name,
 * synced (VACUUM INTO does not sync) and renamed, so a backup named like one is always complete; the
 * oldest beyond the newest few are removed only then. Runs under the migration's write lock, so no
 * other process is backing up at the same time. A disk that is full or read-only refuses the migration,
 * the database untouched.
 */
function backup(sqlite: SqliteDatabase, driver: SqliteDriverName, dataDir: string, schemaVersion: number): void {
  const dir = backupsPath(dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${BACKUP_PREFIX}${schemaVersion}-${stamp}.db`;
  // Hidden and not ending in .db: never taken for a backup, by rotation, restore advice or a person.
  const temp = join(dir, `.${name}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(dir)) {
      // Left by a start that was killed while backing up.
      if (f.startsWith(`.${BACKUP_PREFIX}`) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
    }
    // VACUUM INTO cannot run inside a transaction; a fresh connection reads a consistent snapshot.
    const reader = openSqlite(sqlite.name, { driver, readonly: true, timeout: 5000 });
    try {
      reader.prepare('VACUUM INTO ?').run(temp);
    } finally {
      reader.close();
    }
    const fd = openSync(temp, 'r+');
    try {
      fchmodSync(fd, 0o600);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, name));
    fsyncFolder(dir);
  } catch (error) {
    rmSync(temp, { force: true });
    throw backupFailure(error, dir);
  }
  const old = backups(dataDir)
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(BACKUPS_KEPT);
  for (const { f } of old) rmSync(join(dir, f), { force: true });
}

function backupFailure(error: unknown, dir: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const why =
    code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EROFS' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))
        ? 'the disk is read-only'
        : code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN'
          ? 'permission denied'
          : undefined;
  if (why === undefined) return error;
  const then = why === 'the disk is full' ? 'Free some space on that disk' : `Make ${dir} writable`;
  return new OpError(
    'io_error',
    `Officina did not update its database to the new schema: the backup it takes first could not be written in ${dir} ` +
      `(${why}). The database was not changed. ${then} and start Officina again.`,
  );
}
