import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpError, type ErrorCode } from '../../../shared/errors.js';
import { checkNewFolder, PathGuard } from './paths.js';

interface Dirs {
  root: string;
  vault: string;
  allowed: string;
  outside: string;
  data: string;
  home: string;
}

let d: Dirs;
let guard: PathGuard;
/** The same folders under macOS rules (case-insensitive), simulated on any system. */
let darwin: PathGuard;

beforeAll(() => {
  // One tree for the whole file (test/helpers' tempDir is removed after each test).
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'officina-paths-')));
  d = {
    root,
    vault: join(root, 'Vault'),
    allowed: join(root, 'allowed'),
    outside: join(root, 'outside'),
    data: join(root, 'allowed', 'officina-data'),
    home: join(root, 'home'),
  };
  for (const dir of [
    d.vault,
    join(d.vault, 'notes'),
    join(d.allowed, 'sub', '.git'),
    join(d.allowed, '.hidden'),
    d.outside,
    d.data,
    join(d.home, '.ssh'),
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  const files: [string, string][] = [
    [join(d.vault, 'existing.txt'), 'v1'],
    [join(d.allowed, 'doc.txt'), 'doc'],
    [join(d.allowed, '100% done.txt'), 'literal percent'],
    [join(d.allowed, 'report%20final.txt'), 'literal %20'],
    [join(d.allowed, 'conference.txt'), 'not a device'],
    [join(d.allowed, '.env'), 'SECRET=1'],
    [join(d.allowed, '.hidden', 'x'), 'hidden'],
    [join(d.allowed, 'sub', '.git', 'config'), '[core]'],
    [join(d.outside, 'secret.txt'), 'secret'],
    [join(d.data, 'token'), 'token'],
    [join(d.home, '.ssh', 'id_rsa'), 'key'],
  ];
  for (const [path, text] of files) writeFileSync(path, text);
  symlinkSync(d.outside, join(d.allowed, 'link-to-outside'));
  symlinkSync(join(d.allowed, '.hidden'), join(d.allowed, 'link-to-hidden'));
  symlinkSync(join(d.allowed, 'sub'), join(d.allowed, 'link-to-sub'));
  symlinkSync(join(d.outside, 'not-yet'), join(d.allowed, 'dangling'));
  symlinkSync(join(d.outside, 'secret.txt'), join(d.allowed, 'secret-link.txt'));
  symlinkSync(d.outside, join(d.vault, 'link-out'));
  symlinkSync(join(d.allowed, 'loop-b'), join(d.allowed, 'loop-a'));
  symlinkSync(join(d.allowed, 'loop-a'), join(d.allowed, 'loop-b'));
  const options = { vault: d.vault, dataDir: d.data, home: d.home, folders: () => [d.allowed] };
  guard = new PathGuard({ ...options, platform: 'linux' });
  darwin = new PathGuard({ ...options, platform: 'darwin' });
});

afterAll(() => rmSync(d.root, { recursive: true, force: true }));

type Op = 'read' | 'write' | 'vault' | 'read@darwin' | 'write@darwin';
type Outcome = ErrorCode | 'ok';

