import { constants, copyFileSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { OpError } from '../../../shared/errors.js';
import type { ClaudeServerEntry } from '../../../shared/claude-desktop.js';
import { writeFileAtomic } from '../common/files.js';

/** The name of our entry under `mcpServers`. */
export const SERVER_NAME = 'officina';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * A `claude_desktop_config.json` as found: its data, and how it was written, so that a rewrite keeps
 * the byte order mark, line endings and indentation a person or an editor gave it.
 */
export interface ConfigFile {
  path: string;
  /**
   * Where the content lives: the file a symbolic link at `path` points to (a dotfiles repository,
   * say), so that a rewrite changes that file and leaves the link a link.
   */
  target: string;
  exists: boolean;
  data: JsonObject;
  bom: boolean;
  eol: '\n' | '\r\n';
  indent: string | number;
  /** Permission bits of the file that is there, kept by the rewrite. */
  mode: number | undefined;
}

/**
 * Reads and parses the file. An empty or missing file is an empty configuration; anything that is
 * not a JSON object (broken JSON, a list, `mcpServers` that is not an object) is refused, so the file
 * is never overwritten with something that loses what the person wrote.
 */
export function readConfig(path: string): ConfigFile {
  let raw: string;
  let mode: number | undefined;
  let target = path;
  try {
    target = realpathSync(path);
    raw = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path, target, exists: false, data: {}, bom: false, eol: '\n', indent: 2, mode: undefined };
    }
    throw new OpError('io_error', `Officina could not read Claude Desktop's settings file ${path}: ${describe(error)}`);
  }
  const bom = raw.startsWith('\uFEFF');
  const text = bom ? raw.slice(1) : raw;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indentMatch = /^[{[][\r\n]+([ \t]+)\S/.exec(text);
  const indent = indentMatch?.[1] ?? 2;
  if (text.trim() === '') return { path, target, exists: true, data: {}, bom, eol, indent, mode };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OpError(
      'conflict',
      `Claude Desktop's settings file ${path} is not valid JSON (${where(text, error)}), so Officina left it ` +
        'unchanged. Fix it (in Claude Desktop: Settings → Developer → Edit Config) or move it aside, then try again.',
    );
  }
  if (!isObject(parsed)) {
    throw new OpError(
      'conflict',
      `Claude Desktop's settings file ${path} does not hold a JSON object, so Officina left it unchanged. ` +
        'Fix it or move it aside, then try again.',
    );
  }
  const servers = parsed['mcpServers'];
  if (servers !== undefined && servers !== null && !isObject(servers)) {
    throw new OpError(
      'conflict',
      `In Claude Desktop's settings file ${path}, "mcpServers" is not an object, so Officina left the file ` +
        'unchanged. Fix it or move it aside, then try again.',
    );
  }
  return { path, target, exists: true, data: parsed, bom, eol, indent, mode };
}

/** The configuration with our entry set; every other key, and every other server, as it was. */
export function withOfficina(data: JsonObject, entry: ClaudeServerEntry): JsonObject {
  const servers = isObject(data['mcpServers']) ? data['mcpServers'] : {};
  const previous = isObject(servers[SERVER_NAME]) ? servers[SERVER_NAME] : {};
  // Keys the person added to our entry stay (their own env variables too); ours are replaced.
  const previousEnv = isObject(previous['env']) ? { ...previous['env'] } : {};
  delete previousEnv['ELECTRON_RUN_AS_NODE'];
  const env = { ...previousEnv, ...(entry.env ?? {}) };
  const next: JsonObject = { ...previous, command: entry.command, args: [...entry.args] };
  if (Object.keys(env).length > 0) next['env'] = env;
  else delete next['env'];
  return { ...data, mcpServers: { ...servers, [SERVER_NAME]: next } };
}

/** The configuration without our entry (and nothing else changed). */
export function withoutOfficina(data: JsonObject): JsonObject {
  const servers = data['mcpServers'];
  if (!isObject(servers) || !(SERVER_NAME in servers)) return data;
  const rest = { ...servers };
  delete rest[SERVER_NAME];
  return { ...data, mcpServers: rest };
}

export function officinaEntry(data: JsonObject): JsonObject | undefined {
  const servers = data['mcpServers'];
  const entry = isObject(servers) ? servers[SERVER_NAME] : undefined;
  return isObject(entry) ? entry : undefined;
}

/** The file's text for `data`, written the way the file was (BOM, line endings, indentation). */
export function serialize(file: Pick<ConfigFile, 'bom' | 'eol' | 'indent'>, data: JsonObject): string {
  const json = JSON.stringify(data, null, file.indent);
  const text = `${json}\n`.replace(/\n/g, file.eol);
  return file.bom ? `\uFEFF${text}` : text;
}

/**
 * Replaces the file with `data`: first a copy of the file as it is, beside it, named with the time
 * (never replacing an earlier copy), then the new content written whole or not at all. Returns the
 * copy's path (undefined when there was no file to copy).
 */
export function writeConfig(file: ConfigFile, data: JsonObject, now: Date): string | undefined {
  let backup: string | undefined;
  if (file.exists) backup = backupBeside(file.path, now);
  writeFileAtomic(file.target, serialize(file, data), { mode: 'replace', fileMode: file.mode ?? 0o644 });
  return backup;
}

function backupBeside(path: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  for (let n = 1; ; n++) {
    const candidate = `${path}.${stamp}${n > 1 ? `-${n}` : ''}.officina-backup`;
    try {
      copyFileSync(path, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw new OpError(
        'io_error',
        `Officina did not change ${basename(path)}: it could not keep a copy of it first (${describe(error)}).`,
      );
    }
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "line 3, column 5" from JSON.parse's message, when it gives a position. */
function where(text: string, error: unknown): string {
  const message = describe(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
