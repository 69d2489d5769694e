import { accessSync, constants, existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CLAUDE_CONFIG_FILE, claudeLocations, configTargets, type FolderProbe } from '../core/claude-desktop/locate.js';
import { diskProbe } from '../core/claude-desktop/service.js';
import { databasePath, shellQuote as quote, writeProblem } from '../core/data-dir.js';
import { PathGuard } from '../core/security/paths.js';
import { MIGRATIONS } from '../core/store/migrations/index.js';
import { lostDatabase, restoreAdvice } from '../core/store/recovery.js';
import { openSqlite, type SqliteDatabase } from '../core/store/sqlite.js';
import { judgeVault, readRememberedVault, type RememberedVault } from '../core/vault/availability.js';
import { tokenPath } from '../core/security/token.js';
import type { CliOptions } from './options.js';

export type CheckStatus = 'ok' | 'fail' | 'note';

export interface Check {
  status: CheckStatus;
  /** One line: what was found and, when something is wrong, what to do about it. */
  text: string;
}

export interface DoctorInput {
  dataDir: string;
  vault: string;
  cliPath: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  execPath?: string;
  nodeVersion?: string;
  /**
   * How Claude Desktop's settings folders are seen and read (default: this disk). Tests give another
   * OS's layout, whose paths this disk cannot open (Windows' under Linux).
   */
  claudeFiles?: ClaudeFiles;
}

export interface ClaudeFiles {
  probe: FolderProbe;
  read(path: string): string;
}

const DISK_CLAUDE_FILES: ClaudeFiles = { probe: diskProbe, read: (path) => readFileSync(path, 'utf8') };

const MARK: Record<CheckStatus, string> = { ok: '✓', fail: '✗', note: '–' };
const MIN_NODE = 24;

/**
 * `officina doctor`: one line per check, ✓ or ✗ with what to do (– for facts that need nothing).
 * It only looks: nothing is created, changed or locked, the database included (see checkDatabase).
 */
export function runDoctor(options: CliOptions, info: { cliPath: string }): number {
  const checks = diagnose({ dataDir: options.dataDir, vault: options.vault, cliPath: info.cliPath });
  process.stdout.write(formatChecks(checks));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

export function formatChecks(checks: readonly Check[]): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const lines = checks.map((c) => `${MARK[c.status]} ${c.text}`);
  lines.push('', failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return `${lines.join('\n')}\n`;
}

export function diagnose(input: DoctorInput): Check[] {
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const posix = platform !== 'win32';
  const checks: Check[] = [checkNode(input.nodeVersion ?? process.versions.node, input.execPath ?? process.execPath)];
  const dataDirOk = checkDataDir(input.dataDir, posix, checks);
  const known: KnownVault = { documents: 0, remembered: undefined };
  if (dataDirOk) {
    checks.push(checkDatabase(input.dataDir, known));
    checks.push(...checkToken(input.dataDir, env, posix));
    checks.push(checkLogs(input.dataDir));
  }
  checks.push(checkVault(input.vault, known));
  checks.push(
    ...checkClaudeDesktops({
      platform,
      env,
      home: input.home ?? homedir(),
      cliPath: input.cliPath,
      dataDir: input.dataDir,
      files: input.claudeFiles ?? DISK_CLAUDE_FILES,
    }),
  );
  return checks;
}

function checkNode(version: string, execPath: string): Check {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE) return { status: 'ok', text: `Node ${version} at ${execPath}` };
  return {
    status: 'fail',
    text:
      `Node ${version} at ${execPath} is too old: Officina needs Node ${MIN_NODE} or newer. Run \`npm install\` in ` +
      'the Officina folder (it brings Node 24), or install Node 24 from nodejs.org.',
  };
}

