import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpError } from '../../../shared/errors.js';
import { tempDir } from '../../../test/helpers.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../../test/small-disk.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { Store } from './store.js';
import { openSqlite } from './sqlite.js';

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
    const copy = openSqlite(join(dir, 'backups', backups[0] ?? ''), { readonly: true });
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

function refusal(fn: () => unknown): OpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected Officina to refuse');
}

/** A data directory used for a while: a database one migration behind, migrated (so a backup), closed. */
function usedDataDir(dir = tempDir()): string {
  const older = Store.open(dir, { migrations: MIGRATIONS.slice(0, -1) });
  older.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('currency', '\"EUR\"', 'now')").run();
  older.close();
  Store.open(dir).close();
  return dir;
}

function newestBackup(dir: string): string {
  const [only] = readdirSync(join(dir, 'backups'));
  return join(dir, 'backups', only ?? '');
}

describe('Store: a database that went missing or empty', () => {
  it('refuses an emptied (0-byte) officina.db where it has kept data, naming the newest backup to restore', () => {
    const dir = usedDataDir();
    const backup = newestBackup(dir);
    // An older backup beside it, so "newest" means something.
    writeFileSync(join(dir, 'backups', 'officina-schema1-2020-01-01T00-00-00-000Z.db'), readFileSync(backup));
    utimesSync(
      join(dir, 'backups', 'officina-schema1-2020-01-01T00-00-00-000Z.db'),
      new Date(2020, 0, 1),
      new Date(2020, 0, 1),
    );
    truncateSync(join(dir, 'officina.db'), 0);

    const error = refusal(() => Store.open(dir));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/^The database .*officina\.db is empty \(0 bytes\)/);
    expect(error.message).toContain(`copy the newest backup, ${backup}, over it`);
    // Refused before SQLite touched it: still 0 bytes, not a new empty database.
    expect(statSync(join(dir, 'officina.db')).size).toBe(0);

    // Doing what it says brings the data back.
    writeFileSync(join(dir, 'officina.db'), readFileSync(backup));
    const store = Store.open(dir);
    expect(store.sqlite.prepare("SELECT value FROM settings WHERE key = 'currency'").get()).toEqual({ value: '"EUR"' });
    store.close();
  });

  it('refuses a deleted officina.db where it has kept data; to start afresh, move aside what it names', () => {
    const dir = tempDir();
    Store.open(dir).close();
    rmSync(join(dir, 'officina.db'));
    const error = refusal(() => Store.open(dir));
    expect(error.message).toMatch(/^The database .*officina\.db is missing/);
    expect(error.message).toMatch(/There is no backup/);
    expect(existsSync(join(dir, 'officina.db'))).toBe(false);
    const aside = /move (.+) aside/.exec(error.message)?.[1];
    expect(aside).toBeDefined();
    for (const name of aside!.split(', ')) renameSync(join(dir, name), join(dir, `${name}.old`));
    Store.open(dir).close();
  });

  it('refuses a damaged officina.db the same way, leaving it as it is', () => {
    const dir = usedDataDir();
    const garbage = 'this is not a database. '.repeat(200);
    writeFileSync(join(dir, 'officina.db'), garbage);
    const error = refusal(() => Store.open(dir));
    expect(error.message).toMatch(/^The database .*officina\.db is damaged \(file is not a database\)/);
    expect(error.message).toContain(`copy the newest backup, ${newestBackup(dir)}, over it`);
    expect(readFileSync(join(dir, 'officina.db'), 'utf8')).toBe(garbage);
  });

  it('a new data directory starts fresh, and so does one where a first start failed before the database (token, logs)', () => {
    Store.open(tempDir()).close();
    const dir = tempDir();
    // `serve` makes the token before the store, and the port was taken; the log says so.
    writeFileSync(join(dir, 'token'), 'x'.repeat(43));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'officina.log'), '{"level":"error","message":"port in use"}\n');
    writeFileSync(join(dir, 'officina.db'), '');
    Store.open(dir).close();
    expect(statSync(join(dir, 'officina.db')).size).toBeGreaterThan(0);
  });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('Store: backups before a migration are whole or absent', () => {
  const last = MIGRATIONS.at(-1)?.id ?? 0;
  const next: Migration = {
    id: last + 1,
    name: 'test: one more',
    up: (db) => db.exec('CREATE TABLE extra (id INTEGER)'),
  };

  it('are private (0600), leave no temporary file, and only the newest five are kept', () => {
    const dir = tempDir();
    Store.open(dir).close();
    mkdirSync(join(dir, 'backups'));
    const old = Array.from({ length: 5 }, (_, i) => `officina-schema1-2020-01-0${i + 1}T00-00-00-000Z.db`);
    old.forEach((name, i) => {
      writeFileSync(join(dir, 'backups', name), '');
      utimesSync(join(dir, 'backups', name), new Date(2020, 0, i + 1), new Date(2020, 0, i + 1));
    });
    Store.open(dir, { migrations: [...MIGRATIONS, next] }).close();
    const kept = readdirSync(join(dir, 'backups')).sort();
    expect(kept).toHaveLength(5);
    expect(kept).not.toContain(old[0]);
    const made = kept.find((f) => f.startsWith(`officina-schema${last}-`));
    expect(made).toBeDefined();
    expect(statSync(join(dir, 'backups', made!)).mode & 0o777).toBe(0o600);
  });

  describe.skipIf(!canMountSmallDisk)(`on a full disk (${NO_SMALL_DISK})`, () => {
    it('refuses the migration with an io_error; no partial backup, the older ones kept, the database untouched', () => {
      // Filled on an ordinary disk (a fresh database's migrations pass through the WAL), then moved over.
      const source = tempDir();
      const store = Store.open(source);
      const insert = store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 'now')");
      store.transaction(() => {
        for (let i = 0; i < 1500; i++)
          insert.run(`k${i}`, JSON.stringify(createHash('sha512').update(String(i)).digest('hex').repeat(8)));
      });
      store.close();
      const dir = join(smallDisk(8 * 1024 * 1024), 'data');
      mkdirSync(dir);
      copyFileSync(join(source, 'officina.db'), join(dir, 'officina.db'));
      mkdirSync(join(dir, 'backups'));
      const old = Array.from({ length: 5 }, (_, i) => `officina-schema1-2020-01-0${i + 1}T00-00-00-000Z.db`);
      for (const name of old) writeFileSync(join(dir, 'backups', name), 'an older backup');
      const before = sha256(join(dir, 'officina.db'));
      expect(statSync(join(dir, 'officina.db')).size).toBeGreaterThan(1024 * 1024);
      // Leave room for the WAL index and a few pages, not for a copy of the database.
      const { bavail, bsize } = statfsSync(dir);
      writeFileSync(join(dir, 'filler'), Buffer.alloc(bavail * bsize - 256 * 1024));

      const error = refusal(() => Store.open(dir, { migrations: [...MIGRATIONS, next] }));
      expect(error.code).toBe('io_error');
      expect(error.message).toMatch(/disk .*is full/);
      expect(error.message).toMatch(/database was not changed/);
      expect(readdirSync(join(dir, 'backups')).sort()).toEqual(old);
      expect(sha256(join(dir, 'officina.db'))).toBe(before);

      rmSync(join(dir, 'filler'));
      const reopened = Store.open(dir);
      expect(reopened.sqlite.prepare('SELECT max(id) AS id FROM schema_migrations').get()).toEqual({
        id: MIGRATIONS.at(-1)?.id,
      });
      expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 1500 });
      reopened.close();
    });
  });
});

