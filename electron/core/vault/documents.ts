import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import type { Document } from '../../../shared/vault.js';
import { OpError } from '../../../shared/errors.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { deleteDocumentText, documentBody, insertDocumentText, needsTrigram } from '../store/fts.js';
import type { DocumentsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { PathGuard } from '../security/paths.js';
import { stageFile, type StagedFile } from '../common/files.js';
import { readRegularFileSync } from '../common/regular-file.js';
import type { VaultAvailability } from './availability.js';
import { BlobStore, sha256 } from './blobs.js';
import { moveStep, removeAfterCommit, type FileStep } from './file-steps.js';
import { extractText, isTextType, type Extracted } from './extract.js';

export type DocumentRow = Omit<DocumentsTable, 'id'> & { id: number };

/** Content read and understood before the write lock is taken (extraction may be slow: PDFs). */
export interface Prepared {
  content: Buffer;
  hash: string;
  fileType: string;
  extracted: Extracted;
}

/**
 * Where a document is: `path`, its name in the vault (Unicode NFC: what document_id shows and keys
 * compare), and `disk`, the name its file has on disk, which Linux and Windows need exactly (macOS
 * hands out NFD names, and a file copied from there keeps them).
 */
export interface Location {
  path: string;
  disk: string;
}

/** Unicode NFC; names in plain ASCII (nearly all) are that already and skip the work. */
export function nfc(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u007f]/.test(name) ? name.normalize('NFC') : name;
}

/** A file found on disk under `disk`: the document it is, by its NFC name. */
export function at(disk: string): Location {
  return { path: nfc(disk), disk };
}

/** The name a document's file has on disk. */
export function diskOf(row: Pick<DocumentRow, 'path' | 'disk_path'>): string {
  return row.disk_path ?? row.path;
}