function checkDataDir(dataDir: string, posix: boolean, checks: Check[]): boolean {
  const stat = statOrUndefined(dataDir);
  if (!stat) {
    checks.push({
      status: 'fail',
      text: `Data directory ${dataDir} does not exist: start Officina once (it is made at first start), or pass --data-dir.`,
    });
    return false;
  }
  if (!stat.isDirectory()) {
    checks.push({
      status: 'fail',
      text: `Data directory ${dataDir} is not a directory: move that file aside, or pass another --data-dir.`,
    });
    return false;
  }
  // The same sentence Officina refuses to start with (a read-only disk is not fixed by chown).
  const problem = writeProblem(dataDir);
  if (problem !== undefined) {
    checks.push({ status: 'fail', text: problem });
  } else {
    checks.push({ status: 'ok', text: `Data directory ${dataDir} exists and is writable` });
  }
  if (posix) {
    const mode = stat.mode & 0o777;
    checks.push(
      (mode & 0o077) === 0
        ? { status: 'ok', text: `Data directory is private (mode ${octal(mode)})` }
        : {
            status: 'fail',
            text:
              `Data directory can be read by other users (mode ${octal(mode)}); it holds your data and the token: ` +
              `chmod 700 ${quote(dataDir)}`,
          },
    );
  }
  return true;
}

/**
 * Opened without writing a byte. A WAL database opened read-only makes its -wal and -shm files when
 * they are missing, so when they are (no other process has it open) the check runs on a private
 * copy in memory instead; when they exist, another Officina has the file open and it is read in place.
 */
/** What the database says about the vault, for the vault's check. */
interface KnownVault {
  documents: number;
  remembered: RememberedVault | undefined;
}