/** Hostile paths: what each operation kind must answer. Paths are built once the folders exist. */
const hostile: [label: string, op: Op, path: (d: Dirs) => string, outcome: Outcome][] = [
  ['relative traversal', 'read', () => '../../etc/passwd', 'invalid_input'],
  ['system file', 'read', () => '/etc/passwd', 'forbidden'],
  ['process environment', 'read', () => '/proc/self/environ', 'forbidden'],
  ['real ~/.ssh key', 'read', () => join(homedir(), '.ssh', 'id_rsa'), 'forbidden'],
  ['~ not expanded', 'read', () => '~/.ssh/id_rsa', 'invalid_input'],
  ['file: URL', 'read', () => 'file:///etc/passwd', 'invalid_input'],
  ['allowed/../secret', 'read', (d) => `${d.allowed}/../outside/secret.txt`, 'forbidden'],
  ['allowed/sub/../../secret', 'write', (d) => `${d.allowed}/sub/../../outside/new.txt`, 'forbidden'],
  ['hidden folder', 'read', (d) => `${d.allowed}/.hidden/x`, 'forbidden'],
  ['hidden file', 'read', (d) => `${d.allowed}/.env`, 'forbidden'],
  ['.git inside a folder', 'read', (d) => `${d.allowed}/sub/.git/config`, 'forbidden'],
  ['new hidden file', 'write', (d) => `${d.allowed}/.bashrc`, 'forbidden'],
  ['hidden folder that does not exist yet', 'write', (d) => `${d.allowed}/.ssh/authorized_keys`, 'forbidden'],
  ['hidden in the vault', 'write', (d) => `${d.vault}/.git/hooks/pre-commit`, 'forbidden'],
  ['symlinked folder pointing out', 'read', (d) => `${d.allowed}/link-to-outside/secret.txt`, 'forbidden'],
  ['symlinked file pointing out', 'read', (d) => `${d.allowed}/secret-link.txt`, 'forbidden'],
  ['write through a link pointing out', 'write', (d) => `${d.allowed}/link-to-outside/new.txt`, 'forbidden'],
  ['visible link to a hidden folder', 'read', (d) => `${d.allowed}/link-to-hidden/x`, 'forbidden'],
  ['dangling link', 'write', (d) => `${d.allowed}/dangling`, 'forbidden'],
  ['link loop', 'read', (d) => `${d.allowed}/loop-a`, 'forbidden'],
  ['vault link pointing out', 'read', (d) => `${d.vault}/link-out/secret.txt`, 'forbidden'],
  ['encoded slashes', 'read', (d) => `${d.allowed}/sub/..%2f..%2fx`, 'invalid_input'],
  ['encoded dots', 'read', (d) => `${d.allowed}/%2e%2e/outside/secret.txt`, 'invalid_input'],
  ['double-encoded dots', 'read', (d) => `${d.allowed}/%252e%252e/x`, 'invalid_input'],
  ['overlong UTF-8 dot', 'read', (d) => `${d.allowed}/%c0%ae%c0%ae/x`, 'invalid_input'],
  ['full-width dots', 'read', (d) => `${d.allowed}/\uff0e\uff0e/outside/secret.txt`, 'invalid_input'],
  ['division slash', 'write', (d) => `${d.allowed}/..\u2215..\u2215x`, 'invalid_input'],
  ['Windows drive path', 'read', () => 'C:\\Windows\\system32', 'invalid_input'],
  ['Windows drive with slashes', 'read', () => 'C:/Windows/system32/config/SAM', 'invalid_input'],
  ['UNC share', 'read', () => '\\\\server\\share\\x', 'invalid_input'],
  ['UNC with slashes', 'read', () => '//server/share/x', 'invalid_input'],
  ['Windows device path', 'read', () => '\\\\?\\C:\\x', 'invalid_input'],
  ['backslash traversal', 'write', (d) => `${d.allowed}\\..\\..\\x`, 'invalid_input'],
  ['reserved name', 'write', (d) => `${d.vault}/CON`, 'invalid_input'],
  ['reserved name with extension', 'write', (d) => `${d.vault}/nul.txt`, 'invalid_input'],
  ['reserved COM port, any case', 'write', (d) => `${d.vault}/notes/Com1.tar.gz`, 'invalid_input'],
  ['reserved LPT port', 'write', (d) => `${d.allowed}/lpt9`, 'invalid_input'],
  ['reserved name before several extensions', 'write', (d) => `${d.allowed}/con.txt.bak`, 'invalid_input'],
  ['NUL byte', 'read', (d) => `${d.vault}/a\u0000b`, 'invalid_input'],
  ['line break', 'write', (d) => `${d.allowed}/a\nb.txt`, 'invalid_input'],
  ['right-to-left override', 'write', (d) => `${d.allowed}/invoice\u202efdp.exe`, 'invalid_input'],
  ['trailing dot and space', 'write', (d) => `${d.vault}/trailing. `, 'invalid_input'],
  ['folder with a trailing dot', 'write', (d) => `${d.vault}/dir./x.txt`, 'invalid_input'],
  ['5,000-character path', 'write', (d) => `${d.allowed}/${'a/'.repeat(2_500)}`, 'invalid_input'],
  ['name over 255 bytes', 'write', (d) => `${d.allowed}/${'é'.repeat(200)}.txt`, 'invalid_input'],
  ['empty', 'read', () => '', 'invalid_input'],
  ['existing file outside the vault (never overwritten)', 'write', (d) => `${d.allowed}/doc.txt`, 'conflict'],
  ['an allowed folder itself', 'write', (d) => d.allowed, 'invalid_input'],
  ['a folder read as a file', 'read', (d) => `${d.allowed}/sub`, 'invalid_input'],
  ['inside a file', 'write', (d) => `${d.allowed}/doc.txt/x`, 'invalid_input'],
  ["Officina's data folder inside an allowed one", 'read', (d) => `${d.data}/token`, 'forbidden'],
  ['data folder in another case on macOS', 'read@darwin', (d) => `${d.allowed}/OFFICINA-DATA/token`, 'forbidden'],
  ['the same on Linux names another, missing folder', 'read', (d) => `${d.allowed}/OFFICINA-DATA/token`, 'not_found'],
  ['vault in another case on Linux is outside', 'write', (d) => `${d.root}/VAULT/new.txt`, 'forbidden'],
  ['vault in another case on macOS is the vault', 'write@darwin', (d) => `${d.root}/VAULT/existing.txt`, 'ok'],
  ['hidden name in the vault, other case, macOS', 'write@darwin', (d) => `${d.root}/VAULT/.GIT/config`, 'forbidden'],
  ['missing file', 'read', (d) => `${d.allowed}/missing.txt`, 'not_found'],
  ['vault-relative traversal', 'vault', () => '../../etc/passwd', 'forbidden'],
  ['vault-relative traversal in the middle', 'vault', () => 'notes/../../outside/secret.txt', 'forbidden'],
  ['vault-relative absolute path', 'vault', () => '/etc/passwd', 'invalid_input'],
  ['vault-relative drive path', 'vault', () => 'C:\\x', 'invalid_input'],
  ['vault-relative hidden', 'vault', () => 'notes/.env', 'forbidden'],
  ['vault-relative .git', 'vault', () => '.git/config', 'forbidden'],
  ['vault-relative link out', 'vault', () => 'link-out/secret.txt', 'forbidden'],
  ['vault-relative encoded traversal', 'vault', () => 'a%2f..%2f..%2fx', 'invalid_input'],
  ['vault-relative reserved name', 'vault', () => 'notes/aux.pdf', 'invalid_input'],
  ['vault-relative alternate data stream', 'vault', () => 'notes/a.txt:secret', 'invalid_input'],
  ['vault-relative backslashes', 'vault', () => 'notes\\..\\..\\x', 'invalid_input'],
  ['vault root itself', 'vault', () => '.', 'invalid_input'],
];

