import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { Cursor, IdLike, Limit, Offset, Timestamp, listOf } from './schemas.js';

export const DOCUMENT_STATUSES = ['draft', 'in_review', 'approved', 'published', 'archived'] as const;
export const DocumentStatus = z.enum(DOCUMENT_STATUSES, {
  error: `status must be one of ${DOCUMENT_STATUSES.join(', ')}`,
});
/** Inline content, in or out; larger files go through file_path / destination_path. */
export const INLINE_DOCUMENT_LIMIT = 10 * 1024 * 1024;

/**
 * Whether the vault folder is there to be read and written. When it is not (a disk unplugged, the
 * folder deleted or moved, a mount point left empty), documents keep their records, metadata and
 * history, nothing is marked deleted, writes to the vault are refused with `problem` as the message,
 * and the documents reattach by path and content when the folder is back.
 */
export const VaultState = z.object({
  available: z.boolean(),
  reason: z.enum(['missing', 'not_folder', 'unreadable', 'empty']).nullable(),
  /** What is wrong and what to do, for a person; null while available. */
  problem: z.string().nullable(),
});
export type VaultState = z.infer<typeof VaultState>;

/** A path inside the vault as "folder/file.md"; the vault's path rules (no .., no hidden names...) are checked in core. */
export const VaultPath = z
  .string({ error: 'Expected a path inside the vault, like notes/plan.md' })
  .min(1, 'give a path inside the vault, like notes/plan.md')
  .max(1024, 'paths are at most 1024 characters');
const FolderPath = z.string().max(1024, 'paths are at most 1024 characters');
const FilePath = z.string().min(1, 'give a path').max(4096, 'paths are at most 4096 characters');

const Tag = z.string().trim().min(1, 'tags cannot be empty').max(50, 'a tag is at most 50 characters');
/** A custom field's value: text, a number, true/false, or a list of them; null removes the field. */
const CustomValue = z.union(
  [
    z.string().max(2_000, 'a custom field’s text is at most 2,000 characters'),
    z.number().finite(),
    z.boolean(),
    z.null(),
    z
      .array(z.union([z.string().max(500), z.number().finite(), z.boolean()]))
      .max(100, 'a custom field’s list has at most 100 values'),
  ],
  { error: 'a custom field is text, a number, true/false, a list of them, or null to remove it' },
);
const CustomKey = z
  .string()
  .min(1, 'custom field names cannot be empty')
  .max(64, 'custom field names are at most 64 characters');
const MAX_CUSTOM_FIELDS = 50;
const Custom = z
  .record(CustomKey, CustomValue)
  .refine((v) => Object.keys(v).length <= MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} custom fields`);

const REVIEW_STATUS =
  'status changes through the review operations (submit_for_review, approve_document, request_changes, ' +
  'publish_document, archive_document), not through metadata';

/**
 * The seed's free-form dict: title and tags keep their meaning, every other key is a custom field
 * (flat, as the seed stored it), merged with those in `custom`. `status` is no custom field: the
 * review operations move it.
 */
export const MetadataInput = z
  .object({
    title: z.string().trim().max(300, 'title is at most 300 characters').nullable().optional(),
    tags: z
      .array(Tag)
      .max(50, 'at most 50 tags')
      .transform((tags) => [...new Set(tags)])
      .optional(),
    custom: Custom.optional().describe('Custom fields (or give them as keys of metadata)'),
    status: z.never({ error: REVIEW_STATUS }).optional(),
  })
  .catchall(CustomValue)
  .superRefine((metadata, ctx) => {
    const flat = Object.keys(metadata).filter((key) => !METADATA_KEYS.has(key));
    for (const key of flat) {
      const problem = CustomKey.safeParse(key).error?.issues[0]?.message;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
      if (metadata.custom && Object.hasOwn(metadata.custom, key)) {
        ctx.addIssue({
          code: 'custom',
          message: `${key} is given twice, in custom and as a key of metadata`,
          path: [key],
        });
      }
    }
    if (new Set([...flat, ...Object.keys(metadata.custom ?? {})]).size > MAX_CUSTOM_FIELDS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_CUSTOM_FIELDS} custom fields`, path: ['custom'] });
    }
  })
  .transform(({ title, tags, custom, status: _status, ...flat }) => {
    const fields = { ...custom, ...(flat as Record<string, z.output<typeof CustomValue>>) };
    return {
      ...(title !== undefined && { title }),
      ...(tags !== undefined && { tags }),
      ...(Object.keys(fields).length > 0 && { custom: fields }),
    };
  })
  .describe('title, tags; any other key is a custom field: text, number, boolean or a list of them (null removes it)');
