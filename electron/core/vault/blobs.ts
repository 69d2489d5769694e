import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

const brotliCompressAsync = promisify(brotliCompress);
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
   * `put` off the main thread (compression, write and fsync in libuv's pool), always writing: for a
   * scan, which stores many blobs before the transaction that records them, so their fsyncs overlap
   * instead of running one after another inside the write lock.
   */
  async putAsync(content: Buffer, hash: string): Promise<{ hash: string; storedBytes: number }> {
    const target = this.file(hash);
    await mkdir(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    const packed = await brotliCompressAsync(content, brotliOptions(content));
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(packed);
        await file.sync();
      } finally {
        await file.close();
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