function attempt(op: Op, path: string): string {
  switch (op) {
    case 'read':
      return guard.resolveForRead(path);
    case 'write':
      return guard.resolveForWrite(path);
    case 'vault':
      return guard.resolveInVault(path);
    case 'read@darwin':
      return darwin.resolveForRead(path);
    case 'write@darwin':
      return darwin.resolveForWrite(path);
  }
}

describe('path guard: hostile paths', () => {
  it('has a full table', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(30);
  });

  it.each(hostile)('%s (%s) → %s', (_label, op, path, outcome) => {
    const given = path(d);
    let result: string | OpError;
    try {
      result = attempt(op, given);
    } catch (error) {
      if (!(error instanceof OpError)) throw error;
      result = error;
    }
    if (outcome === 'ok') {
      expect(result).toBeTypeOf('string');
      return;
    }
    expect(result, `accepted ${JSON.stringify(given).slice(0, 120)}`).toBeInstanceOf(OpError);
    const error = result as OpError;
    expect(error.code, error.message).toBe(outcome);
    expect(error.issues).toEqual([{ path: 'path', message: error.message }]);
    // Messages quote the path shortened, with invisible characters made visible.
    expect(error.message.length).toBeLessThan(700);
    for (const invisible of ['\u0000', '\n', '\u202e']) expect(error.message).not.toContain(invisible);
  });

  it('tells the person what to do', () => {
    expect(() => guard.resolveForRead('/etc/passwd')).toThrow(/Settings → Allowed folders/);
    expect(() => guard.resolveForRead(`${d.allowed}/.env`)).toThrow(/hidden "\.env"/);
    expect(() => guard.resolveForWrite(`${d.allowed}/doc.txt`)).toThrow(/never overwrites.*choose a new file name/);
    expect(() => guard.resolveForRead(`${d.allowed}/sub/..%2f..%2fx`)).toThrow(/does not decode %-sequences/);
    expect(() => guard.resolveForRead('~/x')).toThrow(/"~" is not expanded/);
    expect(() => guard.resolveInVault('link-out/secret.txt')).toThrow(/leads out of the vault through a link/);
  });

  it('names the caller’s field in the issues', () => {
    try {
      guard.resolveForWrite('/etc/cron.d/x', { field: 'destination_path' });
      expect.unreachable();
    } catch (error) {
      expect((error as OpError).issues?.[0]?.path).toBe('destination_path');
    }
  });

  it('does not tell whether a refused file exists', () => {
    const missing = () => guard.resolveForRead(`${d.outside}/missing.txt`);
    const present = () => guard.resolveForRead(`${d.outside}/secret.txt`);
    expect(missing).toThrow(/outside the vault/);
    expect(present).toThrow(/outside the vault/);
  });
});

