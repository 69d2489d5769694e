import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AllowedFolders } from '../../../shared/allowed-folders.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

const OPS = ['list_allowed_folders', 'add_allowed_folder', 'remove_allowed_folder'];

/** A folder with one visible file in it, outside any test app's vault. */
function folder(name = 'docs'): string {
  // Real path: the list stores folders as the disk names them (macOS's /var is /private/var).
  const dir = join(realpathSync(tempDir('officina-allowed-')), name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.txt'), 'a');
  return dir;
}

describe('allowed folders', () => {
  it('are the person’s alone: never on the assistant’s faces, refused there', async () => {
    const app = testApp();
    const dir = folder();
    for (const face of ['mcp', 'workflow'] as const) {
      for (const name of OPS) {
        expect(app.catalogue.list(face).map((c) => c.name)).not.toContain(name);
        const result = await app.call(name, name === OPS[0] ? {} : { path: dir }, { kind: face, name: 'x' }, face);
        expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(app.catalogue.list('ui').map((c) => c.name)).toEqual(expect.arrayContaining(OPS));
    expect(ok<AllowedFolders>(await app.call('list_allowed_folders', {})).items).toEqual([]);
    // An assistant cannot turn the person's operations off either (they are not its tools).
    const off = await app.call('update_assistant_permissions', { disabled_tools: ['add_allowed_folder'] });
    expect(off).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('are added, listed, honoured by the path guard and removed, in Settings', async () => {
    const app = testApp();
    const dir = folder();
    const file = join(dir, 'a.txt');
    expect(() => app.services.paths.resolveForRead(file)).toThrow(/Settings → Allowed folders/);

    const events: string[] = [];
    app.bus.subscribe((e) => events.push(e.type));
    const added = ok<AllowedFolders>(await app.call('add_allowed_folder', { path: `${dir}/` }));
    expect(added).toEqual({ vault: app.config.vault, items: [{ path: dir, source: 'settings', problem: null }] });
    expect(events).toContain('settings.changed');
    expect(app.services.paths.resolveForRead(file)).toBe(file);

    // Adding it again changes nothing and says nothing.
    events.length = 0;
    expect(ok<AllowedFolders>(await app.call('add_allowed_folder', { path: dir })).items).toHaveLength(1);
    expect(events).not.toContain('settings.changed');

    const removed = ok<AllowedFolders>(await app.call('remove_allowed_folder', { path: dir }));
    expect(removed.items).toEqual([]);
    expect(events).toContain('settings.changed');
    expect(() => app.services.paths.resolveForRead(file)).toThrow(/outside the vault/);
    const again = await app.call('remove_allowed_folder', { path: dir });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found', issues: [{ path: 'path' }] } });
  });

  it('refuses folders that are too broad, hidden or Officina’s own, and stores nothing', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir });
    const hidden = join(tempDir(), '.secrets');
    mkdirSync(hidden);
    mkdirSync(join(dataDir, 'vault', 'inbox'), { recursive: true });
    for (const [path, message] of [
      ['/', /whole disk/],
      [dataDir, /data folder/],
      [hidden, /hidden/],
      [join(dataDir, 'vault', 'inbox'), /inside the vault/],
    ] as const) {
      const result = await app.call('add_allowed_folder', { path });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'path' }] } });
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    expect(app.store.sqlite.prepare("SELECT * FROM settings WHERE key = 'allowed_folders'").all()).toEqual([]);
  });

  it('honours --allow-path folders, lists them as cli, and will not remove them here', async () => {
    const cli = folder('from-cli');
    const missing = join(tempDir(), 'unplugged-drive');
    const app = testApp({ allowPaths: [cli, missing] });
    const listed = ok<AllowedFolders>(await app.call('list_allowed_folders', {}));
    expect(listed.items).toEqual([
      { path: cli, source: 'cli', problem: null },
      { path: missing, source: 'cli', problem: expect.stringMatching(/does not exist/) },
    ]);
    expect(app.services.paths.resolveForRead(join(cli, 'a.txt'))).toBe(join(cli, 'a.txt'));
    expect(app.services.paths.resolveForWrite(join(cli, 'b.txt'))).toBe(join(cli, 'b.txt'));
    expect(() => app.services.paths.resolveForWrite(join(cli, 'a.txt'))).toThrow(/never overwrites/);

    const refused = await app.call('remove_allowed_folder', { path: cli });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/--allow-path/) },
    });

    // Also added in Settings: listed once (as cli), and removing the Settings entry leaves the cli one.
    ok(await app.call('add_allowed_folder', { path: cli }));
    expect(ok<AllowedFolders>(await app.call('list_allowed_folders', {})).items).toHaveLength(2);
    ok(await app.call('remove_allowed_folder', { path: cli }));
    expect(app.services.paths.resolveForRead(join(cli, 'a.txt'))).toBe(join(cli, 'a.txt'));
  });

  it('apply in the other Officina process at once (the desktop app and the stdio server share the list)', async () => {
    const dataDir = tempDir();
    const desktop = testApp({ dataDir });
    const server = testApp({ dataDir });
    const dir = folder();
    ok(await desktop.call('add_allowed_folder', { path: dir }));
    expect(server.services.paths.resolveForRead(join(dir, 'a.txt'))).toBe(join(dir, 'a.txt'));
    ok(await desktop.call('remove_allowed_folder', { path: dir }));
    expect(() => server.services.paths.resolveForRead(join(dir, 'a.txt'))).toThrow(/outside the vault/);
  });

  it('fail closed when the stored list is unreadable', async () => {
    const app = testApp();
    app.store.sqlite
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('allowed_folders', ?, ?)")
      .run('{"oops":1}', '2024-01-01T00:00:00Z');
    expect(ok<AllowedFolders>(await app.call('list_allowed_folders', {})).items).toEqual([]);
    const dir = folder();
    expect(() => app.services.paths.resolveForRead(join(dir, 'a.txt'))).toThrow(/outside the vault/);
  });
});
