import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { createOfficina } from './app.js';
import { Store } from './store/store.js';
import { openSqlite } from './store/sqlite.js';

const mode = (path: string) => lstatSync(path).mode & 0o777;

/** Every file and folder under `dir` (links not followed) with its mode, except those under `skip`. */
function modes(dir: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (skip.includes(rel)) continue;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue;
      out[rel] = (stat.mode & 0o777).toString(8);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

describe('the data directory is private', () => {
  it('at start, its own files become 0600 and folders 0700; the vault, other files and link targets stay as they were', async () => {
    const root = tempDir('officina-modes-');
    const dataDir = join(root, 'data');
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    // What an Officina without the umask left in a data directory made 0755 (umask 022: 0644 files).
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    Store.open(dataDir).close();
    const files = {
      token: 'x'.repeat(43),
      'logs/officina.log': '{}\n',
      'logs/officina.log.1': '{}\n',
      'backups/officina-schema5-2026-01-01T00-00-00-000Z.db': '',
      'versions/ab/abcdef.br': 'blob',
      'trash/1-abc-old.txt': 'trashed',
      'published/notes/a.html': '<p>a</p>',
      'published/notes/a.md': 'a',
      // Not Officina's: Electron's own files live in its userData, which is the data directory.
      Preferences: '{}',
      'vault/mine.txt': 'the person’s',
    };
    for (const [name, content] of Object.entries(files)) {
      const path = join(dataDir, name);
      mkdirSync(join(path, '..'), { recursive: true, mode: 0o755 });
      writeFileSync(path, content, { mode: 0o644 });
    }
    for (const folder of [
      'logs',
      'backups',
      'versions',
      'versions/ab',
      'trash',
      'published',
      'published/notes',
      'vault',
    ])
      chmodSync(join(dataDir, folder), 0o755);
    chmodSync(join(dataDir, 'officina.db'), 0o644);
    symlinkSync(outside, join(dataDir, 'published', 'notes', 'link.html'));
    // Another process has the database open: its WAL and index are there, 0644.
    const other = openSqlite(join(dataDir, 'officina.db'));
    try {
      other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')").run();
      for (const f of ['officina.db-wal', 'officina.db-shm']) chmodSync(join(dataDir, f), 0o644);

      const app = createOfficina({
        dataDir,
        vault: join(dataDir, 'vault'),
        logLevel: 'silent',
        watchOtherProcesses: false,
        watchVault: false,
      });
      await app.close();
      const found = modes(dataDir, ['vault', 'Preferences']);
      for (const [name, m] of Object.entries(found)) {
        const isDir = statSync(join(dataDir, name)).isDirectory();
        expect(`${name} ${m}`).toBe(`${name} ${isDir ? '700' : '600'}`);
      }
      expect(Object.keys(found)).toEqual(
        expect.arrayContaining([
          'officina.db',
          'officina.db-wal',
          'officina.db-shm',
          'token',
          'published/notes/a.html',
        ]),
      );
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'vault'))).toBe(0o755);
      expect(mode(join(dataDir, 'vault', 'mine.txt'))).toBe(0o644);
      expect(mode(join(dataDir, 'Preferences'))).toBe(0o644);
      expect(mode(outside)).toBe(0o644);
    } finally {
      other.close();
    }
  });
});
