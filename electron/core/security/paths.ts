import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { MAX_PATH_LENGTH } from '../../../shared/allowed-folders.js';
import { OpError, type ErrorCode } from '../../../shared/errors.js';

/**
 * The one gate for every file an operation reads or writes (DESIGN.md, "Paths the assistant may touch
 * outside the vault"). A scraped page can carry instructions to the assistant, so the gate assumes
 * every path is hostile: it reaches only the vault and the folders the person allowed, never hidden
 * files, never Officina's own data folder, and never overwrites anything outside the vault.
 *
 * Paths are taken literally: no `~` expansion and no %-decoding. A `%` followed by the code of a dot,
 * a separator, NUL or `%` itself is refused rather than decoded or accepted, because a layer that does
 * decode (a URL handler, a shell script, a sync tool) would see a different path than the one checked,
 * while a real file name almost never contains such a sequence. Other `%` text ("100% done.txt",
 * "a%20b") is an ordinary name.
 *
 * Callers use the returned real path and nothing else (so a link swapped in later under the name the
 * caller was given is never followed), and create new files outside the vault with the `wx` flag so
 * the "never overwrite" rule also holds against a file that appears after the check.
 */

/** NAME_MAX on the desktop file systems: longer names fail there anyway, with a worse message. */
export const MAX_NAME_BYTES = 255;

/** What the rules depend on besides the folders: the same for the gate and for checking a new folder. */
export interface PathRules {
  vault: string;
  /** Officina's data folder (database, token, logs): never reachable, even inside an allowed folder. */
  dataDir?: string | undefined;
  /** Allowing the home folder itself, or a folder above it, is too broad. */
  home?: string | undefined;
  /**
   * Whose path rules apply. Only the case sensitivity can be simulated on another system (tests pass
   * 'darwin' on Linux); path syntax follows this value too, so 'win32' is meaningful only on Windows.
   */
  platform?: NodeJS.Platform | undefined;
}

export interface PathGuardOptions extends PathRules {
  /** The allowed folders, read on every check so a change made in Settings (or another process) applies at once. */
  folders: () => readonly string[];
  /**
   * Asked before a file is written into the vault (a download or an export given a vault path):
   * throws when the vault folder is away, so that a write never makes a new, empty vault folder.
   */
  vaultWritable?: (field: string) => void;
}

export interface ResolveOptions {
  /** The input field the path came from, named in the error's issues (`file_path`, `destination_path`). */
  field?: string;
}

export interface ReadOptions extends ResolveOptions {
  /** What must be there: a regular file (the default), a folder, or either. */
  kind?: 'file' | 'directory' | 'any';
}

type RootKind = 'data' | 'vault' | 'allowed';
interface Root {
  kind: RootKind;
  /** As configured, normalised. */
  lexical: string;
  /** With links resolved, as far as it exists. */
  real: string;
}

interface Located {
  real: string;
  root: Root;
  /** Stats of the real path when it exists (links followed). */
  stats: Stats | undefined;
}

/** Thrown as-is to the caller: the message names the path and says what to do. */
function refuse(code: ErrorCode, message: string, field: string): OpError {
  return new OpError(code, message, [{ path: field, message }]);
}

