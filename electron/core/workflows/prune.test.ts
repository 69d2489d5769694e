import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { SMALL_STORE_BYTES } from './service.js';

type Pruned = { deleted_runs: number; file_bytes_before: number; file_bytes_after: number; compaction: string };
type Space = { file_bytes: number; free_bytes: number; gives_space_back: boolean };

/** Finished runs with a big context each, written straight to the store (as a long history would be). */
function history(a: ReturnType<typeof testApp>, runs: number, bytesEach: number): void {
  const context = JSON.stringify({ text: 'x'.repeat(bytesEach) });
  const at = '2020-01-01T00:00:00.000Z';
  a.store.transaction(() => {
    for (let i = 0; i < runs; i++) {
      a.store.sqlite
        .prepare(
          `INSERT INTO workflow_runs (workflow_id, version, status, context, rights, started_by, trigger, depth,
             created_at, finished_at, updated_at) VALUES ('w', 1, 'completed', ?, 'person', 'test', 'manual', 0, ?, ?, ?)`,
        )
        .run(context, at, at, at);
    }
  });
  a.store.checkpoint();
}

describe('pruning run history', () => {
  it('shrinks a new database at once, without a full VACUUM', async () => {
    const a = testApp();
    expect(ok<Space>(await a.call('get_database_space', {})).gives_space_back).toBe(true);
    history(a, 40, 100_000);
    const pruned = ok<Pruned>(await a.call('prune_executions', { older_than_days: 30 }));
    expect(pruned).toMatchObject({ deleted_runs: 40, compaction: 'incremental' });
    expect(pruned.file_bytes_after).toBeLessThan(pruned.file_bytes_before - 3_000_000);
  });

  it('leaves a big database made before incremental vacuum to the person, who compacts it once', async () => {
    const dataDir = tempDir();
    await testApp({ dataDir }).close();
    // As an older Officina made it: no auto_vacuum.
    const raw = new Database(join(dataDir, 'officina.db'));
    raw.pragma('auto_vacuum = NONE');
    raw.exec('VACUUM');
    raw.close();

    const a = testApp({ dataDir });
    expect(ok<Space>(await a.call('get_database_space', {})).gives_space_back).toBe(false);
    history(a, 40, Math.ceil((SMALL_STORE_BYTES * 1.2) / 40));
    const pruned = ok<Pruned>(await a.call('prune_executions', { keep_last: 0 }));
    // No blocking full VACUUM of a big file: the space is free inside it, and the answer says so.
    expect(pruned).toMatchObject({ deleted_runs: 40, compaction: 'needed' });
    expect(pruned.file_bytes_after).toBeGreaterThan(SMALL_STORE_BYTES);
    const space = ok<Space>(await a.call('get_database_space', {}));
    expect(space.free_bytes).toBeGreaterThan(SMALL_STORE_BYTES);

    // The person's maintenance action: one VACUUM, and from then on pruning gives space back by itself.
    const compacted = ok<{ file_bytes_after: number }>(await a.call('compact_database', {}));
    expect(compacted.file_bytes_after).toBeLessThan(SMALL_STORE_BYTES / 4);
    expect(ok<Space>(await a.call('get_database_space', {})).gives_space_back).toBe(true);
    history(a, 20, 200_000);
    const later = ok<Pruned>(await a.call('prune_executions', { keep_last: 0 }));
    expect(later.compaction).toBe('incremental');
    expect(later.file_bytes_after).toBeLessThan(later.file_bytes_before - 2_000_000);
    expect(statSync(a.store.path).size).toBe(later.file_bytes_after);

    // It is the person's: an assistant cannot compact (it would block the app for as long).
    const denied = await a.call('compact_database', {}, { kind: 'mcp', name: 'claude' }, 'mcp');
    expect(denied.ok ? null : denied.error.code).toBe('forbidden');
  });
});
