import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { Store } from './store.js';
import { openSqlite } from './sqlite.js';

function walSize(dataDir: string): number {
  const wal = join(dataDir, 'officina.db-wal');
  return existsSync(wal) ? statSync(wal).size : 0;
}

function fill(store: Store): void {
  const insert = store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')");
  store.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run(`key-${i}`);
  });
}

describe('closing the store checkpoints the WAL', () => {
  it('empties the WAL (TRUNCATE) even while another process keeps the database open', () => {
    const dataDir = tempDir();
    // The other process (say, the desktop app) stays connected, so SQLite will not delete the WAL on our close.
    const other = openSqlite(join(dataDir, 'officina.db'), { fileMustExist: false });
    try {
      const store = Store.open(dataDir);
      fill(store);
      expect(walSize(dataDir)).toBeGreaterThan(0);
      store.close();
      expect(walSize(dataDir)).toBe(0);
      expect(other.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 500 });
    } finally {
      other.close();
    }
  });

  it('when another connection is reading, waits briefly, does what it can, and still closes', () => {
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    fill(store);
    const reader = openSqlite(join(dataDir, 'officina.db'));
    try {
      // An open read transaction pins the WAL: TRUNCATE cannot finish.
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM settings').get();
      store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('later', '2', 'now')").run();
      const started = Date.now();
      expect(store.checkpoint()).toEqual({ busy: true });
      expect(Date.now() - started).toBeLessThan(2_000);
      // busy_timeout is back to what the store uses for ordinary work.
      expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      store.close();
      expect(store.sqlite.open).toBe(false);
      reader.exec('COMMIT');
    } finally {
      reader.close();
    }
  });
});
