import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  createWriteStream,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OpError } from '../../../shared/errors.js';

export interface WriteFileOptions {
  /**
   * 'replace': renamed over whatever is at the target (files Officina keeps: the vault, the publish
   * folder, its own data). 'create': never replaces a file that is there (a `conflict` instead): for
   * files written outside the vault, which are not ours.
   */
  mode: 'replace' | 'create';
  /** Permission bits of a new file (the process umask applies on top). */
  fileMode?: number;
  /** The input field that named the target, for the error's issues. */
  field?: string;
}

/**
 * Writes a whole file or nothing: a temporary file beside the target, every byte checked written,
 * flushed to disk, renamed (or linked) into place, and the folder flushed so the new name survives a
 * power cut. On any failure the temporary file, and any folder this call made, are removed, and a
 * full, read-only or failing disk becomes an `io_error` saying what happened.
 */
export function writeFileAtomic(target: string, content: Buffer | string, options: WriteFileOptions): Stats {
  return placeWritten(stageFile(target, content, options), target, options.mode);
}

/**
 * Copies `source` to `target` whole or not at all, as `writeFileAtomic` writes (the copy is flushed
 * before it is renamed or linked into place), without reading the file into memory.
 */
export function copyFileAtomic(source: string, target: string, options: WriteFileOptions): Stats {
  const folder = dirname(target);
  const madeFolder = makeFolder(folder, options.field);
  const temp = tempName(folder);
  try {
    copyFileSync(source, temp, constants.COPYFILE_EXCL);
    const fd = openSync(temp, 'r+');
    try {
      // A copy takes its source's permissions; the caller's mode replaces them.
      if (options.fileMode !== undefined) fchmodSync(fd, options.fileMode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    if (madeFolder !== undefined) removeEmptyFolders(madeFolder, folder);
    throw toIoError(error, { target, field: options.field }) ?? error;
  }
  return placeWritten(new StagedFile(target, temp, statSync(temp), madeFolder, options.field), target, options.mode);
}

/**
 * Streams `source` into a new file, whole or not at all: the stream's bytes go to a temporary file
 * (a write stream retries short writes; a full disk fails it), flushed, then linked into place
 * without replacing anything (`mode: 'create'`) or renamed over (`'replace'`). On failure nothing is
 * left, and a full or failing disk is an `io_error`.
 */
export async function writeStreamAtomic(
  target: string,
  source: Readable,
  options: WriteFileOptions & { signal?: AbortSignal },
): Promise<Stats> {
  const folder = dirname(target);
  const madeFolder = makeFolder(folder, options.field);
  const temp = tempName(folder);
  const out = createWriteStream(temp, { flags: 'wx', mode: options.fileMode ?? 0o600, flush: true });
  try {
    await pipeline(source, out, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    rmSync(temp, { force: true });
    if (madeFolder !== undefined) removeEmptyFolders(madeFolder, folder);
    throw toIoError(error, { target, written: out.bytesWritten, field: options.field }) ?? error;
  }
  return placeWritten(new StagedFile(target, temp, statSync(temp), madeFolder, options.field), target, options.mode);
}

/**
 * Writes the whole content to a temporary file beside `target` (every byte checked, flushed), to be
 * put in place later: for a file that must change together with a database transaction, placed as
 * its last step and undone if the commit fails. Throws `io_error` (nothing left) when it does not fit.
 */
export function stageFile(
  target: string,
  content: Buffer | string,
  options: Pick<WriteFileOptions, 'fileMode' | 'field'> = {},
): StagedFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const folder = dirname(target);
  const madeFolder = makeFolder(folder, options.field);
  const temp = tempName(folder);
  let written = 0;
  try {
    const fd = openSync(temp, 'wx', options.fileMode ?? 0o600);
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return new StagedFile(target, temp, statSync(temp), madeFolder, options.field);
  } catch (error) {
    rmSync(temp, { force: true });
    if (madeFolder !== undefined) removeEmptyFolders(madeFolder, folder);
    throw toIoError(error, { target, written, total: bytes.length, field: options.field }) ?? error;
  }
}

/**
 * A file written whole under a temporary name beside its target (see `stageFile`). `place` renames it
 * over the target, keeping the file that was there under a temporary name until `settle`, so that
 * `undo` can put it back; `discard` removes whatever of it is not placed.
 */
export class StagedFile {
  /** Of the written file: its size, and the mtime (and inode) it keeps when renamed into place. */
  readonly stats: Stats;
  readonly target: string;
  private temp: string | undefined;
  /** The file that was at the target, kept here until `settle`. */
  private previous: string | undefined;
  private placed = false;

  constructor(
    target: string,
    temp: string,
    stats: Stats,
    private readonly madeFolder: string | undefined,
    private readonly field: string | undefined,
  ) {
    this.target = target;
    this.temp = temp;
    this.stats = stats;
  }

  /**
   * Renames the file over the target. What was there stays aside (for `undo`) until `settle`, unless
   * `keepPrevious` is false (nothing to undo: the write stands alone).
   */
  place(options: { keepPrevious: boolean } = { keepPrevious: true }): void {
    const { target } = this;
    const folder = dirname(target);
    try {
      if (options.keepPrevious) this.previous = keepAside(target);
      renameSync(this.temp!, target);
      this.temp = undefined;
      this.placed = true;
      fsyncFolder(folder);
    } catch (error) {
      this.restorePrevious();
      throw toIoError(error, { target, field: this.field }) ?? error;
    }
  }

  /** Links the file to the target's name, failing (`conflict`) if that name is taken: never replaces. */
  placeNew(): void {
    try {
      placeWithoutReplacing(this.temp!, this.target, this.field);
      this.placed = true;
      rmSync(this.temp!, { force: true });
      this.temp = undefined;
      fsyncFolder(dirname(this.target));
    } catch (error) {
      throw toIoError(error, { target: this.target, field: this.field }) ?? error;
    }
  }

  /** After a failed commit: the target as it was before `place` (or gone again), new folders removed. */
  undo(): void {
    if (this.placed) {
      this.placed = false;
      if (this.previous !== undefined) this.restorePrevious();
      else if (sameFile(this.target, this.stats)) unlinkSync(this.target);
      if (this.previous === undefined) fsyncFolder(dirname(this.target));
    }
    this.discard();
  }

  /** After the commit: the replaced file's content is gone for good. */
  settle(): void {
    if (this.previous !== undefined) rmSync(this.previous, { force: true });
    this.previous = undefined;
  }

  /** Removes the temporary file (when not placed) and the folders made for it, if they are empty. */
  discard(): void {
    if (this.temp !== undefined) rmSync(this.temp, { force: true });
    this.temp = undefined;
    if (!this.placed && this.madeFolder !== undefined) removeEmptyFolders(this.madeFolder, dirname(this.target));
  }

  private restorePrevious(): void {
    if (this.previous === undefined) return;
    renameSync(this.previous, this.target);
    this.previous = undefined;
    fsyncFolder(dirname(this.target));
  }
}

/**
 * Gives the file at `path` a second, temporary name beside it (a hard link: `path` stays in place
 * until it is replaced), or moves it there where the file system has no hard links. Returns that
 * name, or undefined when there is no file at `path`.
 */
export function keepAside(path: string): string | undefined {
  const aside = tempName(dirname(path));
  try {
    linkSync(path, aside);
    return aside;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (!NO_HARD_LINKS.has(code ?? '')) throw error;
  }
  try {
    renameSync(path, aside);
    return aside;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Is the file at `path` (not following a link) the one `stats` describe? */
export function sameFile(path: string, stats: Pick<Stats, 'dev' | 'ino'>): boolean {
  try {
    const now = lstatSync(path);
    return now.dev === stats.dev && now.ino === stats.ino;
  } catch {
    return false; // Nothing there (or nothing that can be looked at): not that file.
  }
}

/** A hidden name beside the target, which the vault's scan and watcher ignore. */
function tempName(folder: string): string {
  return join(folder, `.officina-${randomBytes(6).toString('hex')}.tmp`);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP']);

/** Links the finished temporary file to its name, failing if that name is taken (never replacing). */
function placeWithoutReplacing(temp: string, target: string, field: string | undefined): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(target, field);
    // File systems without hard links (FAT, some network shares): an exclusive copy, removed if it fails.
    if (!NO_HARD_LINKS.has(code ?? '')) throw error;
    try {
      copyFileSync(temp, target, constants.COPYFILE_EXCL);
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(target, field);
      rmSync(target, { force: true });
      throw copyError;
    }
  }
}

function existsError(target: string, field: string | undefined): OpError {
  return new OpError(
    'conflict',
    `${target} already exists; Officina does not overwrite files outside the vault. Choose another name.`,
    field ? [{ path: field, message: 'Exists' }] : undefined,
  );
}

/** Creates `folder` (and missing parents, mode 0700); returns the topmost folder it made, if any. */
function makeFolder(folder: string, field: string | undefined): string | undefined {
  try {
    return mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw toIoError(error, { target: folder, field }) ?? error;
  }
}

/** Removes `deepest` and its parents up to and including `top`, while they are empty. */
export function removeEmptyFolders(top: string, deepest: string): void {
  const steps = relative(top, deepest);
  if (steps.startsWith('..')) return;
  let current = deepest;
  for (;;) {
    try {
      rmdirSync(current);
    } catch {
      return; // Not empty (something else was put there meanwhile) or already gone: leave it.
    }
    if (current === top || !current.startsWith(top + sep)) return;
    current = dirname(current);
  }
}

/** Makes a rename or a new file in `folder` durable. Windows cannot open a folder to flush it. */
export function fsyncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * A file-system failure a person can act on (disk full, read-only, no permission, failing disk) as an
 * `io_error`; anything else undefined, for the caller to rethrow as it was.
 */
export function toIoError(
  error: unknown,
  where: { target: string; written?: number; total?: number; field?: string },
): OpError | undefined {
  if (error instanceof OpError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return undefined;
  const name = where.target;
  const issues = where.field ? [{ path: where.field, message: 'Could not be written' }] : undefined;
  const progress =
    where.total !== undefined
      ? ` (${(where.written ?? 0).toLocaleString('en-US')} bytes written of ${where.total.toLocaleString('en-US')})`
      : '';
  if (DISK_FULL.has(code)) {
    return new OpError(
      'io_error',
      `The disk is full: ${basename(name)} could not be written${progress}; nothing was kept. Free some space on the disk of ${dirname(name)} and try again.`,
      issues,
    );
  }
  if (code === 'EROFS') {
    return new OpError(
      'io_error',
      `${dirname(name)} is on a read-only disk; ${basename(name)} was not written.`,
      issues,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new OpError(
      'io_error',
      `Officina may not write to ${dirname(name)} (permission denied); ${basename(name)} was not written.`,
      issues,
    );
  }
  if (code === 'EIO') {
    return new OpError(
      'io_error',
      `The disk reported an error while ${basename(name)} was written${progress}; nothing was kept. Check the disk and try again.`,
      issues,
    );
  }
  return undefined;
}

/** Puts a finished temporary file in place as `mode` says, or removes it (and the folders made for it). */
function placeWritten(staged: StagedFile, target: string, mode: WriteFileOptions['mode']): Stats {
  try {
    if (mode === 'replace') staged.place({ keepPrevious: false });
    else staged.placeNew();
    return statSync(target);
  } catch (error) {
    staged.discard();
    throw error;
  }
}
