import { existsSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type {
  OpenSqliteOptions,
  SqliteDatabase,
  SqliteRunResult,
  SqliteStatement,
  SqliteTransaction,
} from './sqlite.js';
import { sqliteCodeName } from './sqlite-codes.js';

/**
 * The store's second driver: node:sqlite (Node's built-in SQLite), behaving as better-sqlite3 does
 * where Officina can tell (sqlite.ts has the interface), so the same code and the same tests run on
 * either. What differs underneath, made the same here:
 * - rows are plain objects (node:sqlite's have no prototype) and BLOBs are Buffers (not Uint8Arrays);
 * - errors carry better-sqlite3's `code` names (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`), not
 *   ERR_SQLITE_ERROR with a number;
 * - booleans are refused, `undefined` binds NULL, an array binds its items, as better-sqlite3 does;
 * - all/get/iterate refuse a statement that returns no rows; transactions nest as savepoints;
 * - settings better-sqlite3 builds SQLite with: foreign keys on, a 16 MB page cache; busy timeout 5 s.
 * One difference stays: an integer beyond 2^53 is an error here, where better-sqlite3 rounds it.
 */
export function openNodeSqlite(path: string | Buffer, options: Omit<OpenSqliteOptions, 'driver'>): SqliteDatabase {
  return new NodeSqliteDatabase(path, options);
}

/** The error better-sqlite3 throws for SQLite's failures: `code` is the result code's name. */
export class SqliteError extends Error {
  override name = 'SqliteError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function translate(error: unknown): unknown {
  const e = error as { code?: unknown; errcode?: unknown; message?: string };
  if (e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    return new SqliteError(e.message ?? 'SQLite error', sqliteCodeName(e.errcode));
  }
  return error;
}

const BIND_ERROR = 'SQLite3 can only bind numbers, strings, bigints, buffers, and null';

/** better-sqlite3's binding rules over node:sqlite's: an array is its items, booleans are refused, undefined is NULL. */
function bindable(params: unknown[]): unknown[] {
  if (params.length === 1 && Array.isArray(params[0])) params = params[0] as unknown[];
  let copied = false;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value === undefined) {
      // The caller's array is left as it was.
      if (!copied) {
        params = [...params];
        copied = true;
      }
      params[i] = null;
    } else if (typeof value === 'boolean') {
      throw new TypeError(BIND_ERROR);
    }
  }
  return params;
}

/** A row's BLOBs as Buffers (the same memory), as better-sqlite3 gives them. */
function value(v: unknown): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

type Shape = 'object' | 'pluck' | 'raw';

class NodeSqliteStatement implements SqliteStatement<unknown[], unknown> {
  readonly reader: boolean;
  private readonly names: string[];
  private shape: Shape = 'object';

  constructor(private readonly statement: StatementSync) {
    const columns = statement.columns();
    this.reader = columns.length > 0;
    this.names = columns.map((c) => c.name);
    // Rows come as arrays and are made into plain objects here: node:sqlite's own objects have no prototype.
    if (this.reader) statement.setReturnArrays(true);
  }

  private row(values: unknown[]): unknown {
    if (this.shape === 'pluck') return value(values[0]);
    if (this.shape === 'raw') {
      for (let i = 0; i < values.length; i++) values[i] = value(values[i]);
      return values;
    }
    const row: Record<string, unknown> = {};
    for (let i = 0; i < this.names.length; i++) row[this.names[i]!] = value(values[i]);
    return row;
  }

  private readerOnly(): void {
    if (!this.reader) throw new TypeError('This statement does not return data. Use run() instead');
  }

  run(...params: unknown[]): SqliteRunResult {
    try {
      // Numbers: readBigInts is off.
      return this.statement.run(...(bindable(params) as never[])) as SqliteRunResult;
    } catch (error) {
      throw translate(error);
    }
  }

  get(...params: unknown[]): unknown {
    this.readerOnly();
    let values: unknown[] | undefined;
    try {
      values = this.statement.get(...(bindable(params) as never[])) as unknown[] | undefined;
    } catch (error) {
      throw translate(error);
    }
    return values === undefined ? undefined : this.row(values);
  }

  all(...params: unknown[]): unknown[] {
    this.readerOnly();
    let rows: unknown[][];
    try {
      rows = this.statement.all(...(bindable(params) as never[])) as unknown as unknown[][];
    } catch (error) {
      throw translate(error);
    }
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.row(rows[i]!);
    return out;
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    // Refused and bound at the call, as better-sqlite3 does, not at the first row.
    this.readerOnly();
    let rows: Iterator<unknown>;
    try {
      rows = this.statement.iterate(...(bindable(params) as never[]));
    } catch (error) {
      throw translate(error);
    }
    return this.rows(rows);
  }

  private *rows(rows: Iterator<unknown>): IterableIterator<unknown> {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = rows.next();
      } catch (error) {
        throw translate(error);
      }
      if (next.done) return;
      yield this.row(next.value as unknown[]);
    }
  }

  pluck(toggle = true): this {
    this.readerOnly();
    this.shape = toggle ? 'pluck' : this.shape === 'pluck' ? 'object' : this.shape;
    return this;
  }

  raw(toggle = true): this {
    this.readerOnly();
    this.shape = toggle ? 'raw' : this.shape === 'raw' ? 'object' : this.shape;
    return this;
  }
}

