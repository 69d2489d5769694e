import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
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
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const folder = dirname(target);
  const madeFolder = makeFolder(folder, options.field);
  const temp = join(folder, `.officina-${randomBytes(6).toString('hex')}.tmp`);
  let written = 0;
  let placed = false;
  try {
    const fd = openSync(temp, 'wx', options.fileMode ?? 0o600);
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.mode === 'replace') renameSync(temp, target);
    else placeWithoutReplacing(temp, target, options.field);
    placed = true;
    fsyncFolder(folder);
    return statSync(target);
  } catch (error) {
    rmSync(temp, { force: true });
    if (!placed && madeFolder !== undefined) removeEmptyFolders(madeFolder, folder);
    throw toIoError(error, { target, written, total: bytes.length, field: options.field }) ?? error;
  } finally {
    if (placed && options.mode === 'create') rmSync(temp, { force: true });
  }
}

/** Links the finished temporary file to its name, failing if that name is taken (never replacing). */
function placeWithoutReplacing(temp: string, target: string, field: string | undefined): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(target, field);
    // File systems without hard links (FAT, some network shares): an exclusive copy, removed if it fails.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
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