function checkDatabase(dataDir: string, known: KnownVault): Check {
  const path = databasePath(dataDir);
  // Missing or emptied where a database was kept: Officina refuses to start; say the same.
  const lost = lostDatabase(dataDir);
  if (lost !== undefined) return { status: 'fail', text: lost };
  const stat = statOrUndefined(path);
  if (!stat) return { status: 'note', text: `No database yet at ${path}: it is made at first start.` };
  const latest = MIGRATIONS.at(-1)?.id ?? 0;
  const size = `${(stat.size / 1024 / 1024).toFixed(1)} MB`;
  let db: SqliteDatabase | undefined;
  try {
    const inPlace = existsSync(`${path}-wal`) && existsSync(`${path}-shm`);
    if (inPlace) {
      db = openSqlite(path, { readonly: true, fileMustExist: true, timeout: 2000 });
    } else {
      const copy = readFileSync(path);
      // Bytes 18-19 say "WAL": an in-memory copy must read as a rollback-journal database.
      if (copy.length >= 20 && copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1;
      db = openSqlite(copy, { readonly: true });
    }
    const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    if (check.length !== 1 || check[0] !== 'ok') {
      return {
        status: 'fail',
        text: `Database ${path} is damaged (${check.slice(0, 3).join('; ')}). ${restoreAdvice(dataDir, 'damaged')}`,
      };
    }
    const hasMigrations = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    const schema = hasMigrations
      ? ((db.prepare('SELECT max(id) AS id FROM schema_migrations').get() as { id: number | null }).id ?? 0)
      : 0;
    if (schema > latest) {
      return {
        status: 'fail',
        text: `Database ${path} was written by a newer Officina (schema ${schema}; this one knows up to ${latest}): update Officina.`,
      };
    }
    readKnownVault(db, known);
    if (schema < latest) {
      return {
        status: 'ok',
        text: `Database ${path} is sound (${size}, schema ${schema}); it is brought to schema ${latest} at next start, after a backup.`,
      };
    }
    return { status: 'ok', text: `Database ${path} is sound (${size}, quick_check ok, schema ${schema} as expected)` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY') {
      return {
        status: 'fail',
        text: `Database ${path} is locked by another process; run doctor again in a moment.`,
      };
    }
    return {
      status: 'fail',
      text: `Database ${path} cannot be read (${(error as Error).message}). ${restoreAdvice(dataDir, 'damaged')}`,
    };
  } finally {
    db?.close();
  }
}

function checkToken(dataDir: string, env: NodeJS.ProcessEnv, posix: boolean): Check[] {
  const path = tokenPath(dataDir);
  const checks: Check[] = [];
  const fromEnv = env['OFFICINA_TOKEN'];
  if (fromEnv) {
    checks.push(
      fromEnv.length >= 16
        ? { status: 'note', text: 'HTTP token comes from OFFICINA_TOKEN (the token file is not used while it is set)' }
        : { status: 'fail', text: 'OFFICINA_TOKEN is shorter than 16 characters: `officina serve` refuses it.' },
    );
  }
  const stat = statOrUndefined(path);
  if (!stat) {
    if (!fromEnv)
      checks.push({ status: 'note', text: `No token file yet: \`officina serve\` makes ${path} at first start.` });
    return checks;
  }
  if (!stat.isFile()) {
    checks.push({ status: 'fail', text: `Token file ${path} is not a file: move it aside; serve makes a new one.` });
    return checks;
  }
  const mode = stat.mode & 0o777;
  if (posix && (mode & 0o077) !== 0) {
    checks.push({
      status: 'fail',
      text:
        `Token file ${path} can be read by other users (mode ${octal(mode)}): chmod 600 ${quote(path)}, then, ` +
        'as someone may have read it, rotate it in Officina’s Settings.',
    });
    return checks;
  }
  let empty: boolean;
  try {
    empty = readFileSync(path, 'utf8').trim() === '';
  } catch (error) {
    checks.push({ status: 'fail', text: `Token file ${path} cannot be read: ${(error as Error).message}` });
    return checks;
  }
  checks.push(
    empty
      ? { status: 'fail', text: `Token file ${path} is empty: delete it, and \`officina serve\` makes a new one.` }
      : { status: 'ok', text: `Token file ${path} is private${posix ? ` (mode ${octal(mode)})` : ''}` },
  );
  return checks;
}

function checkLogs(dataDir: string): Check {
  const dir = join(dataDir, 'logs');
  const stat = statOrUndefined(dir);
  if (!stat) {
    return writable(dataDir)
      ? { status: 'ok', text: `Log folder ${dir} is made at first start (the data directory is writable)` }
      : { status: 'fail', text: `Log folder ${dir} cannot be made: the data directory is not writable.` };
  }
  if (!stat.isDirectory()) return { status: 'fail', text: `${dir} is not a folder: move it aside, logs go there.` };
  if (!writable(dir)) {
    return { status: 'fail', text: `Log folder ${dir} is not writable: chown -R "$USER" ${quote(dir)}` };
  }
  const log = statOrUndefined(join(dir, 'officina.log'));
  const size = log ? ` (officina.log ${(log.size / 1024).toFixed(0)} KB)` : '';
  return { status: 'ok', text: `Log folder ${dir} is writable${size}` };
}

/** Live documents and the disk the vault was on, when the database has them (it may predate the vault). */
function readKnownVault(db: SqliteDatabase, known: KnownVault): void {
  const has = (table: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  if (!has('documents')) return;
  known.documents = db.prepare('SELECT count(*) FROM documents WHERE deleted_at IS NULL').pluck().get() as number;
  known.remembered = readRememberedVault(
    (key) =>
      (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined,
  );
}

function checkVault(vault: string, known: KnownVault): Check {
  // Judged as the running app judges it: a vault away is not an empty one, whatever is (not) there now.
  const root = new PathGuard({ vault, folders: () => [] }).vaultRoot();
  const judged = judgeVault(root, { documents: () => known.documents, remembered: known.remembered });
  if (!judged.available)
    return { status: 'fail', text: judged.problem ?? `The vault folder ${vault} is not available.` };
  const stat = statOrUndefined(vault);
  if (!stat) {
    return {
      status: 'fail',
      text: `Vault folder ${vault} does not exist: create it (mkdir -p ${quote(vault)}), or pass --vault.`,
    };
  }
  if (!stat.isDirectory()) return { status: 'fail', text: `Vault ${vault} is not a folder: pass another --vault.` };
  if (!writable(vault)) {
    return { status: 'fail', text: `Vault folder ${vault} is not writable: chown -R "$USER" ${quote(vault)}` };
  }
  return { status: 'ok', text: `Vault folder ${vault} exists and is writable` };
}

/** Where Claude Desktop's regular install keeps its configuration on each OS (core/claude-desktop/locate.ts). */
export function claudeDesktopConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  const locations = claudeLocations(platform, env, home);
  return locations.join(locations.folder, CLAUDE_CONFIG_FILE);
}

interface ServerEntry {
  command?: unknown;
  args?: unknown;
}

const CONNECT_HOW_TO = 'run `officina connect claude`, or use Officina → Settings → Connect to Claude Desktop.';

/**
 * Every settings file Claude Desktop reads on this machine, found as `officina connect claude` finds
 * them (core/claude-desktop/locate.ts): on Windows the regular install's and the Microsoft Store
 * build's (`%LOCALAPPDATA%\Packages\Claude_*\LocalCache\Roaming\Claude`), one check each.
 */
function checkClaudeDesktops(input: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  cliPath: string;
  dataDir: string;
  files: ClaudeFiles;
}): Check[] {
  const locations = claudeLocations(input.platform, input.env, input.home);
  const targets = configTargets(locations, input.files.probe);
  const present = targets.files.filter((path) => input.files.probe.exists(path));
  if (present.length === 0) {
    const where = targets.files[0] ?? locations.join(locations.folder, CLAUDE_CONFIG_FILE);
    const looked = targets.looked.length > 1 ? ` (looked in ${targets.looked.join(', ')})` : '';
    return [
      {
        status: 'note',
        text: `Claude Desktop config not found at ${where}${looked}; to connect Claude Desktop: ${CONNECT_HOW_TO}`,
      },
    ];
  }
  return present.map((path) =>
    checkClaudeDesktop({ path, cliPath: input.cliPath, dataDir: input.dataDir }, input.files),
  );
}

function checkClaudeDesktop(input: { path: string; cliPath: string; dataDir: string }, files: ClaudeFiles): Check {
  const { path, cliPath, dataDir } = input;
  const howTo = CONNECT_HOW_TO;
  let text: string;
  try {
    text = files.read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        status: 'note',
        text: `Claude Desktop config not found at ${path}; to connect Claude Desktop: ${howTo}`,
      };
    }
    return { status: 'fail', text: `Claude Desktop config ${path} cannot be read: ${(error as Error).message}` };
  }
  let servers: Record<string, ServerEntry>;
  try {
    const parsed = JSON.parse(text) as { mcpServers?: unknown };
    servers =
      parsed.mcpServers && typeof parsed.mcpServers === 'object'
        ? (parsed.mcpServers as Record<string, ServerEntry>)
        : {};
  } catch (error) {
    return {
      status: 'fail',
      text: `Claude Desktop config ${path} is not valid JSON (${(error as Error).message}): Claude Desktop ignores it until it is fixed.`,
    };
  }
  const args = (entry: ServerEntry) =>
    Array.isArray(entry.args) ? entry.args.filter((a): a is string => typeof a === 'string') : [];
  const isThisCli = (entry: ServerEntry) => args(entry).some((a) => isAbsolute(a) && resolve(a) === resolve(cliPath));
  const named = Object.entries(servers).find(([name]) => name === 'officina');
  const found = Object.entries(servers).find(([, entry]) => isThisCli(entry)) ?? named;
  if (!found) return { status: 'note', text: `Claude Desktop config ${path} has no "officina" server; ${howTo}` };
  const [name, entry] = found;
  if (!isThisCli(entry)) {
    const other = args(entry).find((a) => a.endsWith('officina.mjs')) ?? JSON.stringify(entry.args ?? []);
    return {
      status: 'fail',
      text: `Claude Desktop's "${name}" server starts ${other}, not this Officina (${cliPath}): update the entry. ${howTo}`,
    };
  }
  const command = typeof entry.command === 'string' ? entry.command : '';
  if (!isAbsolute(command)) {
    return {
      status: 'fail',
      text:
        `Claude Desktop's "${name}" server runs "${command}", not an absolute path: Claude Desktop starts servers ` +
        `with a minimal PATH, so use ${process.execPath}.`,
    };
  }
  if (!existsSync(command)) {
    return {
      status: 'fail',
      text: `Claude Desktop's "${name}" server runs ${command}, which does not exist. ${howTo}`,
    };
  }
  const list = args(entry);
  const at = list.indexOf('--data-dir');
  const theirs = at >= 0 ? list[at + 1] : undefined;
  if (theirs !== undefined && resolve(theirs) !== resolve(dataDir)) {
    return {
      status: 'note',
      text: `Claude Desktop's "${name}" server starts this Officina, on another data directory: ${theirs}`,
    };
  }
  return { status: 'ok', text: `Claude Desktop's "${name}" server starts this Officina (${path})` };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