const METADATA_KEYS = new Set(['title', 'tags', 'custom', 'status']);

export const Document = z.object({
  id: z.number().int().describe('Stable internal id: it survives renames and moves'),
  document_id: z.string().describe('The path inside the vault: what the other document tools take'),
  name: z.string(),
  folder: z.string(),
  file_type: z.string().describe('Extension without the dot, lower case ("md", "pdf"); "" when none'),
  size: z.number().int(),
  modified_at: Timestamp,
  hash: z.string().describe('SHA-256 of the content'),
  title: z.string().nullable(),
  status: DocumentStatus,
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  file_metadata: z.record(z.string(), z.unknown()).describe('Read from the file: markdown front matter'),
  extract_error: z.string().nullable().describe('Why the text could not be read, if it could not'),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Document = z.infer<typeof Document>;

const ro = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
const docRef = { document_id: VaultPath };

export const uploadDocument = defineContract({
  name: 'upload_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Upload document',
  description:
    'Put a file into the vault from `file_path` (an allowed folder) or `content` (text, or base64 with ' +
    'encoding "base64") at `destination` (default: its name at the top). An existing document is replaced ' +
    'only with overwrite: true, the old content kept as a version. `metadata`: title, tags and custom fields. ' +
    'Inline content: at most 16 MiB over stdio, 4 MiB over HTTP.',
  input: z
    .strictObject({
      file_path: FilePath.optional(),
      content: z
        .string()
        .max(Math.ceil((INLINE_DOCUMENT_LIMIT * 4) / 3) + 4, 'content is at most 10 MB')
        .optional(),
      encoding: z.enum(['utf8', 'base64'], { error: 'encoding is utf8 or base64' }).default('utf8'),
      destination: VaultPath.optional(),
      metadata: MetadataInput.optional(),
      overwrite: z.boolean().default(false),
    })
    .refine((v) => (v.file_path === undefined) !== (v.content === undefined), {
      message: 'Give either file_path or content',
      path: ['file_path'],
    })
    .refine((v) => v.file_path !== undefined || v.destination !== undefined, {
      message: 'With content, give destination: the path inside the vault',
      path: ['destination'],
    }),
  output: Document,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

export const downloadDocument = defineContract({
  name: 'download_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Download document',
  description:
    'Read a document: its content inline (text as utf8, other files as base64; up to 10 MB), or copied to ' +
    '`destination_path` (a new file in a folder the person allowed; nothing is overwritten). For a file ' +
    'over a few MB, use `destination_path`: an answer over stdio is at most ~10 MiB.',
  input: z.strictObject({ ...docRef, destination_path: FilePath.optional() }),
  output: z.object({
    document: Document,
    encoding: z.enum(['utf8', 'base64']).nullable(),
    content: z.string().nullable(),
    destination_path: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const readDocument = defineContract({
  name: 'read_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Read document',
  description:
    'Read a document’s content and metadata: text as utf8 (the extracted text too, for PDF and Word files), ' +
    'other files as base64, up to 10 MB. Writes nothing; use download_document to save a copy elsewhere.',
  input: z.strictObject(docRef),
  output: z.object({
    document: Document,
    encoding: z.enum(['utf8', 'base64']),
    content: z.string(),
    text: z.string().nullable().describe('The indexed text of a PDF, Word or HTML file; null for plain text'),
  }),
  annotations: ro,
});

/** The file types preview_document turns into HTML. */
export const HTML_PREVIEW_TYPES = ['docx'] as const;

export const previewDocument = defineContract({
  name: 'preview_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Preview document',
  description: 'A Word (.docx) document as sanitised HTML for the document view: no scripts, no remote images.',
  // The app's preview; an assistant reads the text with read_document.
  faces: ['ui'],
  input: z.strictObject(docRef),
  output: z.object({
    html: z.string(),
    warnings: z.array(z.string()).describe('What the conversion could not carry over'),
  }),
  annotations: ro,
});

export const deleteDocument = defineContract({
  name: 'delete_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Delete document',
  description:
    'Move a document to Officina’s trash, out of the vault. It keeps its metadata and versions and can be ' +
    'brought back with restore_deleted_document.',
  input: z.strictObject(docRef),
  output: Document.extend({ deleted_at: Timestamp }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

export const restoreDeletedDocument = defineContract({
  name: 'restore_deleted_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Restore deleted document',
  description:
    'Bring a deleted document back to its path (or `destination`), from the trash or, for a file deleted ' +
    'outside Officina, from its last version. Give its former path as document_id, or `id` from ' +
    'list_deleted_documents.',
  input: z
    .strictObject({ document_id: VaultPath.optional(), id: IdLike.optional(), destination: VaultPath.optional() })
    .refine((v) => v.document_id !== undefined || v.id !== undefined, {
      message: 'Give document_id (the former path) or id',
      path: ['document_id'],
    }),
  output: Document,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const listDeletedDocuments = defineContract({
  name: 'list_deleted_documents',
  domain: 'documents',
  reveals: ['documents'],
  title: 'List deleted documents',
  description: 'Documents in the trash or deleted outside Officina, newest first, that can be restored.',
  input: z.strictObject({ limit: Limit(50, 500), offset: Offset }),
  output: listOf(Document.extend({ deleted_at: Timestamp, in_trash: z.boolean() })),
  annotations: ro,
});

export const DOCUMENT_SORTS = ['path', 'name', 'modified', 'size'] as const;

/** The seed's list_documents(path, include_metadata): called with these alone, it lists everything below path. */
const SEED_LIST_PARAMETERS = new Set(['path', 'include_metadata']);

/**
 * `recursive` left out (or null) is true for a call with the seed's parameters only, false when any of
 * Officina's own listing options is given; a cursor carries the choice of the listing it continues, so
 * it is left to the cursor then.
 */
function seedRecursion(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const given = Object.entries(raw as Record<string, unknown>).filter(
    ([, value]) => value !== null && value !== undefined,
  );
  if (given.some(([key]) => key === 'recursive' || key === 'cursor')) return raw;
  return { ...raw, recursive: given.every(([key]) => SEED_LIST_PARAMETERS.has(key)) };
}

export const listDocuments = defineContract({
  name: 'list_documents',
  domain: 'documents',
  reveals: ['documents'],
  title: 'List documents',
  description:
    'List documents below a vault folder (`path`, "" for the top) and its direct subfolders. `recursive` ' +
    'defaults to true with only path/include_metadata, else false. Filter by file_types, tag or status ' +
    '("in_review": the review queue). sort modified/size are newest/largest first unless `order` asc. ' +
    'include_metadata adds custom and file metadata.',
  input: z.preprocess(
    seedRecursion,
    z.strictObject({
      path: FolderPath.default(''),
      include_metadata: z.boolean().default(false),
      recursive: z.boolean().optional().describe('Also list documents in subfolders (default: see the description)'),
      file_types: z.array(z.string().trim().min(1).max(16)).max(20).optional(),
      tag: Tag.optional(),
      status: DocumentStatus.optional(),
      sort: z.enum(DOCUMENT_SORTS, { error: 'sort is path, name, modified or size' }).default('path'),
      order: z.enum(['asc', 'desc'], { error: 'order is asc or desc' }).optional(),
      limit: Limit(100, 1000),
      offset: Offset,
      cursor: Cursor.optional(),
    }),
  ),
  output: listOf(Document).extend({ folders: z.array(z.string()) }),
  annotations: ro,
});

export const SearchHit = Document.extend({
  snippet: z.string().describe('Matching text with the hits between « and »'),
  score: z.number().describe('Higher is better'),
});

export const searchDocuments = defineContract({
  name: 'search_documents',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Search documents',
  description:
    'Full-text search of the vault’s documents (their text, title, path and tags), best first, with a ' +
    'highlighted snippet. Words match word beginnings, ignoring case and accents ("bezuge" finds "Bezüge"); ' +
    'Chinese, Japanese and Korean text is matched as written. Filter by file_types, a folder `path`, and ' +
    'metadata_filters (status, tag, title, or custom field → value).',
  input: z.strictObject({
    query: z.string().trim().min(1, 'query cannot be empty').max(500, 'query is at most 500 characters'),
    file_types: z.array(z.string().trim().min(1).max(16)).max(20).optional(),
    metadata_filters: z
      .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
      .optional(),
    path: FolderPath.optional(),
    limit: Limit(20, 200),
    cursor: Cursor.optional(),
  }),
  output: listOf(SearchHit),
  annotations: ro,
});

export const updateDocumentMetadata = defineContract({
  name: 'update_document_metadata',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Update document metadata',
  description:
    'Set a document’s title, tags and custom fields: every key of `metadata` other than title and tags is a ' +
    'custom field, merged with those the document has (null removes one). The file is not changed. The ' +
    'review status changes with submit_for_review, approve_document, request_changes, publish_document and ' +
    'archive_document.',
  input: z.strictObject({
    ...docRef,
    metadata: MetadataInput,
    expected_version: z.number().int().positive().optional(),
  }),
  output: Document,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const moveDocument = defineContract({
  name: 'move_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Move or rename document',
  description:
    'Move or rename a document inside the vault; it keeps its id, metadata and versions. An existing ' +
    'document at new_path is replaced only with overwrite: true (its content is kept as a version).',
  input: z.strictObject({ ...docRef, new_path: VaultPath, overwrite: z.boolean().default(false) }),
  output: Document,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

export const DocumentVersion = z.object({
  version_id: z
    .number()
    .int()
    .describe('Stable id of this version, unique across documents: what the other version tools take'),
  number: z
    .number()
    .int()
    .describe(
      'This document’s own count: 1 for its first version, then 2, 3… (also across renames); name versions by it to a person',
    ),
  size: z.number().int(),
  path: z.string().describe('Where the document was when this version was kept'),
  reason: z
    .string()
    .describe(
      'upload, edit (outside Officina), restore (from the trash), overwrite, "restore of version <version_id>" ...',
    ),
  by: z.string(),
  created_at: Timestamp,
  current: z.boolean(),
});

export const listDocumentVersions = defineContract({
  name: 'list_document_versions',
  domain: 'documents',
  reveals: ['documents'],
  title: 'List document versions',
  description:
    'Every kept version of a document, newest first (the first is its current content). Each has a `number` ' +
    '(1, 2, 3… in this document, what to call it when talking to a person; pruned versions leave gaps) and a ' +
    '`version_id`, which the other version tools take.',
  input: z.strictObject({ ...docRef, limit: Limit(50, 500), offset: Offset }),
  output: listOf(DocumentVersion),
  annotations: ro,
});

export const getDocumentVersion = defineContract({
  name: 'get_document_version',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Get document version',
  description:
    'The content of one version of a document (text as utf8, other files as base64; up to 10 MB). ' +
    '`version_id` comes from list_document_versions (it is not the version’s number).',
  input: z.strictObject({ ...docRef, version_id: IdLike }),
  output: DocumentVersion.extend({ encoding: z.enum(['utf8', 'base64']), content: z.string() }),
  annotations: ro,
});

export const diffDocumentVersions = defineContract({
  name: 'diff_document_versions',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Diff document versions',
  description:
    'A line diff between two versions of a text document (`to_version` defaults to the current content), as ' +
    'a unified diff and as a list of changed runs, with the lines added and removed. `from_version` and ' +
    '`to_version` are version_ids from list_document_versions (not the versions’ numbers).',
  input: z.strictObject({ ...docRef, from_version: IdLike, to_version: IdLike.optional() }),
  output: z.object({
    from_version: z.number().int().describe('version_id'),
    to_version: z.number().int().describe('version_id'),
    from_number: z.number().int().describe('The from version’s number in the document’s history'),
    to_number: z.number().int().describe('The to version’s number in the document’s history'),
    added: z.number().int(),
    removed: z.number().int(),
    unified: z.string(),
    changes: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })),
  }),
  annotations: ro,
});

export const restoreDocumentVersion = defineContract({
  name: 'restore_document_version',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Restore document version',
  description:
    'Put an earlier version’s content back into the file (`version_id` from list_document_versions, not the ' +
    'version’s number). The content it replaces stays in the history and the restored content becomes a new ' +
    'version, so this can be undone.',
  input: z.strictObject({ ...docRef, version_id: IdLike }),
  output: Document,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

const Review = z.strictObject({ ...docRef, comment: z.string().trim().max(2_000).optional() });
const review = <const N extends string, I extends z.ZodType>(name: N, title: string, description: string, input: I) =>
  defineContract({
    name,
    domain: 'documents',
    reveals: ['documents'],
    title,
    description,
    input,
    output: Document,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  });

export const submitForReview = review(
  'submit_for_review',
  'Submit for review',
  'Move a draft document to "in_review" (the review queue), with an optional comment.',
  Review,
);
export const approveDocument = review(
  'approve_document',
  'Approve document',
  'Approve a document that is in review ("in_review" → "approved").',
  Review,
);
export const requestChanges = review(
  'request_changes',
  'Request changes',
  'Send a document in review back to "draft" with a comment saying what to change (required).',
  z.strictObject({ ...docRef, comment: z.string().trim().min(1, 'say what to change').max(2_000) }),
);
export const publishDocument = defineContract({
  name: 'publish_document',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Publish document',
  description:
    'Publish an approved document: its current content is exported to the publish folder as Markdown and as ' +
    'HTML (without anything that runs: scripts, event handlers, frames, forms, javascript: links), and it ' +
    'becomes "published". Returns the document and the files written (`published`).',
  input: Review,
  output: Document.extend({
    published: z.object({
      folder: z.string().describe('The publish folder (in the data directory, outside the vault)'),
      markdown: z.string(),
      html: z.string(),
    }),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});
export const archiveDocument = review(
  'archive_document',
  'Archive document',
  'Archive a document in any status ("archived": out of the review queue, kept in the vault).',
  Review,
);

export const ReviewEntry = z.object({
  from: z.string(),
  to: z.string(),
  comment: z.string().nullable(),
  by: z.string(),
  at: Timestamp,
});

export const getDocumentReviews = defineContract({
  name: 'get_document_reviews',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Document review history',
  description: 'Who moved a document through review and publishing, when, and with what comment; oldest first.',
  input: z.strictObject(docRef),
  output: z.object({ items: z.array(ReviewEntry), next_cursor: z.null() }),
  annotations: ro,
});

export const rebuildIndex = defineContract({
  name: 'rebuild_index',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Rebuild search index',
  description:
    'Re-read every file in the vault and rebuild the search index from scratch. Use if search results look ' +
    'wrong. Returns counts.',
  input: z.strictObject({}),
  output: z.object({
    documents: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    failed: z.number().int(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const VersionRetention = z.object({
  max_age_days: z
    .number()
    .int()
    .nullable()
    .describe('Versions older than this are deleted (never a document’s current or last content); null keeps them'),
  max_size_mb: z
    .number()
    .int()
    .nullable()
    .describe('The version store is kept under this size, oldest versions deleted first; null sets no limit'),
});
export type VersionRetention = z.infer<typeof VersionRetention>;
export const DEFAULT_VERSION_RETENTION: VersionRetention = { max_age_days: 365, max_size_mb: 2048 };

export const VersionUsage = z.object({
  versions: z.number().int(),
  documents: z.number().int(),
  stored_bytes: z.number().int().describe('On disk, compressed and deduplicated'),
  original_bytes: z.number().int().describe('What the same versions take uncompressed'),
});

// Person-only: an assistant that could shorten the history could erase the record of what it changed.
export const getVersionRetention = defineContract({
  name: 'get_version_retention',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Get version retention',
  description: 'How long document versions are kept and how much room the version store takes. For the person only.',
  input: z.strictObject({}),
  output: VersionRetention.extend({ usage: VersionUsage }),
  annotations: ro,
  faces: PERSON_ONLY,
});

export const updateVersionRetention = defineContract({
  name: 'update_version_retention',
  domain: 'documents',
  reveals: ['documents'],
  title: 'Update version retention',
  description:
    'Change how long document versions are kept (days) and the version store’s size cap (MB); null removes a ' +
    'limit, fields left out stay. A document’s current content and a deleted document’s last version are ' +
    'always kept. Versions beyond the limits are deleted shortly after. Returns the retention and usage.',
  input: z.strictObject({
    max_age_days: z
      .number()
      .int('max_age_days is a whole number')
      .min(1, 'max_age_days must be at least 1')
      .max(36_500, 'max_age_days is at most 36500; use null to keep versions whatever their age')
      .nullable()
      .optional(),
    max_size_mb: z
      .number()
      .int('max_size_mb is a whole number')
      .min(10, 'max_size_mb must be at least 10')
      .max(10_000_000, 'max_size_mb is at most 10,000,000')
      .nullable()
      .optional(),
  }),
  output: VersionRetention.extend({ usage: VersionUsage }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const vaultContracts = [
  uploadDocument,
  downloadDocument,
  readDocument,
  previewDocument,
  deleteDocument,
  restoreDeletedDocument,
  listDeletedDocuments,
  listDocuments,
  searchDocuments,
  updateDocumentMetadata,
  moveDocument,
  listDocumentVersions,
  getDocumentVersion,
  diffDocumentVersions,
  restoreDocumentVersion,
  submitForReview,
  approveDocument,
  requestChanges,
  publishDocument,
  archiveDocument,
  getDocumentReviews,
  rebuildIndex,
  getVersionRetention,
  updateVersionRetention,
] as const;