describe('path guard: what is allowed', () => {
  it('reads files in the vault and the allowed folders, returning real paths', () => {
    expect(guard.resolveForRead(`${d.vault}/existing.txt`)).toBe(join(d.vault, 'existing.txt'));
    expect(guard.resolveForRead(`${d.allowed}/doc.txt`)).toBe(join(d.allowed, 'doc.txt'));
    expect(guard.resolveForRead(`${d.allowed}/sub/../doc.txt`)).toBe(join(d.allowed, 'doc.txt'));
    expect(guard.resolveForRead(`${d.allowed}/link-to-sub`, { kind: 'directory' })).toBe(join(d.allowed, 'sub'));
    expect(guard.resolveForRead(`${d.allowed}/`, { kind: 'any' })).toBe(d.allowed);
  });

  it('takes % literally when it cannot be read as a dot or separator', () => {
    expect(guard.resolveForRead(`${d.allowed}/100% done.txt`)).toBe(join(d.allowed, '100% done.txt'));
    expect(guard.resolveForRead(`${d.allowed}/report%20final.txt`)).toBe(join(d.allowed, 'report%20final.txt'));
  });

  it('accepts ordinary names that merely resemble reserved ones, and Unicode names', () => {
    expect(guard.resolveForRead(`${d.allowed}/conference.txt`)).toBe(join(d.allowed, 'conference.txt'));
    expect(guard.resolveForWrite(`${d.allowed}/console.log`)).toBe(join(d.allowed, 'console.log'));
    expect(guard.resolveForWrite(`${d.allowed}/Café… notes 2024.md`)).toBe(join(d.allowed, 'Café… notes 2024.md'));
  });

  it('writes new files outside the vault, also in folders still to be made', () => {
    expect(guard.resolveForWrite(`${d.allowed}/new.txt`)).toBe(join(d.allowed, 'new.txt'));
    expect(guard.resolveForWrite(`${d.allowed}/reports/2024/q1.pdf`)).toBe(join(d.allowed, 'reports/2024/q1.pdf'));
    expect(guard.resolveForWrite(`${d.allowed}/link-to-sub/new.txt`)).toBe(join(d.allowed, 'sub', 'new.txt'));
  });

  it('replaces files inside the vault (the caller keeps a version first)', () => {
    expect(guard.resolveForWrite(`${d.vault}/existing.txt`)).toBe(join(d.vault, 'existing.txt'));
  });

  it('resolves vault-relative document paths, whether or not they exist', () => {
    expect(guard.resolveInVault('invoices/2024/march.pdf')).toBe(join(d.vault, 'invoices', '2024', 'march.pdf'));
    expect(guard.resolveInVault('notes/../existing.txt')).toBe(join(d.vault, 'existing.txt'));
    expect(guard.vaultRelative(join(d.vault, 'invoices', 'march.pdf'))).toBe('invoices/march.pdf');
    expect(guard.vaultRelative(join(d.allowed, 'doc.txt'))).toBeNull();
    expect(guard.vaultRoot()).toBe(d.vault);
  });

  it('reads the folder list on every call, so a removal applies at once', () => {
    const folders = [d.allowed];
    const live = new PathGuard({ vault: d.vault, dataDir: d.data, home: d.home, folders: () => folders });
    expect(live.resolveForRead(`${d.allowed}/doc.txt`)).toBe(join(d.allowed, 'doc.txt'));
    folders.pop();
    expect(() => live.resolveForRead(`${d.allowed}/doc.txt`)).toThrow(/outside the vault/);
  });

  it('ignores listed folders that are not usable (hidden, too broad, missing)', () => {
    const broad = new PathGuard({
      vault: d.vault,
      home: d.home,
      folders: () => ['/', d.home, join(d.allowed, '.hidden'), join(d.root, 'gone')],
    });
    expect(() => broad.resolveForRead(`${d.outside}/secret.txt`)).toThrow(/outside the vault/);
    expect(() => broad.resolveForRead(`${d.allowed}/.hidden/x`)).toThrow(/hidden/);
  });
});

