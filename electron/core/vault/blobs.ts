import { createHash, randomBytes } from 'node:crypto';
import {
  close,
  closeSync,
  existsSync,
  fsync,
  open,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  write,
  writeSync,
} from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

// The callback API, not FileHandles: lighter for many small files.
const openAsync = promisify(open);
const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);
const brotliOptions = (content: Buffer) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
});

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Version content, addressed by its SHA-256: the same content is stored once however many versions
 * or documents have it. Brotli-compressed (text shrinks to a fraction); written to a temporary file
 * and renamed, so a blob is whole or absent.
 */
export class BlobStore {
  private readonly root: string;
  /** Prefix folders known to exist (putAsync). */
  private readonly folders = new Set<string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'versions');
  }

  private file(hash: string): string {
    return join(this.root, hash.slice(0, 2), `${hash}.br`);
  }

  has(hash: string): boolean {
    return existsSync(this.file(hash));
  }

  /** Stores `content` (if new): its hash, and the bytes it takes on disk (0 when it was there already). */
  put(
    content: Buffer,
    hash = sha256(content),
    options: { force?: boolean } = {},
  ): { hash: string; storedBytes: number } {
    const target = this.file(hash);
    if (!options.force && existsSync(target)) return { hash, storedBytes: 0 };
    mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    const packed = brotliCompressSync(content, brotliOptions(content));
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, packed);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    return { hash, storedBytes: packed.length };
  }

  /**
   * `put` with the file written and fsynced in libuv's pool, always writing: for a scan, which stores
   * many blobs before the transaction that records them, so their fsyncs overlap instead of running
   * one after another inside the write lock. Compression stays synchronous: for blobs this small the
   * async zlib API (a stream per call) cost more than compressing (cold index of 10k files 11 s vs 8 s).
   */
  async putAsync(content: Buffer, hash: string): Promise<{ hash: string; storedBytes: number }> {
    const target = this.file(hash);
    const folder = join(this.root, hash.slice(0, 2));
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      this.folders.add(folder);
    }
    const packed = brotliCompressSync(content, brotliOptions(content));
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const fd = await openAsync(temp, 'wx', 0o600);
      try {
        for (let at = 0; at < packed.length;)
          at += (await writeAsync(fd, packed, at, packed.length - at, null)).bytesWritten;
        await fsyncAsync(fd);
      } finally {
        await closeAsync(fd);
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { hash, storedBytes: packed.length };
  }

  /** Removes a blob no version refers to any more. */
  remove(hash: string): void {
    rmSync(this.file(hash), { force: true });
  }

  get(hash: string): Buffer {
    return brotliDecompressSync(readFileSync(this.file(hash)));
  }
}
