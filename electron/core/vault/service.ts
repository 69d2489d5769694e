import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import {
  HTML_PREVIEW_TYPES,
  INLINE_DOCUMENT_LIMIT,
  type Document,
  type diffDocumentVersions,
  type listDocuments,
  type MetadataInput,
  type searchDocuments,
  type uploadDocument,
} from '../../../shared/vault.js';
import type { Clock, Ctx, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { stageFile, writeFileAtomic, type StagedFile } from '../common/files.js';
import { FileTooLarge, readRegularFileSync } from '../common/regular-file.js';
import { searchDocumentText } from '../store/fts.js';
import type { Store } from '../store/store.js';
import {
  diskOf,
  inline,
  nfc,
  prepare,
  toDocument,
  type DocumentRow,
  type DocumentStore,
  type Location,
} from './documents.js';
import { moveStep, placeStep, withFiles } from './file-steps.js';
import type * as Diff from 'diff';
import { lazyModule } from '../common/lazy-module.js';

const diffLib = lazyModule<typeof Diff>('diff');

/** A file copied in from an allowed folder is read whole; past this, the person copies it into the vault. */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

type Metadata = z.output<typeof MetadataInput>;

/** The review workflow: which operation moves a document from where to where. */
const REVIEW_MOVES: Record<string, { from: readonly string[]; to: string }> = {
  submit_for_review: { from: ['draft', 'archived'], to: 'in_review' },
  approve_document: { from: ['in_review'], to: 'approved' },
  request_changes: { from: ['in_review', 'approved'], to: 'draft' },
  publish_document: { from: ['approved'], to: 'published' },
  archive_document: { from: ['draft', 'in_review', 'approved', 'published'], to: 'archived' },
};

/** The document operations. Each reads and extracts what it needs first, then writes in one short transaction. */
export class VaultService {
  readonly docs: DocumentStore;
  private readonly store: Store;
  private readonly publishDir: string;
  private readonly clock: Clock;

  constructor(deps: { store: Store; docs: DocumentStore; dataDir: string; clock: Clock }) {
    this.store = deps.store;
    this.docs = deps.docs;
    this.clock = deps.clock;
    this.publishDir = join(deps.dataDir, 'published');
  }

  async upload(ctx: Ctx, input: z.output<typeof uploadDocument.input>): Promise<Document> {
    this.docs.requireVault('destination');
    let content: Buffer;
    let name: string;
    if (input.file_path !== undefined) {
      const source = ctx.services.paths.resolveForRead(input.file_path, { field: 'file_path' });
      let read: Buffer | undefined;
      try {
        read = readRegularFileSync(source, { maxBytes: MAX_UPLOAD_BYTES });
      } catch (error) {
        if (!(error instanceof FileTooLarge)) throw error;
        throw new OpError(
          'invalid_input',
          `${input.file_path} is ${Math.round(error.size / 1e6)} MB; upload takes files up to 200 MB. Copy larger files into the vault folder directly: Officina picks them up.`,
          [{ path: 'file_path', message: 'Too large' }],
        );
      }
      if (read === undefined) {
        // Checked a moment ago as a regular file: a link (or another file) was put there meanwhile.
        throw new OpError('conflict', `${input.file_path} changed while it was read; try again.`, [
          { path: 'file_path', message: 'Changed while read' },
        ]);
      }
      content = read;
      name = basename(source);
    } else {
      content = Buffer.from(input.content ?? '', input.encoding);
      if (
        input.encoding === 'base64' &&
        content.toString('base64').replace(/=+$/, '') !== (input.content ?? '').replace(/\s/g, '').replace(/=+$/, '')
      ) {
        throw new OpError('invalid_input', 'content is not valid base64.', [
          { path: 'content', message: 'Not base64' },
        ]);
      }
      if (content.length > INLINE_DOCUMENT_LIMIT) {
        throw new OpError(
          'invalid_input',
          'content is over 10 MB; save the file in an allowed folder and pass file_path.',
          [{ path: 'content', message: 'Too large' }],
        );
      }
      name = '';
    }
    const target = input.destination ?? name;
    // A destination ending in "/" is a folder: the file keeps its name in it.
    const destination = target.endsWith('/') && name ? `${target}${name}` : target;
    const located = this.docs.locate(destination, 'destination');
    const { path } = located;
    const taken = (existing: DocumentRow | undefined) => {
      if (existing && !input.overwrite) {
        throw new OpError(
          'conflict',
          `There is already a document at ${existing.path}; pass overwrite: true to replace it (its content is kept as a version).`,
          [{ path: 'destination', message: 'Exists' }],
        );
      }
    };
    // Asked before the file is written, and again in the transaction (the other process may have been quicker).
    taken(this.docs.live(path));
    // The document's own file when there is one (its name on disk may be spelled another way).
    const place = this.docs.placeFor(located, 'destination');
    const prepared = await prepare(content, path);
    const file = this.docs.stage(place.abs, content, 'destination');
    return withFiles(this.docs, ctx.log, [placeStep(file)], () => {
      const existing = this.docs.live(path);
      taken(existing);
      this.samePlace(located, place, 'destination');
      let row = this.docs.record(
        place,
        prepared,
        file.stats,
        { reason: existing ? 'overwrite' : 'upload', actor: ctx.caller.name, origin: 'officina', existing },
        ctx.events,
      );
      if (input.metadata) row = this.applyMetadata(row, input.metadata, ctx.events);
      return toDocument(row);
    });
  }

  /**
   * A file Officina made (an invoice, a packing slip) kept as a new document in `folder`: never over
   * another document or file — when the name is taken, -2, -3… go before its extension.
   */
  async saveNew(
    ctx: Ctx,
    place: { folder: string; name: string; field: string },
    content: Buffer,
    metadata: Metadata,
  ): Promise<Document> {
    this.docs.requireVault(place.field);
    const folder = place.folder.replace(/\/+$/, '');
    const dot = place.name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [place.name.slice(0, dot), place.name.slice(dot)] : [place.name, ''];
    for (let n = 1; n <= 1000; n++) {
      const name = n === 1 ? place.name : `${stem}-${n}${extension}`;
      const located = this.docs.locate(folder === '' ? name : `${folder}/${name}`, place.field);
      if (this.docs.live(located.path) || existsSync(located.abs)) continue;
      try {
        return await this.upload(ctx, {
          content: content.toString('base64'),
          encoding: 'base64',
          destination: located.path,
          metadata,
          overwrite: false,
        });
      } catch (error) {
        // Taken between the look and the write (the other process, or a file dropped in): the next name.
        if (error instanceof OpError && error.code === 'conflict' && /already/.test(error.message)) continue;
        throw error;
      }
    }
    throw new OpError(
      'conflict',
      `${folder || 'The top of the vault'} has too many files named like ${place.name}; give another folder.`,
      [{ path: place.field, message: 'Names taken' }],
    );
  }

  download(ctx: Ctx, documentId: string, destinationPath: string | undefined) {
    // The destination is checked first: a refused path says so whether or not the document exists.
    const target =
      destinationPath === undefined
        ? undefined
        : ctx.services.paths.resolveForWrite(destinationPath, { field: 'destination_path' });
    const row = this.docs.find(documentId);
    const content = this.docs.readFile(row);
    if (target !== undefined) {
      writeFileAtomic(target, content, { mode: 'create', fileMode: 0o644, field: 'destination_path' });
      return { document: toDocument(row), encoding: null, content: null, destination_path: target };
    }
    if (content.length > INLINE_DOCUMENT_LIMIT) {
      throw new OpError(
        'invalid_input',
        `${row.path} is ${Math.round(content.length / 1e6)} MB, over the 10 MB that can be returned inline; give destination_path (a new file in an allowed folder).`,
        [{ path: 'destination_path', message: 'Needed for large files' }],
      );
    }
    return { document: toDocument(row), ...inline(content, row.file_type), destination_path: null };
  }

  read(documentId: string) {
    const row = this.docs.find(documentId);
    const content = this.docs.readFile(row);
    if (content.length > INLINE_DOCUMENT_LIMIT) {
      throw new OpError(
        'invalid_input',
        `${row.path} is ${Math.round(content.length / 1e6)} MB, over the 10 MB that can be read inline; use download_document with destination_path.`,
        [{ path: 'document_id', message: 'Too large to read inline' }],
      );
    }
    const body = inline(content, row.file_type);
    const text =
      body.encoding === 'utf8' && row.file_type !== 'html' && row.file_type !== 'htm'
        ? null
        : this.docs.indexedText(row.id) || null;
    return { document: toDocument(row), ...body, text };
  }

  /** A Word document as sanitised HTML for the app's preview (see docx-preview.ts). */
  async preview(documentId: string): Promise<{ html: string; warnings: string[] }> {
    const row = this.docs.find(documentId);
    if (!(HTML_PREVIEW_TYPES as readonly string[]).includes(row.file_type)) {
      throw new OpError(
        'invalid_input',
        `${row.path} is not a Word document; only ${HTML_PREVIEW_TYPES.map((t) => `.${t}`).join(', ')} files have an HTML preview.`,
        [{ path: 'document_id', message: 'No HTML preview for this kind of file' }],
      );
    }
    const content = this.docs.readFile(row);
    if (content.length > INLINE_DOCUMENT_LIMIT) {
      throw new OpError(
        'invalid_input',
        `${row.path} is ${Math.round(content.length / 1e6)} MB, over the 10 MB that can be previewed; download it instead.`,
        [{ path: 'document_id', message: 'Too large to preview' }],
      );
    }
    // Loaded at the first preview: mammoth and sanitize-html are not needed to start.
    const { docxPreviewHtml } = await import('./docx-preview.js');
    try {
      return await docxPreviewHtml(content);
    } catch (error) {
      throw new OpError(
        'invalid_input',
        `${row.path} could not be read as a Word document: ${(error as Error).message}`,
        [{ path: 'document_id', message: 'Not a readable .docx file' }],
      );
    }
  }

  delete(ctx: Ctx, documentId: string) {
    this.docs.requireVault('document_id');
    const row = this.docs.find(documentId);
    const trash = this.docs.toTrash(row);
    return withFiles(this.docs, ctx.log, [trash.step], () => {
      this.docs.markDeleted(row, trash.name, 'officina', ctx.events);
      const deleted = this.docs.byId(row.id);
      return { ...toDocument(deleted), deleted_at: deleted.deleted_at ?? '' };
    });
  }

  async restoreDeleted(
    ctx: Ctx,
    input: { document_id?: string; id?: number; destination?: string },
  ): Promise<Document> {
    this.docs.requireVault(input.destination ? 'destination' : 'document_id');
    let row: DocumentRow | undefined;
    if (input.id !== undefined) row = this.docs.byId(input.id);
    else {
      const { path } = this.docs.locate(input.document_id ?? '', 'document_id');
      row = this.store.first(
        this.store.query
          .selectFrom('documents')
          .selectAll()
          .where('path_key', '=', this.docs.key(path))
          .where('deleted_at', 'is not', null)
          .orderBy('deleted_at', 'desc')
          .limit(1),
      );
      if (!row) {
        throw new OpError('not_found', `No deleted document was at ${path}. See list_deleted_documents.`, [
          { path: 'document_id', message: 'Nothing deleted there' },
        ]);
      }
    }
    if (row.deleted_at === null) {
      throw new OpError('conflict', `${row.path} is not deleted.`, [
        { path: input.id !== undefined ? 'id' : 'document_id', message: 'Not deleted' },
      ]);
    }
    const deleted = row;
    const field = input.destination ? 'destination' : 'document_id';
    const located = this.docs.locate(input.destination ?? deleted.path, field);
    const { path } = located;
    const free = () => {
      if (this.docs.live(path)) {
        throw new OpError(
          'conflict',
          `There is a document at ${path} now; restore to another place with destination.`,
          [{ path: 'destination', message: 'Taken' }],
        );
      }
      return this.docs.placeFor(located, field);
    };
    const place = free();
    const content = this.docs.deletedContent(deleted);
    const prepared = await prepare(content, path);
    const file = this.docs.stage(place.abs, content, field);
    return withFiles(this.docs, ctx.log, [placeStep(file), ...this.docs.leaveTrash(deleted)], () => {
      if (free().abs !== place.abs) throw this.changedMeanwhile(path, field);
      const stats = file.stats;
      const moved = this.docs.repoint(deleted, place, stats, 'officina', { emit: () => undefined });
      const row = this.docs.record(
        place,
        prepared,
        stats,
        { reason: 'restore', actor: ctx.caller.name, origin: 'officina', existing: moved },
        { emit: () => undefined },
      );
      this.docs.index(row, prepared.extracted.text);
      ctx.events.emit({ type: 'document.changed', id: row.id, path, action: 'restored', origin: 'officina' });
      return toDocument(this.docs.byId(row.id));
    });
  }

  listDeleted(limit: number, offset: number) {
    const rows = this.store.all(
      this.store.query
        .selectFrom('documents')
        .selectAll()
        .where('deleted_at', 'is not', null)
        .orderBy('deleted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .offset(offset),
    );
    return {
      items: rows
        .slice(0, limit)
        .map((r) => ({ ...toDocument(r), deleted_at: r.deleted_at ?? '', in_trash: r.trash_name !== null })),
      next_cursor: null,
    };
  }

  list(input: z.output<typeof listDocuments.input>) {
    const folder = this.docs.locateFolder(input.path, 'path');
    const prefix = folder.path === '' ? '' : `${folder.path}/`;
    // Several sort orders, none with a unique key of its own: the cursor carries the next offset, and
    // whether the listing it continues is recursive (the contract's default depends on the parameters).
    const [cursorOffset, cursorRecursive] = input.cursor
      ? (decodeCursor('documents', input.cursor, ['number', 'number']) as [number, number])
      : [undefined, undefined];
    const recursive = input.recursive ?? cursorRecursive === 1;
    let query = this.store.query.selectFrom('documents').selectAll().where('deleted_at', 'is', null);
    if (prefix) query = query.where(sql<boolean>`substr(path_key, 1, ${prefix.length}) = ${this.docs.key(prefix)}`);
    if (!recursive) query = query.where(sql<boolean>`instr(substr(path, ${prefix.length + 1}), '/') = 0`);
    if (input.file_types?.length)
      query = query.where(
        'file_type',
        'in',
        input.file_types.map((t) => t.replace(/^\./, '').toLowerCase()),
      );
    if (input.tag)
      query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM json_each(documents.tags) WHERE value = ${input.tag})`);
    if (input.status) query = query.where('status', '=', input.status);
    const direction = input.order ?? (input.sort === 'modified' || input.sort === 'size' ? 'desc' : 'asc');
    const order =
      input.sort === 'modified'
        ? query.orderBy('mtime_ms', direction)
        : input.sort === 'size'
          ? query.orderBy('size', direction)
          : input.sort === 'name'
            ? query.orderBy(sql`lower(replace(path, rtrim(path, replace(path, '/', '')), ''))`, direction)
            : query.orderBy(sql`path COLLATE NOCASE`, direction);
    const offset = cursorOffset ?? input.offset;
    const rows = this.store.all(
      order
        .orderBy('id')
        .limit(input.limit + 1)
        .offset(offset),
    );
    const items = rows.slice(0, input.limit).map((r) => {
      const document = toDocument(r);
      return input.include_metadata ? document : { ...document, custom: {}, file_metadata: {} };
    });
    return {
      items,
      folders: this.subfolders(folder.abs, folder.path),
      next_cursor:
        rows.length > input.limit ? encodeCursor('documents', [offset + input.limit, recursive ? 1 : 0]) : null,
    };
  }

  /** Folders directly inside a vault folder, as vault paths (NFC); hidden ones are not the vault's. */
  private subfolders(abs: string, path: string): string[] {
    try {
      const names = readdirSync(abs, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => nfc(e.name));
      return [...new Set(names)].map((name) => (path ? `${path}/${name}` : name)).sort((a, b) => a.localeCompare(b));
    } catch {
      return [];
    }
  }

  search(input: z.output<typeof searchDocuments.input>) {
    const conditions = [sql`1`];
    if (input.file_types?.length) {
      const types = input.file_types.map((t) => t.replace(/^\./, '').toLowerCase());
      conditions.push(sql`d.file_type IN (${sql.join(types)})`);
    }
    if (input.path) {
      const folder = this.docs.locateFolder(input.path, 'path');
      if (folder.path)
        conditions.push(sql`substr(d.path_key, 1, ${folder.path.length + 1}) = ${this.docs.key(`${folder.path}/`)}`);
    }
    for (const [key, value] of Object.entries(input.metadata_filters ?? {})) {
      if (key === 'status') conditions.push(sql`d.status = ${value}`);
      else if (key === 'tag' || key === 'tags')
        conditions.push(sql`EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value = ${value})`);
      else if (key === 'title') conditions.push(sql`d.title = ${value}`);
      else {
        const jsonPath = `$."${key.replaceAll('"', '')}"`;
        const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
        conditions.push(
          sql`(json_extract(d.custom, ${jsonPath}) = ${stored} OR json_extract(d.file_metadata, ${jsonPath}) = ${stored})`,
        );
      }
    }
    const offset = input.cursor ? (decodeCursor('documents:search', input.cursor, ['number'])[0] as number) : 0;
    const query = searchDocumentText({
      query: input.query,
      where: sql.join(conditions, sql` AND `),
      filtered: conditions.length > 1,
      limit: input.limit + 1,
      offset,
    });
    if (!query) {
      throw new OpError('invalid_input', 'query has no words to search for.', [{ path: 'query', message: 'No words' }]);
    }
    const hits = this.store.all(this.store.raw(query));
    const items = hits.slice(0, input.limit).map((hit) => ({
      ...toDocument(this.docs.byId(hit.id)),
      snippet: hit.snippet,
      score: hit.score,
    }));
    return {
      items,
      next_cursor: hits.length > input.limit ? encodeCursor('documents:search', [offset + input.limit]) : null,
    };
  }

  updateMetadata(ctx: Ctx, documentId: string, metadata: Metadata, expectedVersion: number | undefined): Document {
    const row = this.docs.find(documentId);
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new OpError(
        'conflict',
        `${row.path} was changed since you read it (version ${row.version}, you had ${expectedVersion}); read it again.`,
        [{ path: 'expected_version', message: 'Stale version' }],
      );
    }
    if (metadata.title === undefined && metadata.tags === undefined && metadata.custom === undefined) {
      throw new OpError('invalid_input', 'Nothing to update: give title, tags or custom in metadata.', [
        { path: 'metadata', message: 'Empty' },
      ]);
    }
    return toDocument(this.applyMetadata(row, metadata, ctx.events));
  }

  private applyMetadata(row: DocumentRow, metadata: Metadata, events: EventSink): DocumentRow {
    const custom = { ...(JSON.parse(row.custom) as Record<string, unknown>) };
    for (const [key, value] of Object.entries(metadata.custom ?? {})) {
      if (value === null) delete custom[key];
      else custom[key] = value;
    }
    this.store.run(
      this.store.query
        .updateTable('documents')
        .set({
          ...(metadata.title !== undefined ? { title: metadata.title || null } : {}),
          ...(metadata.tags !== undefined ? { tags: JSON.stringify(metadata.tags) } : {}),
          custom: JSON.stringify(custom),
          version: row.version + 1,
          updated_at: this.clock.now().toISOString(),
        })
        .where('id', '=', row.id),
    );
    const updated = this.docs.byId(row.id);
    this.docs.index(updated, null);
    events.emit({ type: 'document.changed', id: row.id, path: row.path, action: 'updated', origin: 'officina' });
    return updated;
  }

  move(ctx: Ctx, documentId: string, newPath: string, overwrite: boolean): Document {
    this.docs.requireVault('new_path');
    const row = this.docs.find(documentId);
    const located = this.docs.locate(newPath, 'new_path');
    const { path } = located;
    if (this.docs.key(path) === row.path_key && path === row.path) {
      throw new OpError('conflict', `${row.path} is already there.`, [{ path: 'new_path', message: 'Same path' }]);
    }
    // Over another document: onto its file, however its name is spelled on disk. To its own name in
    // another case (where case is ignored): the name as given.
    const target = () => (this.docs.live(path)?.id === row.id ? located : this.docs.placeFor(located, 'new_path'));
    const place = target();
    const from = this.docs.fileOf(row);
    // A rename keeps size and times: what the record says is what the file at its new place has.
    const stats = statSync(from);
    return withFiles(this.docs, ctx.log, [moveStep(from, place.abs, { field: 'new_path' })], () => {
      if (target().abs !== place.abs) throw this.changedMeanwhile(path, 'new_path');
      const occupant = this.docs.live(path);
      if (occupant && occupant.id !== row.id) {
        if (!overwrite) {
          throw new OpError(
            'conflict',
            `There is already a document at ${occupant.path}; pass overwrite: true to replace it (its content is kept as a version).`,
            [{ path: 'new_path', message: 'Exists' }],
          );
        }
        // The replaced document keeps its history and can be restored from its last version.
        this.docs.markDeleted(occupant, null, 'officina', ctx.events);
      }
      return toDocument(this.docs.repoint(row, place, stats, 'officina', ctx.events));
    });
  }

  /** Asked again in the write transaction: the file chosen for a name is still the one for it. */
  private samePlace(located: Location & { abs: string }, place: { abs: string }, field: string): void {
    if (this.docs.placeFor(located, field).abs !== place.abs) throw this.changedMeanwhile(located.path, field);
  }

  private changedMeanwhile(path: string, field: string): OpError {
    return new OpError('conflict', `${path} changed in the vault meanwhile; try again.`, [
      { path: field, message: 'Changed meanwhile' },
    ]);
  }

  versions(documentId: string, limit: number, offset: number) {
    const row = this.docs.find(documentId);
    const rows = this.versionRows(row.id, limit + 1, offset);
    const newest = this.versionRows(row.id, 1, 0)[0]?.id;
    return {
      items: rows.slice(0, limit).map((v) => toVersion(v, v.id === newest && v.blob === row.hash)),
      next_cursor: rows.length > limit ? encodeCursor('document_versions', [offset + limit]) : null,
    };
  }

  version(documentId: string, versionId: number) {
    const row = this.docs.find(documentId);
    const v = this.versionRow(row, versionId, 'version_id');
    const content = this.docs.blobs.get(v.blob);
    if (content.length > INLINE_DOCUMENT_LIMIT) {
      throw new OpError(
        'invalid_input',
        'This version is over 10 MB, too large to return inline; restore it and download the file.',
        [{ path: 'version_id', message: 'Too large' }],
      );
    }
    return { ...toVersion(v, v.blob === row.hash), ...inline(content, row.file_type) };
  }

  diff(documentId: string, input: z.output<typeof diffDocumentVersions.input>) {
    const row = this.docs.find(documentId);
    const from = this.versionRow(row, input.from_version, 'from_version');
    const to =
      input.to_version !== undefined
        ? this.versionRow(row, input.to_version, 'to_version')
        : this.versionRows(row.id, 1, 0)[0]!;
    const a = this.docs.blobs.get(from.blob);
    const b = this.docs.blobs.get(to.blob);
    for (const [content, field] of [
      [a, 'from_version'],
      [b, 'to_version'],
    ] as const) {
      if (inline(content, row.file_type).encoding !== 'utf8') {
        throw new OpError(
          'invalid_input',
          `${row.path} is not a text file; versions of binary files cannot be diffed line by line.`,
          [{ path: field, message: 'Not text' }],
        );
      }
    }
    const before = a.toString('utf8');
    const after = b.toString('utf8');
    const changes = diffLib().diffLines(before, after);
    let added = 0;
    let removed = 0;
    for (const c of changes) {
      if (c.added) added += c.count ?? 0;
      if (c.removed) removed += c.count ?? 0;
    }
    return {
      from_version: from.id,
      to_version: to.id,
      from_number: from.number,
      to_number: to.number,
      added,
      removed,
      unified: diffLib().createTwoFilesPatch(
        `${from.path} (version ${from.number})`,
        `${to.path} (version ${to.number})`,
        before,
        after,
        '',
        '',
        { context: 3 },
      ),
      changes: changes.map((c) => ({
        kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const),
        text: c.value,
      })),
    };
  }

  async restoreVersion(ctx: Ctx, documentId: string, versionId: number): Promise<Document> {
    this.docs.requireVault('version_id');
    const row = this.docs.find(documentId);
    const v = this.versionRow(row, versionId, 'version_id');
    if (v.blob === row.hash) {
      throw new OpError('conflict', `Version ${v.number} is the content ${row.path} has now.`, [
        { path: 'version_id', message: 'Already current' },
      ]);
    }
    const content = this.docs.blobs.get(v.blob);
    const prepared = await prepare(content, row.path);
    const file = this.docs.stage(this.docs.fileOf(row), content, 'version_id');
    return withFiles(this.docs, ctx.log, [placeStep(file)], () => {
      return toDocument(
        this.docs.record(
          { path: row.path, disk: diskOf(row) },
          prepared,
          file.stats,
          { reason: `restore of version ${versionId}`, actor: ctx.caller.name, origin: 'officina' },
          ctx.events,
        ),
      );
    });
  }

  /** publish_document: the review move, and where the files went (absolute paths, for the person to find). */
  async publishDocument(ctx: Ctx, documentId: string, comment: string | undefined) {
    const files: { markdown?: string; html?: string } = {};
    const doc = await this.review(ctx, 'publish_document', documentId, comment, files);
    return {
      ...doc,
      published: { folder: this.publishDir, markdown: files.markdown ?? '', html: files.html ?? '' },
    };
  }

  async review(
    ctx: Ctx,
    operation: string,
    documentId: string,
    comment: string | undefined,
    publishedTo: { markdown?: string; html?: string } = {},
  ): Promise<Document> {
    const move = REVIEW_MOVES[operation]!;
    const row = this.docs.find(documentId);
    if (!move.from.includes(row.status)) {
      throw new OpError(
        'conflict',
        `${row.path} is ${row.status}; ${operation} works on documents that are ${move.from.join(' or ')}.`,
        [{ path: 'document_id', message: `Document is ${row.status}` }],
      );
    }
    const published = operation === 'publish_document' ? await this.publish(row, publishedTo) : [];
    return withFiles(this.docs, ctx.log, published.map(placeStep), () => {
      const now = this.clock.now().toISOString();
      const changed = this.store.run(
        this.store.query
          .updateTable('documents')
          .set({ status: move.to, version: row.version + 1, updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', row.status),
      );
      if (changed.changes === 0) throw new OpError('conflict', `${row.path} changed status meanwhile; read it again.`);
      this.store.run(
        this.store.query.insertInto('document_reviews').values({
          document_id: row.id,
          from_status: row.status,
          to_status: move.to,
          comment: comment ?? null,
          actor: ctx.caller.name,
          at: now,
        }),
      );
      ctx.events.emit({ type: 'document.changed', id: row.id, path: row.path, action: 'updated', origin: 'officina' });
      return toDocument(this.docs.byId(row.id));
    });
  }

  reviews(documentId: string) {
    const row = this.docs.find(documentId);
    const rows = this.store.all(
      this.store.query.selectFrom('document_reviews').selectAll().where('document_id', '=', row.id).orderBy('id'),
    );
    return {
      items: rows.map((r) => ({ from: r.from_status, to: r.to_status, comment: r.comment, by: r.actor, at: r.at })),
      next_cursor: null,
    };
  }

  /**
   * The published version as Markdown and HTML in the publish folder (never in the vault, never
   * watched), written whole beside their places, to be put there when the status change commits.
   */
  private async publish(row: DocumentRow, publishedTo: { markdown?: string; html?: string }): Promise<StagedFile[]> {
    const content = this.docs.readFile(row);
    const doc = toDocument(row);
    if (inline(content, row.file_type).encoding !== 'utf8') {
      throw new OpError(
        'conflict',
        `${row.path} is not a text document; only text and Markdown documents can be published.`,
        [{ path: 'document_id', message: 'Not text' }],
      );
    }
    // Loaded at the first publish: sanitize-html brings postcss, which start-up need not pay for.
    const { renderPublished } = await import('./publish.js');
    const { markdown, html } = renderPublished(
      doc.title ?? basename(row.path),
      row.file_type,
      content.toString('utf8'),
    );
    const base = join(this.publishDir, row.path.replace(/\.[^./]+$/, ''));
    publishedTo.markdown = `${base}.md`;
    publishedTo.html = `${base}.html`;
    const markdownFile = stageFile(`${base}.md`, markdown);
    try {
      return [markdownFile, stageFile(`${base}.html`, html)];
    } catch (error) {
      markdownFile.discard();
      throw error;
    }
  }

  private versionRows(documentId: number, limit: number, offset: number) {
    return this.store.all(
      this.store.query
        .selectFrom('document_versions')
        .selectAll()
        .where('document_id', '=', documentId)
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset),
    );
  }

  private versionRow(row: DocumentRow, versionId: number, field: string) {
    const v = this.store.first(
      this.store.query
        .selectFrom('document_versions')
        .selectAll()
        .where('id', '=', versionId)
        .where('document_id', '=', row.id),
    );
    if (!v) {
      throw new OpError(
        'not_found',
        `${row.path} has no version with version_id ${versionId}. See list_document_versions.`,
        [{ path: field, message: 'No such version' }],
      );
    }
    return v;
  }
}

function toVersion(
  v: { id: number; number: number; size: number; path: string; reason: string; actor: string; created_at: string },
  current: boolean,
) {
  return {
    version_id: v.id,
    number: v.number,
    size: v.size,
    path: v.path,
    reason: v.reason,
    by: v.actor,
    created_at: v.created_at,
    current,
  };
}
