import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { openNodeSqlite } from './node-sqlite.js';

/**
 * The part of a SQLite connection that Officina uses, shaped as better-sqlite3's (whose Database is
 * one, as it is), so that a second driver can stand in: node:sqlite, built into Node, for the MCP
 * Bundle that Claude Desktop installs, where a native module (`.node`) cannot go. Kysely only
 * compiles the queries (store.ts); these run them.
 */
export interface SqliteDatabase {
  /** The path it was opened with. */
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  /** As better-sqlite3 types it: `P` the parameters (a tuple, or one object of named ones), `R` a row. */
  prepare<P extends unknown[] | object = unknown[], R = unknown>(
    source: string,
  ): P extends unknown[] ? SqliteStatement<P, R> : SqliteStatement<[P], R>;
  /** `fn` wrapped in BEGIN (.deferred/.immediate/.exclusive) and COMMIT; nested, in a savepoint. */
  transaction<F extends AnyFunction>(fn: F): SqliteTransaction<F>;
  exec(source: string): this;
  /** `PRAGMA source`: its rows, or with `simple` the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** An online copy of the database into `destination` (a new file), while it stays in use. */
  backup(destination: string): Promise<unknown>;
  close(): this;
}

export interface SqliteStatement<P extends unknown[] = unknown[], R = unknown> {
  /** Whether it returns rows (all/get/iterate refuse a statement that does not). */
  readonly reader: boolean;
  run(...params: P): SqliteRunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  /** Rows as their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows as arrays of their values. */
  raw(toggle?: boolean): this;
}

export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** Typed as better-sqlite3 types them, so that its Database is a SqliteDatabase as it is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;
type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

export interface SqliteTransaction<F extends AnyFunction> {
  (...args: ArgumentTypes<F>): ReturnType<F>;
  deferred(...args: ArgumentTypes<F>): ReturnType<F>;
  immediate(...args: ArgumentTypes<F>): ReturnType<F>;
  exclusive(...args: ArgumentTypes<F>): ReturnType<F>;
}

export const SQLITE_DRIVERS = ['better-sqlite3', 'node'] as const;
export type SqliteDriverName = (typeof SQLITE_DRIVERS)[number];

/** The variable that picks the driver where no option does (the MCP Bundle sets it to `node`). */
export const SQLITE_DRIVER_ENV = 'OFFICINA_SQLITE_DRIVER';

/** The driver `OFFICINA_SQLITE_DRIVER` names: better-sqlite3 when unset; another name is refused. */
export function sqliteDriverFromEnv(env: NodeJS.ProcessEnv = process.env): SqliteDriverName {
  const name = env[SQLITE_DRIVER_ENV]?.trim() || 'better-sqlite3';
  if (!(SQLITE_DRIVERS as readonly string[]).includes(name)) {
    throw new Error(`${SQLITE_DRIVER_ENV}=${name} is no SQLite driver: give ${SQLITE_DRIVERS.join(' or ')}.`);
  }
  return name as SqliteDriverName;
}

export interface OpenSqliteOptions {
  driver?: SqliteDriverName;
  readonly?: boolean;
  fileMustExist?: boolean;
  /** busy_timeout in milliseconds (default 5000, better-sqlite3's). */
  timeout?: number;
}

/**
 * Opens a connection with the driver asked for (by default the one OFFICINA_SQLITE_DRIVER names):
 * a file by its path, or a database's bytes (a Buffer) as an in-memory copy. Each driver is loaded
 * only when used: a build without better-sqlite3 (the MCP Bundle) never loads it, and a Node without
 * node:sqlite is never asked for it.
 */
export function openSqlite(path: string | Buffer, options: OpenSqliteOptions = {}): SqliteDatabase {
  const { driver = sqliteDriverFromEnv(), ...rest } = options;
  if (driver === 'node') return openNodeSqlite(path, rest);
  const Database = loadBetterSqlite3();
  return new Database(path, {
    ...(rest.readonly !== undefined ? { readonly: rest.readonly } : {}),
    ...(rest.fileMustExist !== undefined ? { fileMustExist: rest.fileMustExist } : {}),
    timeout: rest.timeout ?? 5000,
  }) satisfies SqliteDatabase;
}

let betterSqlite3: typeof BetterSqlite3 | undefined;

function loadBetterSqlite3(): typeof BetterSqlite3 {
  return (betterSqlite3 ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3);
}