// better-sqlite3's savepoint name, so that the two drivers' transactions look alike in a trace.
const SAVEPOINT = '`\t_bs3.\t`';

class NodeSqliteDatabase implements SqliteDatabase {
  readonly name: string;
  private readonly db: DatabaseSync;
  /** BEGIN, COMMIT and friends, prepared once. */
  private readonly control = new Map<string, StatementSync>();

  constructor(path: string | Buffer, options: Omit<OpenSqliteOptions, 'driver'>) {
    const sqlite = process.getBuiltinModule('node:sqlite');
    if (!sqlite)
      throw new Error('This Node has no node:sqlite (Node 22.13 or newer has it): use the better-sqlite3 driver.');
    const bytes = typeof path === 'string' ? undefined : path;
    // node:sqlite would create a missing file even when readonly is asked for (better-sqlite3 would not).
    if (
      typeof path === 'string' &&
      (options.fileMustExist || options.readonly) &&
      path !== ':memory:' &&
      !existsSync(path)
    ) {
      throw new SqliteError('unable to open database file', 'SQLITE_CANTOPEN');
    }
    this.name = typeof path === 'string' ? path : ':memory:';
    try {
      this.db = new sqlite.DatabaseSync(this.name, {
        // A copy in memory is deserialized into a writable connection, then only read.
        readOnly: bytes ? false : (options.readonly ?? false),
        timeout: options.timeout ?? 5000,
        // better-sqlite3 builds SQLite with SQLITE_DEFAULT_FOREIGN_KEYS (and DQS=0).
        enableForeignKeyConstraints: true,
        enableDoubleQuotedStringLiterals: false,
      });
      if (bytes) this.db.deserialize(bytes);
      // better-sqlite3's SQLITE_DEFAULT_CACHE_SIZE (SQLite's own is 2 MB).
      this.db.exec('PRAGMA cache_size = -16000');
    } catch (error) {
      throw translate(error);
    }
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  get inTransaction(): boolean {
    return this.db.isOpen && this.db.isTransaction;
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(
    source: string,
  ): P extends unknown[] ? SqliteStatement<P, R> : SqliteStatement<[P], R> {
    let statement: StatementSync;
    try {
      statement = this.db.prepare(source);
    } catch (error) {
      throw translate(error);
    }
    return new NodeSqliteStatement(statement) as unknown as P extends unknown[]
      ? SqliteStatement<P, R>
      : SqliteStatement<[P], R>;
  }

  exec(source: string): this {
    try {
      this.db.exec(source);
    } catch (error) {
      throw translate(error);
    }
    return this;
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    let statement: StatementSync;
    let rows: Record<string, unknown>[];
    try {
      statement = this.db.prepare(`PRAGMA ${source}`);
      rows = statement.all() as Record<string, unknown>[];
    } catch (error) {
      throw translate(error);
    }
    if (options.simple) {
      const first = rows[0];
      return first === undefined ? undefined : value(Object.values(first)[0]);
    }
    return rows.map((row) => {
      const plain: Record<string, unknown> = {};
      for (const key of Object.keys(row)) plain[key] = value(row[key]);
      return plain;
    });
  }

  private run(sql: string): void {
    let statement = this.control.get(sql);
    if (!statement) this.control.set(sql, (statement = this.db.prepare(sql)));
    try {
      statement.run();
    } catch (error) {
      throw translate(error);
    }
  }

  /** As better-sqlite3 does it (lib/methods/transaction.js): BEGIN or a savepoint; undone on a throw. */
  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F> {
    const wrap = (begin: string) =>
      ((...args: never[]) => {
        const nested = this.inTransaction;
        this.run(nested ? `SAVEPOINT ${SAVEPOINT}` : begin);
        try {
          const result = fn(...args);
          if (result && typeof (result as { then?: unknown }).then === 'function') {
            throw new TypeError('Transaction function cannot return a promise');
          }
          this.run(nested ? `RELEASE ${SAVEPOINT}` : 'COMMIT');
          return result;
        } catch (error) {
          if (this.inTransaction) {
            this.run(nested ? `ROLLBACK TO ${SAVEPOINT}` : 'ROLLBACK');
            if (nested) this.run(`RELEASE ${SAVEPOINT}`);
          }
          throw error;
        }
      }) as SqliteTransaction<F>['deferred'];
    const transaction = wrap('BEGIN') as SqliteTransaction<F>;
    transaction.deferred = wrap('BEGIN DEFERRED');
    transaction.immediate = wrap('BEGIN IMMEDIATE');
    transaction.exclusive = wrap('BEGIN EXCLUSIVE');
    return transaction;
  }

  async backup(destination: string): Promise<number> {
    const { backup } = process.getBuiltinModule('node:sqlite');
    try {
      return await backup(this.db, destination);
    } catch (error) {
      throw translate(error);
    }
  }

  close(): this {
    if (this.db.isOpen) {
      this.control.clear();
      this.db.close();
    }
    return this;
  }
}
