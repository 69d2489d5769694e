import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../test/small-disk.js';
import { createOfficina } from '../core/app.js';
import { loadOrCreateToken, tokenPath } from '../core/security/token.js';
import { Store } from '../core/store/store.js';
import { diagnose, formatChecks, type Check } from './doctor.js';
import { openSqlite } from '../core/store/sqlite.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin', 'officina.mjs');

interface Setup {
  dataDir: string;
  vault: string;
  home: string;
}

/** A data directory as a first run leaves it, a vault, and a home whose Claude Desktop starts this CLI. */
async function healthy(): Promise<Setup> {
  const root = tempDir('officina-doctor-');
  const dataDir = join(root, 'data');
  const vault = join(root, 'vault');
  const home = join(root, 'home');
  const app = createOfficina({ dataDir, vault, logLevel: 'info', watchOtherProcesses: false });
  app.log.info('first start');
  await app.close();
  loadOrCreateToken(dataDir, undefined);
  mkdirSync(vault);
  writeClaudeConfig(home, {
    mcpServers: {
      officina: { command: process.execPath, args: [CLI, 'mcp', '--data-dir', dataDir, '--vault', vault] },
    },
  });
  return { dataDir, vault, home };
}

function writeClaudeConfig(home: string, config: unknown): void {
  const dir = join(home, '.config', 'Claude');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'claude_desktop_config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

function check(setup: Setup): Check[] {
  return diagnose({
    ...setup,
    cliPath: CLI,
    platform: 'linux',
    env: {},
  });
}

const find = (checks: Check[], pattern: RegExp) => checks.find((c) => pattern.test(c.text));

/** Every file's name, size, mode and modification time under `dir`: what "changes nothing" means. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      out.push(`${relative(dir, path)} ${stat.size} ${(stat.mode & 0o777).toString(8)} ${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

function runCli(setup: Setup): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: setup.home, XDG_CONFIG_HOME: join(setup.home, '.config') };
  for (const key of Object.keys(env)) if (key.startsWith('OFFICINA_')) delete env[key];
  const result = spawnSync(process.execPath, [CLI, 'doctor', '--data-dir', setup.dataDir, '--vault', setup.vault], {
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('officina doctor', () => {
  it('on a healthy installation: every check passes, exit code 0, and nothing is touched', async () => {
    const setup = await healthy();
    const root = dirname(setup.dataDir);
    const before = snapshot(root);
    const result = runCli(setup);
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(result.stdout).toMatch(
      new RegExp(`✓ Node 2\\d\\.\\d+\\.\\d+ at ${process.execPath.replaceAll('/', '\\/')}`),
    );
    expect(result.stdout).toMatch(/✓ Data directory .* exists and is writable/);
    expect(result.stdout).toMatch(/✓ Data directory is private \(mode 0700\)/);
    expect(result.stdout).toMatch(/✓ Database .* is sound \(.*quick_check ok, schema \d+ as expected\)/);
    expect(result.stdout).toMatch(/✓ Token file .* is private \(mode 0600\)/);
    expect(result.stdout).toMatch(/✓ Vault folder .* exists and is writable/);
    expect(result.stdout).toMatch(/✓ Log folder .* is writable \(officina.log \d+ KB\)/);
    expect(result.stdout).toMatch(/✓ Claude Desktop's "officina" server starts this Officina/);
    expect(lines.at(-1)).toBe('All checks passed.');
    expect(snapshot(root)).toEqual(before);
  });

  it('a token file others can read: ✗ with the chmod to run, exit code 1, and the mode left as it was', async () => {
    const setup = await healthy();
    chmodSync(tokenPath(setup.dataDir), 0o644);
    const result = runCli(setup);
    expect(result.status).toBe(1);
    const line = result.stdout.split('\n').find((l) => l.includes('Token file'));
    expect(line).toMatch(/^✗ Token file .* can be read by other users \(mode 0644\): chmod 600 '.*\/token'/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 check failed.');
    expect(statSync(tokenPath(setup.dataDir)).mode & 0o777).toBe(0o644);
  });

  it('a corrupt database: ✗ naming the newest backup to restore, exit code 1, the file left alone', async () => {
    const setup = await healthy();
    const db = join(setup.dataDir, 'officina.db');
    mkdirSync(join(setup.dataDir, 'backups'));
    writeFileSync(join(setup.dataDir, 'backups', 'officina-schema1-2026-01-01.db'), '');
    writeFileSync(db, 'this is not a database. '.repeat(200));
    const before = snapshot(setup.dataDir);
    const result = runCli(setup);
    expect(result.status).toBe(1);
    const line = result.stdout.split('\n').find((l) => l.includes('Database'));
    expect(line).toMatch(/^✗ Database .* cannot be read \(file is not a database\)/);
    expect(line).toMatch(/copy the newest backup, .*officina-schema1-2026-01-01\.db, over it/);
    expect(snapshot(setup.dataDir)).toEqual(before);
  });

  it('an emptied or deleted database where one was kept: ✗ with the advice Officina gives at start, exit code 1', async () => {
    const setup = await healthy();
    const db = join(setup.dataDir, 'officina.db');
    mkdirSync(join(setup.dataDir, 'backups'));
    const backup = join(setup.dataDir, 'backups', 'officina-schema1-2026-01-01.db');
    writeFileSync(backup, '');
    truncateSync(db, 0);
    const before = snapshot(setup.dataDir);
    const emptied = runCli(setup);
    expect(emptied.status).toBe(1);
    expect(emptied.stdout).toContain(`✗ The database ${db} is empty (0 bytes), but Officina has kept data in`);
    expect(emptied.stdout).toContain(`copy the newest backup, ${backup}, over it.`);
    expect(snapshot(setup.dataDir)).toEqual(before);

    rmSync(db);
    const deleted = runCli(setup);
    expect(deleted.status).toBe(1);
    expect(deleted.stdout).toContain(`✗ The database ${db} is missing`);
    expect(deleted.stdout).toContain(`copy the newest backup, ${backup}, to ${db}.`);
    expect(existsSync(db)).toBe(false);
  });

  it.skipIf(!canMountSmallDisk)(`a read-only data directory: ✗ saying so (${NO_SMALL_DISK})`, async () => {
    const disk = smallDisk(4 * 1024 * 1024);
    const dataDir = join(disk, 'data');
    await createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false, watchVault: false }).close();
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    const checks = check({ dataDir, vault: tempDir(), home: tempDir() });
    expect(find(checks, /data directory/)).toEqual({
      status: 'fail',
      text: expect.stringMatching(
        new RegExp(`^Officina cannot write to its data directory ${dataDir} \\(read-only file system\\).*read-write`),
      ) as unknown,
    });
  });

  it('a damaged page inside a real database is found by quick_check', async () => {
    const setup = await healthy();
    const path = join(setup.dataDir, 'officina.db');
    const db = openSqlite(path);
    db.exec('CREATE TABLE filler (x TEXT); CREATE INDEX filler_x ON filler (x);');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'y'.repeat(50)}`);
    const page = (
      db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'filler_x'").get() as { rootpage: number }
    ).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // Scribble over the index's root page, keeping the file a valid SQLite file.
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(200, 0x41), 0, 200, (page - 1) * pageSize + 8);
    closeSync(fd);
    const database = find(check(setup), /^Database /);
    expect(database?.status).toBe('fail');
    expect(database?.text).toMatch(/is damaged|cannot be read/);
  });

  it('reads a database another process has open in place, creating no files', async () => {
    const setup = await healthy();
    const store = Store.open(setup.dataDir);
    try {
      store.sqlite.exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')");
      expect(existsSync(join(setup.dataDir, 'officina.db-wal'))).toBe(true);
      const names = readdirSync(setup.dataDir).sort();
      expect(find(check(setup), /^Database /)?.status).toBe('ok');
      expect(readdirSync(setup.dataDir).sort()).toEqual(names);
    } finally {
      store.close();
    }
  });

  it('a database from a newer Officina', async () => {
    const setup = await healthy();
    const db = openSqlite(join(setup.dataDir, 'officina.db'));
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    expect(find(check(setup), /^Database /)).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(
        /newer Officina \(schema 999; this one knows up to \d+\): update Officina/,
      ) as unknown,
    });
  });

  it('a data directory others can read, a missing vault, and no data directory at all', async () => {
    const setup = await healthy();
    chmodSync(setup.dataDir, 0o755);
    const checks = check({ ...setup, vault: join(setup.vault, 'missing') });
    expect(find(checks, /^Data directory can be read/)?.text).toMatch(/mode 0755.*chmod 700 '/);
    expect(find(checks, /^Vault folder/)).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(/mkdir -p/) as unknown,
    });
    chmodSync(setup.dataDir, 0o700);

    const nowhere = join(dirname(setup.dataDir), 'not-yet');
    const none = check({ ...setup, dataDir: nowhere });
    expect(find(none, /^Data directory/)).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(/does not exist/) as unknown,
    });
    expect(find(none, /^Database|^Token|^Log/)).toBeUndefined();
    expect(existsSync(nowhere)).toBe(false);
  });

  it('token: absent is a note, OFFICINA_TOKEN is a note, an empty file is a failure', async () => {
    const setup = await healthy();
    expect(
      diagnose({ ...setup, cliPath: CLI, platform: 'linux', env: { OFFICINA_TOKEN: 'x'.repeat(20) } }).find((c) =>
        c.text.includes('OFFICINA_TOKEN'),
      )?.status,
    ).toBe('note');
    writeFileSync(tokenPath(setup.dataDir), '\n');
    expect(find(check(setup), /^Token file/)).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(/empty/) as unknown,
    });
    rmSync(tokenPath(setup.dataDir));
    expect(find(check(setup), /token file yet/i)?.status).toBe('note');
  });

  it('Claude Desktop: not installed, no entry, another CLI, a bare command, broken JSON', async () => {
    const setup = await healthy();
    const claude = () => find(check(setup), /Claude Desktop/);
    const home = setup.home;
    const entry = (command: string, cli: string) => ({ mcpServers: { officina: { command, args: [cli, 'mcp'] } } });

    writeClaudeConfig(home, { mcpServers: { other: { command: '/bin/true', args: [] } } });
    expect(claude()).toMatchObject({ status: 'note', text: expect.stringMatching(/no "officina" server/) as unknown });
    writeClaudeConfig(home, entry(process.execPath, '/elsewhere/officina/bin/officina.mjs'));
    expect(claude()).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(/starts \/elsewhere\/officina\/bin\/officina.mjs, not this Officina/) as unknown,
    });
    writeClaudeConfig(home, entry('node', CLI));
    expect(claude()).toMatchObject({ status: 'fail', text: expect.stringMatching(/not an absolute path/) as unknown });
    writeClaudeConfig(home, '{ "mcpServers": ');
    expect(claude()).toMatchObject({ status: 'fail', text: expect.stringMatching(/not valid JSON/) as unknown });
    // An entry under another name that starts this CLI counts.
    writeClaudeConfig(home, { mcpServers: { 'my-office': { command: process.execPath, args: [CLI, 'mcp'] } } });
    expect(claude()).toMatchObject({ status: 'ok', text: expect.stringMatching(/"my-office"/) as unknown });

    rmSync(join(home, '.config'), { recursive: true });
    expect(claude()).toMatchObject({ status: 'note', text: expect.stringMatching(/not found/) as unknown });
  });

  it('Claude Desktop on Windows: checks the Microsoft Store build’s settings too, each file on its own line', async () => {
    const setup = await healthy();
    // A Windows profile laid out in a temp folder: C:\Users\ann ↔ <root>/C/Users/ann.
    const root = join(setup.home, 'windows');
    const onDisk = (path: string) => join(root, ...path.replace(/^([A-Za-z]):/, '$1').split('\\'));
    const local = 'C:\\Users\\ann\\AppData\\Local';
    const storeFolder = `${local}\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude`;
    const regularFolder = 'C:\\Users\\ann\\AppData\\Roaming\\Claude';
    const files = {
      probe: {
        isDirectory: (path: string) => existsSync(onDisk(path)) && statSync(onDisk(path)).isDirectory(),
        exists: (path: string) => existsSync(onDisk(path)),
        list: (path: string) => readdirSync(onDisk(path)),
      },
      read: (path: string) => readFileSync(onDisk(path), 'utf8'),
    };
    const windows = () =>
      diagnose({
        ...setup,
        cliPath: CLI,
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming', LOCALAPPDATA: local },
        home: 'C:\\Users\\ann',
        claudeFiles: files,
      }).filter((c) => /Claude Desktop/.test(c.text));
    const write = (folder: string, config: unknown) => {
      mkdirSync(onDisk(folder), { recursive: true });
      writeFileSync(join(onDisk(folder), 'claude_desktop_config.json'), JSON.stringify(config));
    };

    // Neither: one note naming both places.
    mkdirSync(onDisk(`${local}\\Packages`), { recursive: true });
    const none = windows();
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({
      status: 'note',
      text: expect.stringContaining('Packages\\Claude_*\\LocalCache') as unknown,
    });

    // Only the Store build, connected to this Officina.
    write(storeFolder, { mcpServers: { officina: { command: process.execPath, args: [CLI, 'mcp'] } } });
    expect(windows()).toEqual([
      { status: 'ok', text: expect.stringContaining('Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude') as unknown },
    ]);

    // Both: the regular install's file, without Officina, gets a line of its own.
    write(regularFolder, { mcpServers: {} });
    const both = windows();
    expect(both).toHaveLength(2);
    expect(both).toContainEqual({ status: 'ok', text: expect.stringContaining('Claude_pzs8sxrjxfjjc') as unknown });
    expect(both).toContainEqual({
      status: 'note',
      text: expect.stringMatching(/Roaming\\Claude\\claude_desktop_config\.json has no "officina" server/) as unknown,
    });
  });

  it('looks for Claude Desktop where each OS keeps it', async () => {
    const { claudeDesktopConfigPath } = await import('./doctor.js');
    expect(claudeDesktopConfigPath('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(claudeDesktopConfigPath('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toMatch(
      /Roaming.Claude.claude_desktop_config\.json$/,
    );
    expect(claudeDesktopConfigPath('linux', {}, '/home/ann')).toBe(
      '/home/ann/.config/Claude/claude_desktop_config.json',
    );
    expect(claudeDesktopConfigPath('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe(
      '/xdg/Claude/claude_desktop_config.json',
    );
  });

  it('prints one line per check and a verdict', () => {
    expect(
      formatChecks([
        { status: 'ok', text: 'fine' },
        { status: 'note', text: 'fyi' },
        { status: 'fail', text: 'broken: fix it' },
      ]),
    ).toBe('✓ fine\n– fyi\n✗ broken: fix it\n\n1 check failed.\n');
  });
});
