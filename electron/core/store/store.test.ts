import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OpError } from '../../../shared/errors.js';
import { tempDir } from '../../../test/helpers.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { Store } from './store.js';

describe('Store', () => {
  it('opens in WAL mode with foreign keys on and applies every migration once', () => {
    const dir = tempDir();
    const store = Store.open(dir);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = store.all(store.query.selectFrom('schema_migrations').select('id').orderBy('id'));
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    store.close();
    // Re-opening applies nothing and takes no backup.
    Store.open(dir).close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('backs the database up before applying a new migration', () => {
    const dir = tempDir();
    const store = Store.open(dir);
    store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('currency', '\"EUR\"', 'now')").run();
    store.close();
    const next: Migration = {
      id: (MIGRATIONS.at(-1)?.id ?? 0) + 1,
      name: 'test: add a table',
      up: (db) => db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY)'),
    };
    const migrated = Store.open(dir, { migrations: [...MIGRATIONS, next] });
    migrated.close();
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    const copy = new Database(join(dir, 'backups', backups[0] ?? ''), { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'currency'").get()).toEqual({ value: '"EUR"' });
    expect(copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 0 });
    copy.close();
  });

  it('rolls a failing migration back entirely', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const broken: Migration = {
      id: (MIGRATIONS.at(-1)?.id ?? 0) + 1,
      name: 'test: half-done',
      up: (db) => {
        db.exec('CREATE TABLE half (id INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => Store.open(dir, { migrations: [...MIGRATIONS, broken] })).toThrow('boom');
    const store = Store.open(dir);
    expect(store.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    store.close();
  });

  it('refuses a database written by a newer Officina, with a clear message', () => {
    const dir = tempDir();
    const future: Migration = { id: (MIGRATIONS.at(-1)?.id ?? 0) + 1, name: 'from the future', up: () => undefined };
    Store.open(dir, { migrations: [...MIGRATIONS, future] }).close();
    let error: unknown;
    try {
      Store.open(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).message).toMatch(/newer Officina.*Update Officina/);
  });

  it('lets two connections write to one database, each seeing the other', () => {
    const dir = tempDir();
    const a = Store.open(dir);
    const b = Store.open(dir);
    const versionBefore = a.dataVersion();
    b.transaction(() => b.run(b.query.insertInto('settings').values({ key: 'k', value: '1', updated_at: 'now' })));
    expect(a.dataVersion()).not.toBe(versionBefore);
    expect(a.first(a.query.selectFrom('settings').select('value').where('key', '=', 'k'))).toEqual({ value: '1' });
    a.close();
    b.close();
  });

  it('runs prepared queries with their arguments wherever they appear, constants kept', () => {
    const store = Store.open(tempDir());
    const put = store.prepare((q, key: string, value: string) =>
      q.insertInto('settings').values({ key, value, updated_at: 'then' }),
    );
    put.run('a', '"1"');
    put.run('b', '"2"');
    // One argument twice, and a constant compiled in between.
    const either = store.prepare((q, key: string) =>
      q
        .selectFrom('settings')
        .select(['key', 'updated_at'])
        .where((eb) => eb.or([eb('key', '=', key), eb('value', '=', key)]))
        .where('updated_at', '=', 'then')
        .orderBy('key'),
    );
    expect(either.all('a')).toEqual([{ key: 'a', updated_at: 'then' }]);
    expect(either.all('"2"')).toEqual([{ key: 'b', updated_at: 'then' }]);
    expect(either.first('none')).toBeUndefined();
    // An argument the query does not use is a mistake in the query.
    expect(() => store.prepare((q, _unused: string) => q.selectFrom('settings').selectAll())).toThrow(/1 arguments/);
    store.close();
  });

  it('inserts many rows in chunks and returns their columns in insertion order', () => {
    const store = Store.open(tempDir());
    const rows = Array.from({ length: 70 }, (_, i) => ({ at: 'now', process_id: 'p', event: `{"n":${i}}` }));
    const returned = store.insertRows('change_feed', rows, ['id', 'event']);
    expect(returned).toEqual(rows.map((r, i) => ({ id: i + 1, event: r.event })));
    expect(store.insertRows('settings', [{ key: 'a', value: '1', updated_at: 'now' }])).toEqual([]);
    expect(store.insertRow('settings', { key: 'b', value: '2', updated_at: 'now' }).changes).toBe(1);
    expect(store.all(store.query.selectFrom('settings').select('key').orderBy('key'))).toEqual([
      { key: 'a' },
      { key: 'b' },
    ]);
    expect(() =>
      store.insertRows('change_feed', [{ at: 'now', process_id: 'p', event: '{}' }, { at: 'now' } as never]),
    ).toThrow(/differ in columns/);
    store.close();
  });
});