describe('checking a folder the person wants to allow', () => {
  const rules = () => ({ vault: d.vault, dataDir: d.data, home: d.home, platform: 'linux' as const });
  const refusals: [label: string, folder: (d: Dirs) => string, message: RegExp][] = [
    ['the whole disk', () => '/', /whole disk/],
    ['the home folder', (d) => d.home, /whole home folder/],
    ['above the home folder', (d) => d.root, /holds your home folder/],
    ['relative', () => 'Documents', /not a full path/],
    ['missing', (d) => join(d.root, 'nope'), /does not exist/],
    ['a file', (d) => join(d.allowed, 'doc.txt'), /not a folder/],
    ['hidden', (d) => join(d.allowed, '.hidden'), /hidden/],
    ['a link to a hidden folder', (d) => join(d.allowed, 'link-to-hidden'), /leads to a hidden folder/],
    ["Officina's data", (d) => d.data, /data folder/],
    ['inside the vault', (d) => join(d.vault, 'notes'), /inside the vault/],
    ['hidden home subfolder', (d) => join(d.home, '.ssh'), /hidden/],
  ];

  it.each(refusals)('refuses %s', (_label, folder, message) => {
    expect(() => checkNewFolder(folder(d), rules())).toThrow(message);
  });

  it('accepts an ordinary folder and returns its real path', () => {
    expect(checkNewFolder(d.outside, rules())).toBe(d.outside);
    expect(checkNewFolder(`${d.allowed}/link-to-sub`, rules())).toBe(join(d.allowed, 'sub'));
  });
});