export function fileTypeOf(path: string): string {
  const name = posix.basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export async function prepare(content: Buffer, path: string): Promise<Prepared> {
  const fileType = fileTypeOf(path);
  return { content, hash: sha256(content), fileType, extracted: await extractText(content, fileType) };
}

/**
 * The vault's records and files, below the operations: where a document is, writing its file
 * atomically, keeping its versions, and keeping the search index in the same transaction as the
 * record. Every method that writes runs inside the caller's transaction.
 */
export class DocumentStore {
  readonly blobs: BlobStore;
  private readonly store: Store;
  private readonly paths: PathGuard;
  private readonly clock: Clock;
  private readonly trashDir: string;
  private readonly foldCase: boolean;
  private readonly availability: VaultAvailability | undefined;
  /** Run for every file a scan records: compiled once (building them cost more than running them). */
  private readonly queries;

  constructor(deps: {
    store: Store;
    paths: PathGuard;
    clock: Clock;
    dataDir: string;
    /** Whether the vault folder is there; writes to it are refused while it is not. */
    availability?: VaultAvailability;
    platform?: NodeJS.Platform;
  }) {
    this.store = deps.store;
    this.availability = deps.availability;
    this.queries = {
      live: deps.store.prepare((q, key: string) =>
        q.selectFrom('documents').selectAll().where('path_key', '=', key).where('deleted_at', 'is', null),
      ),
      byId: deps.store.prepare((q, id: number) => q.selectFrom('documents').selectAll().where('id', '=', id)),
      // A document deleted because its file went (no trash copy), with this name and content.
      gone: deps.store.prepare((q, key: string, hash: string) =>
        q
          .selectFrom('documents')
          .selectAll()
          .where('hash', '=', hash)
          .where('path_key', '=', key)
          .where('deleted_at', 'is not', null)
          .where('trash_name', 'is', null)
          .orderBy('deleted_at', 'desc')
          .limit(1),
      ),
      // Read in the write transaction that inserts the version (BEGIN IMMEDIATE): the other process waits.
      lastNumber: deps.store.prepare((q, documentId: number) =>
        q
          .selectFrom('document_versions')
          .select('number')
          .where('document_id', '=', documentId)
          .orderBy('number', 'desc')
          .limit(1),
      ),
    };
    this.paths = deps.paths;
    this.clock = deps.clock;
    this.blobs = new BlobStore(deps.store, deps.dataDir);
    this.trashDir = join(deps.dataDir, 'trash');
    const platform = deps.platform ?? process.platform;
    // The file systems these platforms ship with ignore case: "Plan.md" and "plan.md" are one file.
    this.foldCase = platform === 'win32' || platform === 'darwin';
  }

  /**
   * A vault-relative path checked against every vault rule: the document name it stands for (NFC),
   * and the file it names on disk (folders that exist as they are there, the rest as given).
   */
  locate(userPath: string, field: string): Location & { abs: string } {
    const abs = this.paths.resolveInVault(userPath, { field });
    const disk = this.paths.vaultRelative(abs);
    if (disk === null || disk === '') {
      throw new OpError('invalid_input', `${field} must name a file inside the vault, not the vault itself.`, [
        { path: field, message: 'Not a file in the vault' },
      ]);
    }
    return { ...at(disk), abs };
  }

  /**
   * Where a new file for `location` goes: the file of the live document with that name if there is
   * one (whatever its spelling on disk), else the place given; refused (`conflict`, naming it) when a
   * file whose name is spelled differently but normalises alike is there already (Linux keeps both).
   */
  placeFor(location: Location & { abs: string }, field: string): Location & { abs: string } {
    const existing = this.live(location.path);
    if (existing) return { path: existing.path, disk: diskOf(existing), abs: this.fileOf(existing) };
    const twin = this.twinOnDisk(location);
    if (twin !== undefined) {
      throw new OpError(
        'conflict',
        `There is already a file named ${twin} in the vault, which reads the same as ${location.disk} (Unicode spells ` +
          'some letters two ways); give another name, or let Officina pick that file up first.',
        [{ path: field, message: 'A file with the same name exists' }],
      );
    }
    return location;
  }

  /** Another file beside `location` whose name normalises to the same (only names beyond ASCII can). */
  private twinOnDisk(location: Location & { abs: string }): string | undefined {
    const name = posix.basename(location.disk);
    if (nfc(name) === name && name.normalize('NFD') === name) return undefined;
    let siblings: string[];
    try {
      siblings = readdirSync(dirname(location.abs));
    } catch {
      return undefined; // The folder is not there yet: neither is a file in it.
    }
    const wanted = nfc(name);
    const twin = siblings.find((sibling) => sibling !== name && nfc(sibling) === wanted);
    const folder = posix.dirname(location.disk);
    return twin === undefined ? undefined : folder === '.' ? twin : `${folder}/${twin}`;
  }

  /** A folder inside the vault ("" = the top). */
  locateFolder(userPath: string, field: string): { path: string; abs: string } {
    const trimmed = userPath.replace(/^\/+|\/+$/g, '');
    if (trimmed === '') return { path: '', abs: this.paths.vaultRoot() };
    const abs = this.paths.resolveInVault(trimmed, { field });
    return { path: nfc(this.paths.vaultRelative(abs) ?? ''), abs };
  }

  /** Where the file of a document is on disk (its name there, checked like any path in the vault). */
  fileOf(row: Pick<DocumentRow, 'path' | 'disk_path'>): string {
    return this.paths.resolveInVault(diskOf(row), { field: 'document_id' });
  }

  /** What document names are compared by: NFC, and folded case where the file system ignores case. */
  key(path: string): string {
    const normal = nfc(path);
    return this.foldCase ? normal.toLowerCase() : normal;
  }

  live(path: string): DocumentRow | undefined {
    return this.queries.live.first(this.key(path));
  }

  /** The live document at a path the caller gave, or not_found naming the field. */
  find(userPath: string, field = 'document_id'): DocumentRow {
    const { path } = this.locate(userPath, field);
    const row = this.live(path);
    if (!row) {
      throw new OpError(
        'not_found',
        `There is no document at ${path} in the vault. See list_documents or search_documents.`,
        [{ path: field, message: 'No such document' }],
      );
    }
    return row;
  }

  byId(id: number): DocumentRow {
    const row = this.queries.byId.first(id);
    if (!row)
      throw new OpError('not_found', `There is no document with id ${id}.`, [
        { path: 'id', message: 'No such document' },
      ]);
    return row;
  }

  /**
   * Records `prepared` as the content of the document at `path`: a new document, or a new version of
   * the live one (nothing when the content is the same). Keeps the version blob and re-indexes.
   */
  record(
    location: Location,
    prepared: Prepared,
    stats: Pick<Stats, 'size' | 'mtimeMs'>,
    change: { reason: string; actor: string; origin: 'officina' | 'outside'; existing?: DocumentRow },
    events: EventSink,
  ): DocumentRow {
    const { path } = location;
    const now = this.clock.now().toISOString();
    // Read again here, in the write transaction: the other process may have recorded this very change.
    const existing = this.live(path) ?? change.existing;
    if (existing && existing.hash === prepared.hash && existing.path === path) {
      // The same content under the same name, perhaps spelled another way on disk now: no new version.
      const diskPath = location.disk === path ? null : location.disk;
      if (existing.size !== stats.size || existing.mtime_ms !== stats.mtimeMs || existing.disk_path !== diskPath) {
        this.store.run(
          this.store.query
            .updateTable('documents')
            .set({ size: stats.size, mtime_ms: stats.mtimeMs, disk_path: diskPath })
            .where('id', '=', existing.id),
        );
      }
      return this.byId(existing.id);
    }
    this.blobs.put(prepared.content, prepared.hash, now);
    const fields = {
      path,
      path_key: this.key(path),
      disk_path: location.disk === path ? null : location.disk,
      file_type: prepared.fileType,
      size: stats.size,
      mtime_ms: stats.mtimeMs,
      hash: prepared.hash,
      file_metadata: JSON.stringify(prepared.extracted.metadata),
      extract_error: prepared.extracted.error,
      indexed_bytes: Buffer.byteLength(prepared.extracted.text),
      updated_at: now,
    };
    let id: number;
    if (existing) {
      id = existing.id;
      this.store.run(
        this.store.query
          .updateTable('documents')
          .set({ ...fields, version: existing.version + 1 })
          .where('id', '=', id),
      );
    } else {
      id = this.store.insertRow('documents', {
        ...fields,
        title: null,
        status: 'draft',
        tags: '[]',
        custom: '{}',
        deleted_at: null,
        trash_name: null,
        version: 1,
        created_at: now,
      }).lastInsertRowid;
    }
    this.store.insertRow('document_versions', {
      document_id: id,
      number: existing ? (this.queries.lastNumber.first(id)?.number ?? 0) + 1 : 1,
      blob: prepared.hash,
      size: prepared.content.length,
      path,
      reason: change.reason,
      actor: change.actor,
      created_at: now,
    });
    const row = this.byId(id);
    this.index(row, prepared.extracted.text, { fresh: !existing });
    events.emit({
      type: 'document.changed',
      id,
      path,
      action: existing ? 'updated' : 'created',
      origin: change.origin,
    });
    return row;
  }

  /** The file was saved again with the same content: only its size and time change (no version, no event). */
  touch(row: DocumentRow, stats: Pick<Stats, 'size' | 'mtimeMs'>): void {
    this.store.run(
      this.store.query
        .updateTable('documents')
        .set({ size: stats.size, mtime_ms: stats.mtimeMs })
        .where('id', '=', row.id),
    );
  }

  /**
   * Replaces the document's rows in both indexes; `body` null keeps the indexed text (metadata or path
   * changed). `fresh`: a document just inserted, with nothing in the indexes to delete.
   */
  index(row: DocumentRow, body: string | null, options: { fresh?: boolean } = {}): void {
    const text = body ?? this.store.first(this.store.raw(documentBody(row.id)))?.body ?? '';
    if (!options.fresh) for (const statement of deleteDocumentText(row.id)) this.store.run(this.store.raw(statement));
    if (row.deleted_at !== null) return;
    const title = [row.title, (JSON.parse(row.file_metadata) as { title?: unknown }).title]
      .filter((t) => typeof t === 'string')
      .join(' ');
    const tags = (JSON.parse(row.tags) as string[]).join(' ');
    const [words, trigram] = insertDocumentText(row.id, {
      title,
      path: row.path.replaceAll('/', ' / '),
      tags,
      body: text,
    });
    if (words) this.store.run(this.store.raw(words));
    // Only a query in a script written without spaces goes to the trigram index (needsTrigram), and it
    // can only match text that has such a script: other text is left out of it (writing it more than
    // doubled the cost of indexing a document).
    if (trigram && needsTrigram(text)) this.store.run(this.store.raw(trigram));
  }

  /** The text the index holds for a document (what search sees of a PDF or Word file). */
  indexedText(id: number): string {
    return this.store.first(this.store.raw(documentBody(id)))?.body ?? '';
  }

  unindex(id: number): void {
    for (const statement of deleteDocumentText(id)) this.store.run(this.store.raw(statement));
  }

  /**
   * The content of a document's file, read only if it is still the regular file in the vault it was a
   * moment ago (never a link swapped in for it, to a file outside the vault).
   */
  readFile(row: DocumentRow): Buffer {
    let content: Buffer | undefined;
    try {
      content = readRegularFileSync(this.fileOf(row));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The whole vault gone says so, rather than that one file is missing.
      this.requireVault();
      throw new OpError(
        'not_found',
        `The file of ${row.path} is not in the vault any more (moved or deleted outside Officina?); the list catches up in a moment.`,
        [{ path: 'document_id', message: 'File missing' }],
      );
    }
    if (content === undefined) {
      throw new OpError(
        'conflict',
        `${row.path} was replaced while it was read, by something that is not a plain file (a link?); Officina reads only files in the vault.`,
        [{ path: 'document_id', message: 'Not a regular file' }],
      );
    }
    return content;
  }

  /**
   * New content for a file in the vault, written whole beside it (`io_error`, and nothing left, when
   * it does not fit), for `withFiles` to rename into place as the last step of the database change.
   */
  stage(abs: string, content: Buffer, field: string): StagedFile {
    // Asked again right before the write: making its folders would otherwise make a new, empty vault.
    this.requireVault(field);
    return stageFile(abs, content, { fileMode: 0o644, field });
  }

  /** Throws `io_error`, saying what to do, when the vault folder is not there to be written. */
  requireVault(field?: string): void {
    this.availability?.require(field);
  }

  /** A database change and the files that go with it, whole or not at all (see `withFiles`). */
  transaction<T>(fn: () => T): T {
    return this.blobs.guard(() => this.store.transaction(fn));
  }

  /**
   * Where a deleted document's file goes in the trash (in the data directory), and the step that moves
   * it there with the database change (copied whole first when the data directory is on another disk).
   */
  toTrash(row: DocumentRow): { name: string; step: FileStep } {
    this.requireVault('document_id');
    mkdirSync(this.trashDir, { recursive: true, mode: 0o700 });
    const name = `${row.id}-${randomBytes(4).toString('hex')}-${basename(row.path)}`;
    return { name, step: moveStep(this.fileOf(row), join(this.trashDir, name), { fileMode: 0o600 }) };
  }

  /** The content a deleted document can come back with: its file in the trash, or its last version. */
  deletedContent(row: DocumentRow): Buffer {
    if (row.trash_name) {
      try {
        return readFileSync(join(this.trashDir, row.trash_name));
      } catch {
        // Trash emptied by hand: fall back to the last version.
      }
    }
    const last = this.store.first(
      this.store.query
        .selectFrom('document_versions')
        .select('blob')
        .where('document_id', '=', row.id)
        .orderBy('id', 'desc')
        .limit(1),
    );
    if (!last) throw new OpError('not_found', `Document ${row.id} has no content left to restore.`);
    return this.blobs.get(last.blob);
  }

  /** Takes a restored document's file out of the trash once the restore has committed. */
  leaveTrash(row: DocumentRow): FileStep[] {
    return row.trash_name ? [removeAfterCommit(join(this.trashDir, row.trash_name))] : [];
  }

  /** Marks a document deleted (the file is already gone, or in the trash) and takes it out of search. */
  markDeleted(row: DocumentRow, trashName: string | null, origin: 'officina' | 'outside', events: EventSink): void {
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('documents')
        .set({ deleted_at: now, trash_name: trashName, updated_at: now, version: row.version + 1 })
        .where('id', '=', row.id),
    );
    this.unindex(row.id);
    events.emit({ type: 'document.changed', id: row.id, path: row.path, action: 'deleted', origin });
  }

  /**
   * The document deleted because its file went missing (not through Officina, so nothing in the trash)
   * that a file appearing at `path` with content `hash` is: the same file back (a vault folder that
   * was away and is back, a disk that was unmounted while files were being deleted).
   */
  cameBack(path: string, hash: string): DocumentRow | undefined {
    return this.queries.gone.first(this.key(path), hash);
  }

  /** The contents of documents deleted outside: a file with other content cannot be one of them. */
  goneHashes(): Set<string> {
    const rows = this.store.all(
      this.store.query
        .selectFrom('documents')
        .select('hash')
        .where('deleted_at', 'is not', null)
        .where('trash_name', 'is', null),
    );
    return new Set(rows.map((r) => r.hash));
  }

  /** Brings back a document whose file is there again (see `cameBack`): its id, metadata and history. */
  reattach(
    row: DocumentRow,
    location: Location,
    stats: Pick<Stats, 'size' | 'mtimeMs'>,
    text: string,
    events: EventSink,
  ): DocumentRow {
    const back = this.repoint(row, location, stats, 'outside', { emit: () => undefined }, text);
    events.emit({ type: 'document.changed', id: row.id, path: location.path, action: 'restored', origin: 'outside' });
    return back;
  }

  /** Re-points a document at a new path (the file was moved already). */
  repoint(
    row: DocumentRow,
    location: Location,
    stats: Pick<Stats, 'size' | 'mtimeMs'>,
    origin: 'officina' | 'outside',
    events: EventSink,
    /** The text to index when it is not in the index (a deleted document's was taken out). */
    text: string | null = null,
  ): DocumentRow {
    const { path } = location;
    this.store.run(
      this.store.query
        .updateTable('documents')
        .set({
          path,
          path_key: this.key(path),
          disk_path: location.disk === path ? null : location.disk,
          file_type: fileTypeOf(path),
          size: stats.size,
          mtime_ms: stats.mtimeMs,
          deleted_at: null,
          trash_name: null,
          updated_at: this.clock.now().toISOString(),
          version: row.version + 1,
        })
        .where('id', '=', row.id),
    );
    const moved = this.byId(row.id);
    this.index(moved, text);
    events.emit({ type: 'document.changed', id: row.id, path, action: 'moved', previous_path: row.path, origin });
    return moved;
  }
}

export function toDocument(row: DocumentRow): Document {
  const folder = posix.dirname(row.path);
  return {
    id: row.id,
    document_id: row.path,
    name: posix.basename(row.path),
    folder: folder === '.' ? '' : folder,
    file_type: row.file_type,
    size: row.size,
    modified_at: new Date(row.mtime_ms).toISOString(),
    hash: row.hash,
    title: row.title ?? stringOrNull((JSON.parse(row.file_metadata) as { title?: unknown }).title),
    status: row.status as Document['status'],
    tags: JSON.parse(row.tags) as string[],
    custom: JSON.parse(row.custom) as Record<string, unknown>,
    file_metadata: JSON.parse(row.file_metadata) as Record<string, unknown>,
    extract_error: row.extract_error,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Inline content: text as it is when it is text, else base64. */
export function inline(content: Buffer, fileType: string): { encoding: 'utf8' | 'base64'; content: string } {
  if (isTextType(fileType) || (fileType === '' && isUtf8(content))) {
    const text = content.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(content)) return { encoding: 'utf8', content: text };
  }
  return { encoding: 'base64', content: content.toString('base64') };
}

function isUtf8(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0) && Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