/** A path quoted for a message: control and direction characters made visible, long paths shortened. */
export function showPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = path.replace(/[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${visible.length > 160 ? `${visible.slice(0, 80)}…${visible.slice(-70)}` : visible}"`;
}

/** The rules of one platform: path syntax and whether names compare case-insensitively. */
class Flavour {
  readonly windows: boolean;
  readonly darwin: boolean;
  readonly path: typeof posix;
  private readonly insensitive: boolean;

  constructor(platform: NodeJS.Platform) {
    this.windows = platform === 'win32';
    this.darwin = platform === 'darwin';
    this.path = this.windows ? win32 : posix;
    // APFS and NTFS are case-insensitive by default; comparing case-sensitively there would let
    // "/Users/me/OFFICINA" slip past a rule written for "/Users/me/Officina".
    this.insensitive = platform === 'darwin' || platform === 'win32';
  }

  fold(value: string): string {
    return this.insensitive ? value.normalize('NFC').toLowerCase() : value;
  }

  normalize(value: string): string {
    const normal = this.path.normalize(value);
    const { root } = this.path.parse(normal);
    return normal.length > root.length && /[\\/]$/.test(normal) ? normal.slice(0, -1) : normal;
  }

  /** Is `child` the folder `base` or inside it? */
  within(child: string, base: string): boolean {
    const c = this.fold(child);
    const b = this.fold(base);
    if (c === b) return true;
    return c.startsWith(b.endsWith(this.path.sep) ? b : b + this.path.sep);
  }

  isRoot(path: string): boolean {
    return this.path.parse(path).root === path;
  }

  names(path: string): string[] {
    return path.split(this.windows ? /[\\/]/ : '/').filter((name) => name !== '');
  }
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$) *(\.|$)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001f\u007f]/;
const DIRECTION = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Encoded dot, slash, backslash, NUL and percent (double encoding), and overlong UTF-8 lead bytes. */
const ENCODED = /%(2e|2f|5c|00|25|c0|c1)/i;
const WINDOWS_ONLY_CHARS = /[<>:"|?*]/;
const SLASH_LOOKALIKES = new Set(['\u2215', '\u2044', '\u29f8', '\u29f5', '\u29f9']);

/** A character that some layer (Unicode normalisation, Windows "best fit") may turn into `.`, `/`, `\` or `:`. */
function lookalike(text: string): string | undefined {
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80) continue;
    if (SLASH_LOOKALIKES.has(c)) return c;
    const k = c.normalize('NFKC');
    if (/[\\/:]/.test(k) || k === '.' || k === '..') return c;
  }
  return undefined;
}

/** Problems with a path's spelling, before anything on disk is looked at; undefined when it reads fine. */
function spellingProblem(input: string, flavour: Flavour, mode: 'absolute' | 'relative'): string | undefined {
  const shown = showPath(input);
  if (input.length === 0) return 'Give a path.';
  if (input.length > MAX_PATH_LENGTH) {
    return `The path ${showPath(input)} is ${input.length} characters long; paths are at most ${MAX_PATH_LENGTH}.`;
  }
  if (input.includes('\0')) return `${shown} contains a NUL byte, which no file name can hold; give the path as it is.`;
  if (CONTROL.test(input)) return `${shown} contains control characters (like a line break); remove them.`;
  if (DIRECTION.test(input)) {
    return `${shown} contains invisible text-direction characters, which disguise a file's real name; remove them.`;
  }
  const fake = lookalike(input);
  if (fake) {
    return `${shown} contains "${fake}", which can be read as . / \\ or :; use a plain character instead.`;
  }
  const encoded = ENCODED.exec(input);
  if (encoded) {
    return (
      `${shown} contains "${encoded[0]}", an encoded dot, separator or %. Officina reads paths literally and ` +
      'does not decode %-sequences: write the path plainly.'
    );
  }
  if (/^(\\\\|\/\/)/.test(input) || (!flavour.windows && input.startsWith('\\'))) {
    return `${shown} is a network or device path; Officina only works with files on this computer's disks.`;
  }
  const example = flavour.windows
    ? 'C:\\Users\\you\\Documents\\report.pdf'
    : flavour.darwin
      ? '/Users/you/Documents/report.pdf'
      : '/home/you/Documents/report.pdf';
  if (mode === 'relative') {
    if (input.startsWith('/') || input.startsWith('\\') || /^[A-Za-z]:/.test(input)) {
      return `${shown} is not a path inside the vault; give one relative to it, like invoices/2024/march.pdf.`;
    }
    if (input.includes('\\')) return `${shown} contains "\\"; separate folders with "/".`;
  } else {
    if (!flavour.windows && /^[A-Za-z]:/.test(input)) {
      return `${shown} is a Windows path, but this computer uses paths like ${example}.`;
    }
    if (!flavour.windows && input.includes('\\')) return `${shown} contains "\\"; separate folders with "/".`;
    const absolute = flavour.windows ? /^[A-Za-z]:[\\/]/.test(input) : input.startsWith('/');
    if (!absolute) {
      const hint = input.startsWith('~') ? ' ("~" is not expanded)' : /^file:/i.test(input) ? ' (not a file: URL)' : '';
      return `${shown} is not a full path${hint}; give one like ${example}.`;
    }
  }
  // Files in the vault travel between systems (sync, backups), so its names must be valid on all of them.
  const body = flavour.windows ? input.replace(/^[A-Za-z]:/, '') : input;
  if ((mode === 'relative' || flavour.windows) && WINDOWS_ONLY_CHARS.test(body)) {
    return `${shown} contains one of < > : " | ? *, which Windows does not allow in names; rename it.`;
  }
  for (const name of flavour.names(flavour.windows ? body : input)) {
    if (name === '.' || name === '..') continue;
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
      return `The name ${showPath(name)} in ${shown} is longer than ${MAX_NAME_BYTES} bytes; shorten it.`;
    }
    if (/[. ]$/.test(name)) {
      return (
        `The name ${showPath(name)} in ${shown} ends with a dot or a space, which Windows drops (so it would ` +
        'name another file); remove it.'
      );
    }
    if (RESERVED.test(name)) {
      return (
        `The name ${showPath(name)} in ${shown} is reserved for a device on Windows (CON, PRN, AUX, NUL, ` +
        'COM1–9, LPT1–9, with or without an extension); choose another name.'
      );
    }
  }
  return undefined;
}

