import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, SQLITE_DRIVERS, sqliteDriverFromEnv, type SqliteDatabase } from './sqlite.js';

// Both drivers, side by side in one run, whichever OFFICINA_SQLITE_DRIVER says: what one does, the other must.
describe.each(SQLITE_DRIVERS)('SQLite driver %s', (driver) => {
  let dir: string;
  let db: SqliteDatabase;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'officina-sqlite-'));
    db = openSqlite(join(dir, 'test.db'), { driver });
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, data BLOB, n INTEGER, r REAL)');
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives rows as plain objects, BLOBs as Buffers, integers and reals as numbers', () => {
    const insert = db.prepare('INSERT INTO t (name, data, n, r) VALUES (?, ?, ?, ?)');
    expect(insert.run('a', Buffer.from('hi'), 42, 1.5)).toEqual({ changes: 1, lastInsertRowid: 1 });
    insert.run('b', new Uint8Array([1, 2]), null, null);
    const rows = db.prepare('SELECT name, data, n, r FROM t ORDER BY id').all() as Record<string, unknown>[];
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(rows).toStrictEqual([
      { name: 'a', data: Buffer.from('hi'), n: 42, r: 1.5 },
      { name: 'b', data: Buffer.from([1, 2]), n: null, r: null },
    ]);
    expect(Buffer.isBuffer(rows[1]!.data)).toBe(true);
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(99)).toBeUndefined();
    expect(db.prepare('SELECT max(n) AS m, 9007199254740991 AS big FROM t').get()).toStrictEqual({
      m: 42,
      big: Number.MAX_SAFE_INTEGER,
    });
  });

  it('binds as better-sqlite3 does: undefined is NULL, an array is its items, named parameters, booleans refused', () => {
    const insert = db.prepare('INSERT INTO t (name, n) VALUES (?, ?)');
    insert.run('u', undefined);
    insert.run(['v', 7]);
    db.prepare('INSERT INTO t (name, n) VALUES (@name, :n)').run({ name: 'w', n: 8 });
    expect(db.prepare('SELECT name, n FROM t ORDER BY id').raw().all()).toStrictEqual([
      ['u', null],
      ['v', 7],
      ['w', 8],
    ]);
    expect(() => insert.run('x', true)).toThrow('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
  });

  it('says which statements return rows, and refuses to read rows from one that does not', () => {
    const insert = db.prepare("INSERT INTO t (name) VALUES ('r') RETURNING id");
    expect(insert.reader).toBe(true);
    expect(insert.all()).toStrictEqual([{ id: 1 }]);
    const update = db.prepare("UPDATE t SET n = 1 WHERE name = 'r'");
    expect(update.reader).toBe(false);
    expect(() => update.all()).toThrow(TypeError);
    expect(update.run()).toMatchObject({ changes: 1 });
    expect([...db.prepare('SELECT name FROM t').iterate()]).toStrictEqual([{ name: 'r' }]);
  });

  it("names SQLite's errors by their code as better-sqlite3 does", () => {
    db.prepare("INSERT INTO t (name) VALUES ('dup')").run();
    const error = (() => {
      try {
        db.prepare("INSERT INTO t (name) VALUES ('dup')").run();
      } catch (e) {
        return e as { code?: string; message?: string };
      }
    })();
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: t.name' });
    db.exec('CREATE TABLE child (t_id INTEGER REFERENCES t (id))');
    // On from the start with either (better-sqlite3 builds SQLite so); the store sets it all the same.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare('INSERT INTO child (t_id) VALUES (99)').run()).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
    expect(() => db.prepare('SELECT nope FROM t')).toThrow(expect.objectContaining({ code: 'SQLITE_ERROR' }));
  });

  it('runs transactions whole or not at all, nested ones as savepoints', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    const names = () => db.prepare('SELECT name FROM t ORDER BY id').pluck().all();
    const outer = db.transaction((first: string) => {
      insert.run(first);
      expect(db.inTransaction).toBe(true);
      expect(() =>
        db.transaction(() => {
          insert.run('inner');
          throw new Error('undo the inner one only');
        })(),
      ).toThrow('undo the inner one only');
      db.transaction(() => insert.run('kept'))();
      return 'done';
    });
    expect(outer.immediate('outer')).toBe('done');
    expect(db.inTransaction).toBe(false);
    expect(names()).toStrictEqual(['outer', 'kept']);
    expect(() =>
      db.transaction(() => {
        insert.run('lost');
        insert.run('outer');
      })(),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    expect(names()).toStrictEqual(['outer', 'kept']);
    expect(() => db.transaction(async () => undefined)()).toThrow('Transaction function cannot return a promise');
    expect(db.inTransaction).toBe(false);
  });

  it('answers pragmas with rows, or one value when simple', () => {
    expect(db.pragma('journal_mode = WAL')).toStrictEqual([{ journal_mode: 'wal' }]);
    expect(db.pragma('synchronous = NORMAL')).toStrictEqual([]);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-16000);
    expect(db.pragma('data_version', { simple: true })).toEqual(expect.any(Number));
  });

  it('has FTS5 with the tokenizers the store uses', () => {
    db.exec(`CREATE VIRTUAL TABLE words USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
    db.exec(`CREATE VIRTUAL TABLE grams USING fts5 (body, tokenize = 'trigram remove_diacritics 1')`);
    db.prepare('INSERT INTO words (rowid, body) VALUES (1, ?)').run('Crème brûlée');
    db.prepare('INSERT INTO grams (rowid, body) VALUES (1, ?)').run('東京都の天気');
    expect(db.prepare('SELECT rowid FROM words WHERE words MATCH \'"creme"*\'').pluck().all()).toStrictEqual([1]);
    expect(db.prepare(`SELECT rowid FROM grams WHERE grams MATCH '"東京都"'`).pluck().all()).toStrictEqual([1]);
  });

  it('copies the database online, and opens a copy in memory from its bytes', async () => {
    db.prepare("INSERT INTO t (name) VALUES ('saved')").run();
    const copy = join(dir, 'copy.db');
    await db.backup(copy);
    const reopened = openSqlite(copy, { driver, readonly: true, fileMustExist: true });
    expect(reopened.prepare('SELECT name FROM t').pluck().all()).toStrictEqual(['saved']);
    reopened.close();
    const inMemory = openSqlite(readFileSync(copy), { driver, readonly: true });
    expect(inMemory.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    inMemory.close();
    expect(() => openSqlite(join(dir, 'missing.db'), { driver, fileMustExist: true })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CANTOPEN' }),
    );
  });

  it('closes once, and says so', () => {
    expect(db.open).toBe(true);
    db.close();
    expect(db.open).toBe(false);
    expect(() => db.close()).not.toThrow();
  });
});

describe('OFFICINA_SQLITE_DRIVER', () => {
  it('picks the driver, better-sqlite3 by default, and refuses a name that is none', () => {
    expect(sqliteDriverFromEnv({})).toBe('better-sqlite3');
    expect(sqliteDriverFromEnv({ OFFICINA_SQLITE_DRIVER: 'node' })).toBe('node');
    expect(() => sqliteDriverFromEnv({ OFFICINA_SQLITE_DRIVER: 'sqlite3' })).toThrow(/no SQLite driver/);
  });
});