describe('Store: a data directory it cannot write to', () => {
  it.skipIf(!canMountSmallDisk)(
    'a read-only data directory gets a sentence, not "unable to open database file"',
    () => {
      // Room for a new database with every migration and its WAL (1 MiB was full by migration 014).
      const disk = smallDisk(8 * 1024 * 1024);
      const dir = join(disk, 'data');
      Store.open(dir).close();
      const remount = spawnSync('mount', ['-o', 'remount,ro', disk], { encoding: 'utf8' });
      expect(remount.status, remount.stderr).toBe(0);
      const error = refusal(() => Store.open(dir));
      expect(error.code).toBe('io_error');
      expect(error.message).toMatch(
        new RegExp(`^Officina cannot write to its data directory ${dir} \\(read-only file system\\)`),
      );
      expect(error.message).not.toMatch(/unable to open|readonly database/);
    },
  );

  it('so does a read-only officina.db', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const db = join(dir, 'officina.db');
    const bind = spawnSync('mount', ['--bind', db, db], { encoding: 'utf8' });
    expect(bind.status, bind.stderr).toBe(0);
    try {
      const ro = spawnSync('mount', ['-o', 'remount,bind,ro', db], { encoding: 'utf8' });
      expect(ro.status, ro.stderr).toBe(0);
      const error = refusal(() => Store.open(dir));
      expect(error.code).toBe('io_error');
      expect(error.message).toMatch(
        new RegExp(`^Officina cannot write to its database ${db} \\(read-only file system\\)`),
      );
    } finally {
      spawnSync('umount', ['-l', db]);
    }
  });
});