/** The first hidden name (".ssh", ".env", ".git") in `path` below `base`, or undefined. */
function hiddenName(path: string, base: string | undefined, flavour: Flavour): string | undefined {
  // By names, not characters: a base that matched case- or normalisation-insensitively may differ in length.
  const below = flavour.names(path).slice(base === undefined ? 0 : flavour.names(base).length);
  return below.find((name) => name.startsWith('.') && name !== '..' && name !== '.');
}

/** The real path of the longest existing prefix, plus the missing rest; never throws. */
function realAsFarAsItExists(path: string, flavour: Flavour): string {
  const rest: string[] = [];
  let head = path;
  for (;;) {
    try {
      return flavour.path.join(realpathSync.native(head), ...rest);
    } catch {
      const parent = flavour.path.dirname(head);
      if (parent === head) return path;
      rest.unshift(flavour.path.basename(head));
      head = parent;
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function resolvedRules(rules: PathRules) {
  const flavour = new Flavour(rules.platform ?? process.platform);
  return { flavour, home: rules.home ?? homedir() };
}

/**
 * Why a folder (from --allow-path or Settings) cannot be used, or its real path when it can. Checked
 * again on every use: a folder can be deleted, or replaced by a link, after it was allowed.
 */
export function inspectFolder(folder: string, rules: PathRules): { real: string } | { problem: string } {
  const { flavour, home } = resolvedRules(rules);
  const spelling = spellingProblem(folder, flavour, 'absolute');
  if (spelling) return { problem: spelling };
  const shown = showPath(folder);
  const lexical = flavour.normalize(folder);
  const hidden = hiddenName(lexical, undefined, flavour);
  if (hidden) return { problem: `${shown} is a hidden folder or inside one ("${hidden}"); allow a visible folder.` };
  let real: string;
  try {
    if (!statSync(lexical).isDirectory()) return { problem: `${shown} is a file, not a folder.` };
    real = realpathSync.native(lexical);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `${shown} does not exist.` };
    return { problem: `${shown} cannot be opened (${code ?? 'unknown error'}).` };
  }
  const realHidden = hiddenName(real, undefined, flavour);
  if (realHidden) return { problem: `${shown} leads to a hidden folder ("${realHidden}"); allow a visible folder.` };
  if (flavour.isRoot(real)) return { problem: `${shown} is a whole disk; allow a folder on it instead.` };
  const realHome = realAsFarAsItExists(flavour.normalize(home), flavour);
  if (flavour.within(realHome, real)) {
    return flavour.within(real, realHome)
      ? { problem: `${shown} is your whole home folder; allow a folder inside it, like Documents.` }
      : { problem: `${shown} holds your home folder and other people's; allow a folder inside your home folder.` };
  }
  if (rules.dataDir !== undefined) {
    const data = realAsFarAsItExists(flavour.normalize(rules.dataDir), flavour);
    // The vault may live in the data folder (the default for a fresh data folder); it stays usable there.
    const vault = realAsFarAsItExists(flavour.normalize(rules.vault), flavour);
    if (flavour.within(real, data) && !flavour.within(real, vault)) {
      return { problem: `${shown} is inside Officina's own data folder (database, token), which stays private.` };
    }
  }
  return { real };
}

/** A folder the person wants to add: usable, and not already covered by the vault. Throws `invalid_input`. */
export function checkNewFolder(folder: string, rules: PathRules, field = 'path'): string {
  const inspected = inspectFolder(folder, rules);
  if ('problem' in inspected) throw refuse('invalid_input', inspected.problem, field);
  const { flavour } = resolvedRules(rules);
  const vault = realAsFarAsItExists(flavour.normalize(rules.vault), flavour);
  if (flavour.within(inspected.real, vault)) {
    throw refuse(
      'invalid_input',
      `${showPath(folder)} is inside the vault, which Officina can always use; there is nothing to add.`,
      field,
    );
  }
  return inspected.real;
}

/** Throws `invalid_input` when `path` is not a well-formed absolute path (for inputs that name a folder to forget). */
export function checkAbsolute(path: string, rules: Pick<PathRules, 'platform'>, field = 'path'): string {
  const flavour = new Flavour(rules.platform ?? process.platform);
  const problem = spellingProblem(path, flavour, 'absolute');
  if (problem) throw refuse('invalid_input', problem, field);
  return flavour.normalize(path);
}

/** Do two absolute paths name the same place, by this platform's rules? */
export function samePath(a: string, b: string, rules: Pick<PathRules, 'platform'>): boolean {
  const flavour = new Flavour(rules.platform ?? process.platform);
  return flavour.fold(flavour.normalize(a)) === flavour.fold(flavour.normalize(b));
}

/**
 * Resolves the paths operations are given into real paths they may use, or refuses them with an
 * OpError a person can act on: `invalid_input` (malformed), `forbidden` (outside what the person
 * allowed, hidden, Officina's data), `not_found` (nothing to read) or `conflict` (would overwrite).
 */
export class PathGuard {
  private readonly options: PathGuardOptions;
  private readonly flavour: Flavour;

  constructor(options: PathGuardOptions) {
    this.options = options;
    this.flavour = new Flavour(options.platform ?? process.platform);
  }

  /** The vault's real path (it may not exist yet). */
  vaultRoot(): string {
    return realAsFarAsItExists(this.flavour.normalize(this.options.vault), this.flavour);
  }

  /**
   * An existing file (or folder, with `kind`) to read, given as an absolute path inside the vault or an
   * allowed folder. A missing file is `not_found` only after the path passed every other rule, so a
   * refusal never tells whether something exists where the assistant may not look.
   */
  resolveForRead(userPath: string, options: ReadOptions = {}): string {
    const field = options.field ?? 'path';
    const kind = options.kind ?? 'file';
    const target = this.locate(userPath, field);
    const shown = showPath(userPath);
    if (!target.stats) throw refuse('not_found', `There is no file at ${shown}.`, field);
    if (kind === 'file' && !target.stats.isFile()) {
      throw refuse(
        'invalid_input',
        target.stats.isDirectory() ? `${shown} is a folder; give a file in it.` : `${shown} is not a regular file.`,
        field,
      );
    }
    if (kind === 'directory' && !target.stats.isDirectory()) {
      throw refuse('invalid_input', `${shown} is not a folder.`, field);
    }
    return target.real;
  }

  /**
   * Where to write a file, given as an absolute path. Inside the vault an existing file may be replaced
   * (the caller keeps a version first); outside it the file must not exist yet (`conflict`). Missing
   * folders on the way are allowed: their names were checked like any other.
   */
  resolveForWrite(userPath: string, options: ResolveOptions = {}): string {
    const field = options.field ?? 'path';
    const target = this.locate(userPath, field);
    const shown = showPath(userPath);
    if (target.stats?.isDirectory()) {
      throw refuse('invalid_input', `${shown} is a folder; give the name of the file to write in it.`, field);
    }
    if (target.stats && target.root.kind !== 'vault') {
      throw refuse(
        'conflict',
        `${shown} already exists, and Officina never overwrites files outside the vault; choose a new file name.`,
        field,
      );
    }
    if (target.stats && !target.stats.isFile()) throw refuse('invalid_input', `${shown} is not a regular file.`, field);
    if (target.root.kind === 'vault') this.options.vaultWritable?.(field);
    return target.real;
  }

  /**
   * A document's place in the vault, from a vault-relative path with "/" between folders (what the
   * vault's index stores). Returns the real absolute path whether or not the file exists.
   */
  resolveInVault(relativePath: string, options: ResolveOptions = {}): string {
    const field = options.field ?? 'path';
    const { flavour } = this;
    const shown = showPath(relativePath);
    const problem = spellingProblem(relativePath, flavour, 'relative');
    if (problem) throw refuse('invalid_input', problem, field);
    const normal = posix.normalize(relativePath);
    if (normal === '..' || normal.startsWith('../')) {
      throw refuse(
        'forbidden',
        `${shown} leads outside the vault; give a path inside it, like invoices/2024/march.pdf.`,
        field,
      );
    }
    if (normal === '.' || normal === './')
      throw refuse('invalid_input', 'Give a path inside the vault, not the vault itself.', field);
    const hidden = hiddenName(normal, undefined, flavour);
    if (hidden) throw this.hiddenError(shown, hidden, field);
    const vault = this.vaultRoot();
    const target = this.locate(flavour.path.join(vault, ...normal.split('/')), field, shown, true);
    if (target.root.kind !== 'vault') throw this.linkOutError(shown, field);
    return target.real;
  }

  /** The vault-relative path ("a/b.pdf") of a real path inside the vault, or null when it is not inside. */
  vaultRelative(realPath: string): string | null {
    const vault = this.vaultRoot();
    if (!this.flavour.within(realPath, vault) || this.flavour.fold(realPath) === this.flavour.fold(vault)) return null;
    return this.flavour.names(realPath).slice(this.flavour.names(vault).length).join('/');
  }

  private roots(): Root[] {
    const { flavour, options } = this;
    const root = (kind: RootKind, path: string, real?: string): Root => {
      const lexical = flavour.normalize(path);
      return { kind, lexical, real: real ?? realAsFarAsItExists(lexical, flavour) };
    };
    // Data first: on a tie (a vault configured as the data folder itself) privacy wins.
    const roots: Root[] = options.dataDir === undefined ? [] : [root('data', options.dataDir)];
    roots.push(root('vault', options.vault));
    for (const folder of options.folders()) {
      const inspected = inspectFolder(folder, options);
      if ('real' in inspected) roots.push(root('allowed', folder, inspected.real));
    }
    return roots;
  }

  /** The most specific root holding `path` (so the vault inside the data folder, or data inside an allowed folder, wins). */
  private pick(path: string, roots: readonly Root[], forms: 'real' | 'both'): { root: Root; base: string } | undefined {
    let best: { root: Root; base: string } | undefined;
    for (const root of roots) {
      for (const base of forms === 'real' ? [root.real] : [root.real, root.lexical]) {
        if (this.flavour.within(path, base) && (!best || base.length > best.base.length)) best = { root, base };
      }
    }
    return best;
  }

  private locate(userPath: string, field: string, shown = showPath(userPath), vaultRelative = false): Located {
    const { flavour } = this;
    const problem = spellingProblem(userPath, flavour, 'absolute');
    if (problem) throw refuse('invalid_input', problem, field);
    const lexical = flavour.normalize(userPath);
    const roots = this.roots();

    // Hidden names as written are checked below the root they point into: the vault itself may live
    // in a hidden folder, but nothing hidden inside it is reachable.
    const written = this.pick(lexical, roots, 'both');
    if (written?.root.kind === 'data') throw this.dataError(shown, field);
    const hidden = hiddenName(lexical, written?.base, flavour);
    if (hidden) throw this.hiddenError(shown, hidden, field);

    const real = this.realPath(lexical, shown, field);
    const landed = this.pick(real, roots, 'real');
    // A vault-relative path can only leave the vault through a link: adding folders would not help.
    if (!landed && vaultRelative) throw this.linkOutError(shown, field);
    if (!landed) {
      throw refuse(
        'forbidden',
        `${shown} is outside the vault and the folders you allowed; add its folder in Settings → Allowed folders ` +
          '(or start Officina with --allow-path).',
        field,
      );
    }
    if (landed.root.kind === 'data') throw this.dataError(shown, field);
    const realHidden = hiddenName(real, landed.base, flavour);
    if (realHidden) throw this.hiddenError(shown, realHidden, field);
    let stats: Stats | undefined;
    try {
      stats = statSync(real);
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT') throw this.unreadable(shown, code, field);
    }
    return { real, root: landed.root, stats };
  }

  /** Resolves links on the longest existing prefix; the missing rest is kept as written (its names were checked). */
  private realPath(lexical: string, shown: string, field: string): string {
    const { path } = this.flavour;
    const rest: string[] = [];
    let head = lexical;
    for (;;) {
      try {
        lstatSync(head);
        break;
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw this.unreadable(shown, code, field);
        const parent = path.dirname(head);
        if (parent === head) throw refuse('not_found', `${shown} is on a disk that is not there.`, field);
        rest.unshift(path.basename(head));
        head = parent;
      }
    }
    let real: string;
    let isDirectory: boolean;
    try {
      real = realpathSync.native(head);
      isDirectory = statSync(real).isDirectory();
    } catch (error) {
      const code = errorCode(error);
      // A link whose target is missing could be made to point anywhere before the write happens.
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') {
        throw refuse('forbidden', `${shown} goes through a broken link; Officina does not follow it.`, field);
      }
      throw this.unreadable(shown, code, field);
    }
    if (rest.length > 0 && !isDirectory) {
      throw refuse('invalid_input', `${shown} goes through ${showPath(head)}, which is a file, not a folder.`, field);
    }
    return path.join(real, ...rest);
  }

  private unreadable(shown: string, code: string | undefined, field: string): OpError {
    if (code === 'ENAMETOOLONG') return refuse('invalid_input', `${shown} is too long for this computer.`, field);
    return refuse(
      'forbidden',
      `${shown} cannot be checked (${code ?? 'unknown error'}), so Officina leaves it alone.`,
      field,
    );
  }

  private linkOutError(shown: string, field: string): OpError {
    return refuse('forbidden', `${shown} leads out of the vault through a link; Officina does not follow it.`, field);
  }

  private hiddenError(shown: string, name: string, field: string): OpError {
    return refuse(
      'forbidden',
      `${shown} is, or is inside, the hidden "${name}"; Officina never reads or writes hidden files and folders ` +
        '(like .ssh or .env). Move the file to a visible folder.',
      field,
    );
  }

  private dataError(shown: string, field: string): OpError {
    return refuse(
      'forbidden',
      `${shown} is inside Officina's own data folder (database, token, logs), which files are never read from or written to.`,
      field,
    );
  }
}
