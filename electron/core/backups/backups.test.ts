import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { giveEveryToolset, ok, tempDir, testApp } from '../../../test/helpers.js';
import { createLogger } from '../log.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { checkOfficinaDatabase } from './database-copy.js';
import { applyStagedRestore } from './restore.js';
import { BackupScheduler } from './scheduler.js';

const silent = createLogger({ level: 'silent' });

function customersIn(databaseFile: string): string[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('backups', () => {
  it('backup_data makes a consistent, whole copy in the backups folder, and assistants may ask for one', async () => {
    const app = testApp();
    await giveEveryToolset(app);
    ok(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    const backup = ok<{ path: string; kind: string; bytes: number; name: string }>(
      await app.call('backup_data', {}, { kind: 'mcp', name: 'claude' }, 'mcp'),
    );
    expect(backup.kind).toBe('manual');
    expect(backup.path).toBe(join(app.config.dataDir, 'backups', backup.name));
    expect(backup.bytes).toBeGreaterThan(0);
    expect(customersIn(backup.path)).toEqual(['Ada']);
    expect(checkOfficinaDatabase(backup.path, MIGRATIONS).schema).toBe(MIGRATIONS.at(-1)?.id);
    // No temporary file is left beside it.
    expect(readdirSync(join(app.config.dataDir, 'backups')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(app.config.dataDir, 'backups'))).toEqual([backup.name]);
    // Restoring, and the policy, are the person's.
    for (const name of ['restore_backup', 'list_backups', 'update_backup_policy', 'cancel_restore']) {
      const refused = await app.call(name, {}, { kind: 'mcp', name: 'claude' }, 'mcp');
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('keeps the newest N of each kind: manual backups never push out scheduled ones', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const app = testApp({ clock: { now: () => new Date(now) } });
    ok(await app.call('update_backup_policy', { keep: 2, interval_hours: 24 }));
    const scheduler = new BackupScheduler({
      backups: app.services.backups,
      clock: { now: () => new Date(now) },
      log: silent,
    });
    expect(await scheduler.tick()).toBe(true);
    // Not due again within the interval.
    now += 3_600_000;
    expect(await scheduler.tick()).toBe(false);
    for (let i = 0; i < 4; i++) {
      now += 1000;
      ok(await app.call('backup_data', {}));
    }
    const listed = ok<{ items: { kind: string; name: string }[]; policy: { keep: number } }>(
      await app.call('list_backups', {}),
    );
    expect(listed.policy.keep).toBe(2);
    expect(listed.items.filter((b) => b.kind === 'manual')).toHaveLength(2);
    expect(listed.items.filter((b) => b.kind === 'scheduled')).toHaveLength(1);
    // Newest first.
    expect(listed.items[0]?.name).toMatch(/^officina-manual-2026-12-01T01-00-04/);

    now += 24 * 3_600_000;
    expect(await scheduler.tick()).toBe(true);
    ok(await app.call('update_backup_policy', { scheduled: false }));
    now += 48 * 3_600_000;
    expect(await scheduler.tick()).toBe(false);
    expect(await app.call('update_backup_policy', { keep: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('a restore is checked, staged, and applied at the next start after a backup of the database then', async () => {
    const dataDir = tempDir();
    const first = testApp({ dataDir });
    ok(await first.call('create_customer', { name: 'Before', email: 'before@example.com' }));
    const backup = ok<{ name: string }>(await first.call('backup_data', {}));
    ok(await first.call('create_customer', { name: 'After', email: 'after@example.com' }));

    // Another process has the database open all along (Claude Desktop's stdio server).
    const other = new Database(join(dataDir, 'officina.db'));

    const staged = ok<{ source: string }>(await first.call('restore_backup', { backup: backup.name }));
    expect(staged.source).toBe(join(dataDir, 'backups', backup.name));
    // Nothing changes until the next start.
    expect(ok<{ items: unknown[] }>(await first.call('list_customers', {})).items).toHaveLength(2);
    expect(ok<{ pending_restore: unknown }>(await first.call('list_backups', {})).pending_restore).toMatchObject({
      source: staged.source,
    });
    await first.close();

    const applied = await applyStagedRestore(dataDir, { log: silent });
    expect(applied?.source).toBe(staged.source);
    expect(applied?.previous).toMatch(/officina-before-restore-/);
    expect(customersIn(applied!.previous!)).toEqual(['Before', 'After']);
    expect(existsSync(join(dataDir, 'restore-pending.db'))).toBe(false);
    expect(
      (other.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name),
    ).toEqual(['Before']);
    other.close();

    const second = testApp({ dataDir });
    const names = ok<{ items: { name: string }[] }>(await second.call('list_customers', {})).items.map((c) => c.name);
    expect(names).toEqual(['Before']);
    expect(await applyStagedRestore(dataDir, { log: silent })).toBeUndefined();
  });

  it('refuses what is not an Officina database this version can open, and changes nothing', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir });
    const folder = tempDir();
    const text = join(folder, 'notes.db');
    writeFileSync(text, 'just some text, not SQLite at all');
    const foreign = join(folder, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)').close();
    const newer = join(folder, 'newer.db');
    ok(await app.call('backup_data', {}));
    const made = ok<{ items: { path: string }[] }>(await app.call('list_backups', {})).items[0]!.path;
    const db = new Database(made);
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', 'now');
    await db.backup(newer);
    db.close();

    const cases: [string, RegExp][] = [
      [text, /cannot be opened as a database|damaged|not an Officina database/],
      [foreign, /not an Officina database/],
      [newer, /newer Officina \(schema 999/],
      ['no-such-backup.db', /no backup named no-such-backup\.db/],
      [join(folder, 'missing.db'), /no file at/],
    ];
    for (const [backup, message] of cases) {
      const refused = await app.call('restore_backup', { backup });
      expect(refused.ok, backup).toBe(false);
      if (!refused.ok) expect(refused.error.message).toMatch(message);
    }
    expect(existsSync(join(dataDir, 'restore-pending.db'))).toBe(false);

    // A staged file spoiled before the start is set aside; the database in use stays.
    ok(await app.call('create_customer', { name: 'Kept', email: 'kept@example.com' }));
    await app.close();
    writeFileSync(join(dataDir, 'restore-pending.db'), 'spoiled');
    expect(await applyStagedRestore(dataDir, { log: silent })).toBeUndefined();
    expect(readdirSync(dataDir).some((n) => n.startsWith('restore-refused-'))).toBe(true);
    expect(customersIn(join(dataDir, 'officina.db'))).toEqual(['Kept']);
  });

  it('cancel_restore forgets a staged restore', async () => {
    const app = testApp();
    const backup = ok<{ name: string }>(await app.call('backup_data', {}));
    ok(await app.call('restore_backup', { backup: backup.name }));
    expect(ok<{ cancelled: boolean }>(await app.call('cancel_restore', {})).cancelled).toBe(true);
    expect(ok<{ pending_restore: unknown }>(await app.call('list_backups', {})).pending_restore).toBeNull();
    expect(ok<{ cancelled: boolean }>(await app.call('cancel_restore', {})).cancelled).toBe(false);
  });
});
