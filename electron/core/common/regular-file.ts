import {
  close,
  closeSync,
  constants,
  fstat,
  fstatSync,
  lstatSync,
  open,
  openSync,
  read,
  readSync,
  type Stats,
} from 'node:fs';

/**
 * Opening never follows a link as the last name of the path (Windows has no such flag: there the
 * identity check below tells a link from the file it replaced, whose lstat was taken before).
 */
const NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** What a file was when it was looked at (lstat): the file read must be that one. */
export type Identity = Pick<Stats, 'dev' | 'ino'>;

/**
 * A file that was swapped, between looking at it and reading it, for a link (to ~/.ssh/id_rsa, say)
 * or for another file is not read: the path is opened without following a last link, and the open
 * file must be the regular file `seen` describes (same device and inode). Reading through the open
 * descriptor then reads that file, whatever happens to the name meanwhile.
 *
 * Undefined when the file is not that file any more (or is gone): it changed, and whoever watches it
 * sees it again. Costs no system call more than reading by path (open, fstat, read, close), and uses
 * the callback API as the vault's scan did: a promise read's FileHandle per file cost ~0.6 s of
 * main-thread time per 10k files.
 */
export function readRegularFile(path: string, seen: Identity): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    open(path, NO_FOLLOW, (openError, fd) => {
      if (openError) {
        // ELOOP: a link now (the flag refused it); ENOENT: gone; either is a change seen again later.
        if (openError.code === 'ELOOP' || openError.code === 'ENOENT' || openError.code === 'ENOTDIR')
          resolve(undefined);
        else reject(openError);
        return;
      }
      const finish = (error: Error | null, content: Buffer | undefined) =>
        close(fd, (closeError) => (error ? reject(error) : closeError ? reject(closeError) : resolve(content)));
      fstat(fd, (statError, stats) => {
        if (statError) return finish(statError, undefined);
        if (!stats.isFile() || stats.dev !== seen.dev || stats.ino !== seen.ino) return finish(null, undefined);
        const buffer = Buffer.allocUnsafe(stats.size);
        const next = (offset: number): void => {
          if (offset === buffer.length) return finish(null, buffer);
          read(fd, buffer, offset, buffer.length - offset, offset, (readError, bytes) => {
            if (readError) return finish(readError, undefined);
            // Shorter than its size said: it was cut meanwhile; what is there is what it holds now.
            if (bytes === 0) return finish(null, buffer.subarray(0, offset));
            next(offset + bytes);
          });
        };
        next(0);
      });
    });
  });
}

/**
 * The same, for one file read on request (a document's content, a file to upload): `path` is looked
 * at first (lstat, never following a link), then read only if the open file is still that one.
 * Returns undefined when the path is not a regular file, or was swapped in between; a missing file
 * throws as `readFileSync` would (ENOENT).
 */
export function readRegularFileSync(path: string, options: { maxBytes?: number } = {}): Buffer | undefined {
  const seen = lstatSync(path);
  if (!seen.isFile()) return undefined;
  let fd: number;
  try {
    fd = openSync(path, NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.dev !== seen.dev || stats.ino !== seen.ino) return undefined;
    if (options.maxBytes !== undefined && stats.size > options.maxBytes) throw new FileTooLarge(stats.size);
    const buffer = Buffer.allocUnsafe(stats.size);
    let offset = 0;
    while (offset < buffer.length) {
      const bytes = readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (bytes === 0) return buffer.subarray(0, offset);
      offset += bytes;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** Thrown by `readRegularFileSync` before reading a file over `maxBytes`. */
export class FileTooLarge extends Error {
  constructor(readonly size: number) {
    super(`The file is ${size} bytes long`);
  }
}
