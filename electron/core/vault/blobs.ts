import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { writeFileAtomic } from '../common/files.js';
import type { Store } from '../store/store.js';

/**
 * Blobs that compress to more than this are files in the data directory; the rest live in the
 * database (blob_data). Measured here (ext4, WAL, synchronous=NORMAL, 20 blobs a transaction, the
 * checkpoint included): writing into the database beat a file + fsync + rename up to ~256 KB
 * (16 KB: 0.07 vs 0.4-0.7 ms; 128 KB: 0.45 vs 1.2 ms; 256 KB: even) and reads crossed over at
 * ~64 KB. Past this, a file also keeps a large history out of the WAL and the database file.
 */
export const DATABASE_BLOB_LIMIT = 128 * 1024;

/**
 * Brotli quality 4. Compression runs on the main thread, for every file a cold index reads: measured
 * per 10k files of the bench corpus q3 0.47 s, q4 0.65 s, q5 0.96 s (~20 % of the whole scan); on
 * real markdown (2k READMEs) q4 packs to 33.5 % of the original, q3 34.9 %, q5 31.4 %. Quality 4
 * takes a third less time than 5 for ~7 % more bytes. Blobs stored at another quality read the same.
 */
const QUALITY = 4;

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The stored form of a blob: brotli, read back by `get`. */
function pack(content: Buffer): Buffer {
  return brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  });
}

/**
 * Version content, addressed by its SHA-256: the same content is stored once however many versions
 * or documents have it, brotli-compressed. The `blobs` row says whether content is stored, and is
 * written in the same transaction as the content when that lives in the database; a large blob is a
 * file, written (temp file, fsync, rename) inside that transaction, so whole or absent.
 */
export class BlobStore {
  private readonly root: string;
  /** Asked for every file a scan reads: compiled once. */
  private readonly known;
  /** Blob files written in the transaction under way (see `guard`). */
  private written: string[] = [];

  constructor(
    private readonly store: Store,
    dataDir: string,
  ) {
    this.root = join(dataDir, 'versions');
    this.known = store.prepare((q, hash: string) => q.selectFrom('blobs').select('hash').where('hash', '=', hash));
  }

  private file(hash: string): string {
    return join(this.root, hash.slice(0, 2), `${hash}.br`);
  }

  /** Whether a version holds this content (inside a write transaction, the answer stands until it ends). */
  has(hash: string): boolean {
    return this.known.first(hash) !== undefined;
  }

  /**
   * Stores `content` unless it is stored already, in the caller's write transaction; returns the bytes
   * it takes (0 when it was there already). Compressing here, inside the write lock, holds it ~30 ms
   * longer per 500-document scan batch; compressing ahead cost a second lookup per file (~0.2 s of a
   * 10k-file cold index) to skip content already stored.
   */
  put(content: Buffer, hash: string, now: string): number {
    if (this.has(hash)) return 0;
    const stored = pack(content);
    this.store.insertRow('blobs', { hash, size: content.length, stored_bytes: stored.length, created_at: now });
    if (stored.length <= DATABASE_BLOB_LIMIT) {
      this.store.insertRow('blob_data', { hash, content: stored });
    } else {
      // Written again even if a file is there: with no row, it may be one a prune was removing.
      writeFileAtomic(this.file(hash), stored, { mode: 'replace' });
      this.written.push(hash);
    }
    return stored.length;
  }

  /**
   * Runs `transaction` (one that may `put` blobs); if it fails, the blob files it wrote go again, so
   * a failed change leaves no content behind in the data directory either.
   */
  guard<T>(transaction: () => T): T {
    this.written = [];
    try {
      return transaction();
    } catch (error) {
      const orphans = this.written;
      try {
        this.removeFiles(orphans);
      } catch {
        // The disk that failed the transaction may fail this too: a blob file without a row is only
        // space, and a later put of the same content writes it again.
      }
      throw error;
    } finally {
      this.written = [];
    }
  }

  get(hash: string): Buffer {
    const row = this.store.first(this.store.query.selectFrom('blob_data').select('content').where('hash', '=', hash));
    // Not in the database: a large blob, or one stored before blobs moved there (migration 004).
    return brotliDecompressSync(row ? row.content : readFileSync(this.file(hash)));
  }

  /**
   * Deletes those of `candidates` (the blobs of versions just deleted) that no version refers to any
   * more, in the caller's write transaction; their content in the database goes with their rows.
   * Returns those that may have a file, for `removeFiles` once that transaction has committed.
   */
  deleteUnused(candidates: string[]): string[] {
    if (candidates.length === 0) return [];
    const unused = this.store.all(
      this.store.query
        .selectFrom('blobs as b')
        .leftJoin('blob_data as d', 'd.hash', 'b.hash')
        .select(['b.hash', 'd.hash as in_database'])
        .where('b.hash', 'in', candidates)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('document_versions as v').select('v.id').whereRef('v.blob', '=', 'b.hash'))),
        ),
    );
    if (unused.length === 0) return [];
    this.store.run(
      this.store.query.deleteFrom('blobs').where(
        'hash',
        'in',
        unused.map((u) => u.hash),
      ),
    );
    return unused.filter((u) => u.in_database === null).map((u) => u.hash);
  }

  /**
   * Removes the files of blobs deleted by a committed `deleteUnused`, each only if no row has come back
   * for it: in a write transaction, so the other process cannot be storing that content (it writes the
   * file and the row in one) while its file goes. Removing them after the commit, not before, means a
   * transaction that fails never leaves a row without its file.
   */
  removeFiles(hashes: string[]): void {
    if (hashes.length === 0) return;
    this.store.transaction(() => {
      for (const hash of hashes) if (!this.has(hash)) rmSync(this.file(hash), { force: true });
    });
  }
}
