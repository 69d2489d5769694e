import { lstat, opendir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { sql } from 'kysely';
import type { EventSink } from '../catalogue/context.js';
import { writeInBackground } from '../events/background-write.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ChangeFeed } from '../store/change-feed.js';
import { readRegularFile } from '../common/regular-file.js';
import type { Store } from '../store/store.js';
import type { VaultAvailability } from './availability.js';
import { sha256 } from './blobs.js';
import { at, diskOf, nfc, prepare, type DocumentRow, type DocumentStore, type Prepared } from './documents.js';

/** Events for one path within this window are one change (editors write in chunks, or save via a temp file). */
const SETTLE_MS = 150;
/** A file gone for this long is deleted; one that reappears elsewhere with the same content within it was moved. */
const RENAME_WINDOW_MS = 400;
/** Polling: at least this long between passes… */
const POLL_MIN_MS = 1000;
/** …and at least this many times the CPU time the last pass took: ~5% of a core with what it leaves to the GC. */
const POLL_IDLE_FACTOR = 30;
/** Polling: a file modified more recently than this may still be being written. */
const POLL_SETTLE_MS = 500;
/** How often the vault folder is looked at (one lstat): an unmounted disk sends no file events. */
const VAULT_CHECK_MS = 1000;
/** Files read at once during a scan: enough to keep libuv's pool busy, few enough never to run out of file handles. */
const SCAN_CONCURRENCY = 16;
/** lstat calls at once while listing the vault. */
const WALK_CONCURRENCY = 32;
/**
 * Documents written per transaction during a scan. 500 rather than 200: fewer, larger FTS5 segments
 * to flush and merge (cold index of 10k files ~0.3 s faster), and the write lock is still held for
 * only ~0.1-0.15 s at a time.
 */
const SCAN_BATCH = 500;
/** Files read ahead of the oldest one not read yet (bounds the memory a slow file can pile up behind it). */
const SCAN_LOOKAHEAD = 2 * SCAN_BATCH;

/** Names that are not documents: hidden files, editors' temporary and backup files, partial downloads. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    name.endsWith('~') ||
    /^#.*#$/.test(name) ||
    /\.(swp|swx|swo|tmp|temp|crdownload|part|partial|download)$/i.test(name)
  );
}

export interface ScanCounts {
  documents: number;
  added: number;
  changed: number;
  removed: number;
  failed: number;
}

interface DiskFile {
  path: string;
  abs: string;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

/**
 * Keeps the index in step with the vault folder: a scan at start-up (what changed while Officina was
 * closed: size and mtime first, the content hash only for files that differ, renames matched by hash)
 * and then chokidar's events, settled per path and applied one at a time.
 */
export class VaultWatcher {
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private watcher: FSWatcher | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Second files whose names normalise to a document's, already reported in the log. */
  private readonly twinsReported = new Set<string>();
  private readonly pendingDeletes = new Map<number, { row: DocumentRow; timer: NodeJS.Timeout }>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private vaultCheck: NodeJS.Timeout | undefined;
  private stopFollowingVault: (() => void) | undefined;
  private readonly root: string;
  private readonly dataInVault: boolean;

  constructor(
    private readonly deps: {
      docs: DocumentStore;
      store: Store;
      feed: ChangeFeed;
      bus: EventBus;
      log: Logger;
      vault: string;
      dataDir: string;
      /** Whether the vault folder is there: nothing is marked deleted while it is not. */
      availability: VaultAvailability;
      polling?: boolean;
    },
  ) {
    this.root = deps.vault;
    this.dataInVault = deps.dataDir.startsWith(this.root + sep);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  start(): void {
    // A vault that goes away (a disk unplugged or unmounted, the folder deleted) deletes nothing: the
    // deletions waiting are dropped, and when it is back a scan finds its documents again.
    this.stopFollowingVault = this.deps.availability.onChange((state) => {
      if (state.available) this.enqueue(() => this.reconcile());
      else this.dropPendingDeletes();
    });
    this.vaultCheck = setInterval(() => this.deps.availability.check(), VAULT_CHECK_MS);
    this.vaultCheck.unref();
    // Events that arrive during the scan wait in the queue behind it.
    this.enqueue(async () => {
      try {
        const counts = await this.scan(false);
        this.deps.log.info('vault scanned', { ...counts });
      } catch (error) {
        this.deps.log.error('vault scan failed', { error });
      } finally {
        this.markReady();
      }
    });
    if (this.deps.polling) {
      this.enqueue(async () => this.schedulePoll(0));
      return;
    }
    this.watcher = watch(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (path: string) => this.ignored(path),
    });
    this.watcher.on('all', (event, path) => {
      const rel = this.relative(path);
      if (rel === null) return;
      if (event === 'unlinkDir') this.enqueue(() => this.folderGone(rel));
      else if (event === 'add' || event === 'change' || event === 'unlink') this.schedule(rel);
    });
    this.watcher.on('error', (error) => this.deps.log.warn('vault watcher error', { error }));
  }

  /**
   * Polling, for network folders where file events do not arrive: the start-up scan again (size and
   * mtime; contents only of files that differ), as often as keeps it under ~5% of a core. chokidar's
   * polling stats every file on its own timer: 120% CPU for a 100k-file vault, idle. Here 100k files
   * are looked at every ~10 s, 1k files every second.
   */
  private schedulePoll(lastScanCpuMs: number): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(
      () =>
        this.enqueue(async () => {
          // CPU time, not wall time: the walk's lstat calls run on libuv's threads too.
          const started = process.cpuUsage();
          await this.scan(false, { settledBefore: Date.now() - POLL_SETTLE_MS });
          const spent = process.cpuUsage(started);
          this.schedulePoll((spent.user + spent.system) / 1000);
        }),
      Math.max(POLL_MIN_MS, lastScanCpuMs * POLL_IDLE_FACTOR),
    );
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.vaultCheck);
    this.stopFollowingVault?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.watcher?.close();
    // Deletions waiting to see whether they were renames happen now, so none is lost at shutdown.
    const pending = [...this.pendingDeletes.values()];
    this.pendingDeletes.clear();
    for (const { row, timer } of pending) {
      clearTimeout(timer);
      this.enqueue(async () => this.deleteIfGone(row));
    }
    await this.queue;
  }

  /** The vault folder is back: what changed while it was away, documents found again by path and content. */
  private async reconcile(): Promise<void> {
    try {
      const counts = await this.scan(false);
      this.deps.log.info('vault scanned after it came back', { ...counts });
    } catch (error) {
      this.deps.log.error('vault scan failed', { error });
    }
  }

  private dropPendingDeletes(): void {
    for (const { timer } of this.pendingDeletes.values()) clearTimeout(timer);
    this.pendingDeletes.clear();
  }

  /** Waits until every change seen so far has been applied (tests, rebuild_index). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** The whole vault again: every file re-read and re-indexed (rebuild_index). */
  rebuild(): Promise<ScanCounts> {
    this.deps.availability.require();
    return new Promise((resolve, reject) => this.enqueue(() => this.scan(true).then(resolve, reject)));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue
      .then(task)
      .catch((error: unknown) => this.deps.log.warn('vault change not applied', { error }));
  }

  private schedule(path: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        if (!this.stopped) this.enqueue(() => this.apply(path));
      }, SETTLE_MS),
    );
  }

  private relative(abs: string): string | null {
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    return rel.split(sep).join('/');
  }

  private ignored(abs: string): boolean {
    // Officina's own data directory, when the person put it inside the vault, is not documents.
    if (this.dataInVault && (abs === this.deps.dataDir || abs.startsWith(this.deps.dataDir + sep))) return true;
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..')) return false;
    return rel.split(sep).some(isIgnoredName);
  }

  private write<T>(fn: (events: EventSink) => T): T {
    const { store, feed, bus, docs } = this.deps;
    return docs.blobs.guard(() => writeInBackground({ store, feed, bus }, fn));
  }

  /** One path settled (its name on disk): added, changed, or gone. */
  private async apply(disk: string): Promise<void> {
    const { docs } = this.deps;
    const location = at(disk);
    const abs = join(this.root, ...disk.split('/'));
    const stats = await lstat(abs).catch(() => undefined);
    if (!stats || !stats.isFile()) {
      const row = docs.live(location.path);
      // Only the document's own file going deletes it, not a second file whose name reads the same.
      if (row && !stats && diskOf(row) === disk) this.deleteLater(row);
      return;
    }
    // Read only if it is still the file lstat saw: a link swapped in meanwhile is never followed.
    const content = await readRegularFile(abs, stats).catch(() => undefined);
    if (!content) return;
    const hash = sha256(content);
    const current = docs.live(location.path);
    if (current && diskOf(current) !== disk) {
      const own = await lstat(join(this.root, ...diskOf(current).split('/'))).catch(() => undefined);
      if (own) return this.leaveOutTwin(disk, current);
      // Its own file is gone: this is it, renamed to another spelling (a sync tool normalising names).
    }
    if (current && current.hash === hash && diskOf(current) === disk) {
      if (current.size !== stats.size || current.mtime_ms !== stats.mtimeMs) {
        this.write(() => docs.touch(current, stats));
      }
      return;
    }
    const moved = current ? undefined : (this.takePendingDelete(hash) ?? (await this.vanishedWithContent(hash)));
    if (moved) {
      this.write((events) => docs.repoint(moved, location, stats, 'outside', events));
      return;
    }
    const prepared = await prepare(content, location.path);
    const back = current ? undefined : docs.cameBack(location.path, hash);
    if (back) {
      this.write((events) => docs.reattach(back, location, stats, prepared.extracted.text, events));
      return;
    }
    this.write((events) =>
      docs.record(
        location,
        prepared,
        stats,
        { reason: current ? 'edit' : 'add', actor: 'outside', origin: 'outside', existing: current },
        events,
      ),
    );
  }

  /**
   * A second file whose name normalises to a document's (Linux keeps "café" in NFC and in NFD apart)
   * is not a document: it would look the same as the first. Said once per name, not on every pass.
   */
  private leaveOutTwin(disk: string, document: DocumentRow): void {
    if (this.twinsReported.has(disk)) return;
    this.twinsReported.add(disk);
    this.deps.log.warn(
      'a file whose name normalises to the same name as a document is left out; rename one of the two',
      { file: disk, document: document.path, document_file: diskOf(document) },
    );
  }

  private deleteLater(row: DocumentRow): void {
    if (this.pendingDeletes.has(row.id)) return;
    const timer = setTimeout(() => {
      this.pendingDeletes.delete(row.id);
      this.enqueue(async () => this.deleteIfGone(row));
    }, RENAME_WINDOW_MS);
    this.pendingDeletes.set(row.id, { row, timer });
  }

  private takePendingDelete(hash: string): DocumentRow | undefined {
    for (const [id, pending] of this.pendingDeletes) {
      if (pending.row.hash === hash) {
        clearTimeout(pending.timer);
        this.pendingDeletes.delete(id);
        return pending.row;
      }
    }
    return undefined;
  }

  /**
   * A live document with this content whose file is gone: the other half of a rename whose "unlink"
   * has not been applied yet (events of a move across folders arrive in either order).
   */
  private async vanishedWithContent(hash: string): Promise<DocumentRow | undefined> {
    const { store } = this.deps;
    const rows = store.all(
      store.query.selectFrom('documents').selectAll().where('hash', '=', hash).where('deleted_at', 'is', null),
    );
    for (const row of rows) {
      const gone = await lstat(join(this.root, ...diskOf(row).split('/'))).then(
        () => false,
        () => true,
      );
      if (gone) return row;
    }
    return undefined;
  }

  /** A file gone for longer than a rename takes: its document is deleted, unless the whole vault went. */
  private deleteIfGone(row: DocumentRow): void {
    // The files of a vault folder deleted or unplugged vanish too: that is not their deletion.
    if (!this.deps.availability.check().available) return;
    this.write((events) => this.markGone(row, events));
  }

  private markGone(row: DocumentRow, events: EventSink): void {
    const { docs } = this.deps;
    const now = docs.byId(row.id);
    // Still where it was and still live: the file is gone for good (moved documents were re-pointed).
    if (now.deleted_at === null && diskOf(now) === diskOf(row)) docs.markDeleted(now, null, 'outside', events);
  }

  private async folderGone(folder: string): Promise<void> {
    const rows = this.deps.store.all(
      this.deps.store.query
        .selectFrom('documents')
        .selectAll()
        .where('deleted_at', 'is', null)
        // Compared as on disk (LIKE would fold ASCII case and read "_" and "%" in folder names as wildcards).
        .where(sql<string>`substr(coalesce(disk_path, path), 1, ${folder.length + 1})`, '=', `${folder}/`),
    );
    for (const row of rows) this.deleteLater(row);
  }

  /** Compares the folder with the records; `reindex` re-reads and re-indexes every file. */
  /**
   * `settledBefore` (polling): files modified after it may be mid-write; they count as present and
   * are read on a later pass, so a slow copy gives one version, not one per pass.
   */
  private async scan(reindex: boolean, options: { settledBefore?: number } = {}): Promise<ScanCounts> {
    const { docs, store } = this.deps;
    const counts: ScanCounts = { documents: 0, added: 0, changed: 0, removed: 0, failed: 0 };
    // A vault that is not there (a drive not mounted, a folder deleted) is not a vault emptied: nothing
    // is marked deleted until it is back (the availability says why, in the log and to the UI).
    const { availability } = this.deps;
    if (!availability.check().available) return counts;
    const root = await lstat(this.root).catch(() => undefined);
    if (!root?.isDirectory()) {
      this.deps.log.info('the vault folder does not exist yet; it is made when the first document is saved', {
        vault: this.root,
      });
      return counts;
    }
    const disk = await this.walk();
    // Gone while it was listed: what the listing missed was not deleted.
    if (!availability.check().available) return counts;
    counts.documents = disk.length;
    const live = new Map(
      store
        .all(store.query.selectFrom('documents').selectAll().where('deleted_at', 'is', null))
        .map((r) => [r.path_key, r] as const),
    );
    const seen = new Set<number>();
    const toRead: DiskFile[] = [];
    const onDisk = new Set(disk.map((f) => f.path));
    /** A second file whose name normalises to a document's whose own file is there too. */
    const isTwin = (file: DiskFile, row: DocumentRow | undefined) =>
      row !== undefined && diskOf(row) !== file.path && onDisk.has(diskOf(row));
    for (const file of disk) {
      const row = live.get(docs.key(file.path));
      if (isTwin(file, row)) {
        this.leaveOutTwin(file.path, row!);
        continue;
      }
      if (row) seen.add(row.id);
      if (!reindex && row && diskOf(row) === file.path && row.size === file.size && row.mtime_ms === file.mtimeMs)
        continue;
      if (options.settledBefore !== undefined && file.mtimeMs > options.settledBefore) continue;
      toRead.push(file);
    }
    const missing = [...live.values()].filter((r) => !seen.has(r.id));
    // Documents deleted because their files went, which a file found now may bring back.
    const gone = toRead.length > 0 ? docs.goneHashes() : new Set<string>();
    const byHash = new Map<string, DocumentRow[]>();
    for (const row of missing) byHash.set(row.hash, [...(byHash.get(row.hash) ?? []), row]);

    let batch: { file: DiskFile; prepared: Prepared }[] = [];
    const flush = () => {
      const items = batch;
      batch = [];
      if (items.length === 0) return;
      this.write((events) => {
        for (const { file, prepared } of items) {
          const location = at(file.path);
          const existing = docs.live(location.path);
          // Two new files whose names read the same: the one recorded first (in this batch) is the document.
          if (isTwin(file, existing)) {
            this.leaveOutTwin(file.path, existing!);
            continue;
          }
          const renamed = existing ? undefined : byHash.get(prepared.hash)?.shift();
          if (renamed) {
            docs.repoint(renamed, location, file, 'outside', events);
            missing.splice(missing.indexOf(renamed), 1);
            continue;
          }
          const back = existing || !gone.has(prepared.hash) ? undefined : docs.cameBack(location.path, prepared.hash);
          if (back) {
            docs.reattach(back, location, file, prepared.extracted.text, events);
            continue;
          }
          const changed = !existing || existing.hash !== prepared.hash;
          const row = docs.record(
            location,
            prepared,
            file,
            { reason: existing ? 'edit' : 'add', actor: 'outside', origin: 'outside', existing },
            events,
          );
          if (reindex && !changed) docs.index(row, prepared.extracted.text);
          if (!existing) counts.added++;
          else if (changed) counts.changed++;
        }
      });
    };

    const readOne = async (file: DiskFile): Promise<{ file: DiskFile; prepared: Prepared } | null> => {
      try {
        // Only the file the walk saw: one swapped meanwhile (for a link out of the vault) is read next time.
        const content = await readRegularFile(file.abs, file);
        return content ? { file, prepared: await prepare(content, nfc(file.path)) } : null;
      } catch (error) {
        counts.failed++;
        this.deps.log.warn('vault file not readable', { path: file.path, error });
        return null;
      }
    };
    // SCAN_CONCURRENCY reads always in flight (their I/O goes on while a batch is written), taken
    // into batches in the folder's order, at most SCAN_LOOKAHEAD files ahead of the oldest unfinished.
    const done = new Map<number, { file: DiskFile; prepared: Prepared } | null>();
    let nextRead = 0;
    let nextTake = 0;
    let waiting: (() => void)[] = [];
    const reader = async (): Promise<void> => {
      while (nextRead < toRead.length) {
        if (nextRead - nextTake >= SCAN_LOOKAHEAD) {
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        const index = nextRead++;
        done.set(index, await readOne(toRead[index]!));
        while (done.has(nextTake)) {
          const item = done.get(nextTake);
          done.delete(nextTake++);
          if (item) batch.push(item);
          if (batch.length >= SCAN_BATCH) flush();
        }
        const wake = waiting;
        waiting = [];
        for (const resolve of wake) resolve();
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, reader));
    flush();
    if (missing.length && availability.check().available) {
      this.write((events) => {
        for (const row of missing) {
          this.markGone(row, events);
          counts.removed++;
        }
      });
    }
    return counts;
  }

  /** Every file in the vault, hidden and temporary ones left out, links not followed (they may point out). */
  private async walk(): Promise<DiskFile[]> {
    const files: DiskFile[] = [];
    const visit = async (dir: string, prefix: string): Promise<void> => {
      let handle;
      try {
        handle = await opendir(dir);
      } catch {
        return;
      }
      const here: { path: string; abs: string }[] = [];
      const folders: { path: string; abs: string }[] = [];
      for await (const entry of handle) {
        if (isIgnoredName(entry.name)) continue;
        const abs = join(dir, entry.name);
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (abs !== this.deps.dataDir) folders.push({ path, abs });
        } else if (entry.isFile()) here.push({ path, abs });
      }
      // Several lstat calls at once: one after another, they were most of a restart's scan.
      for (let i = 0; i < here.length; i += WALK_CONCURRENCY) {
        const slice = here.slice(i, i + WALK_CONCURRENCY);
        const stats = await Promise.all(slice.map((f) => lstat(f.abs).catch(() => undefined)));
        slice.forEach((f, j) => {
          const s = stats[j];
          if (s?.isFile()) files.push({ ...f, size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });
        });
      }
      for (const folder of folders) await visit(folder.abs, folder.path);
    };
    await visit(this.root, '');
    return files;
  }
}
