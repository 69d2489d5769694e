import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';

/**
 * The longest path Officina accepts. macOS's PATH_MAX (1024) is the tightest of the desktop systems
 * once Windows long paths are on; anything longer is refused rather than truncated.
 */
export const MAX_PATH_LENGTH = 1024;

/**
 * A path given by a person or an assistant, taken literally (no `~`, no %-decoding, not trimmed: a
 * trailing space is part of a name). Operations that take file paths use this schema; the allowed-
 * folders module decides what it may reach.
 */
export const FilePath = z
  .string({ error: 'Expected a path' })
  .min(1, 'Give a path')
  .max(MAX_PATH_LENGTH, `Paths are at most ${MAX_PATH_LENGTH} characters`);

export const ALLOWED_FOLDER_SOURCES = ['cli', 'settings'] as const;

export const AllowedFolder = z.object({
  path: z.string().describe('Absolute path of the folder'),
  source: z
    .enum(ALLOWED_FOLDER_SOURCES)
    .describe(
      '"cli": given with --allow-path when Officina started (remove it there); "settings": added by the person',
    ),
  problem: z
    .string()
    .nullable()
    .describe('Why the folder is not in use right now (missing, hidden, too broad), or null when it is'),
});
export type AllowedFolder = z.infer<typeof AllowedFolder>;

export const AllowedFolders = z.object({
  vault: z.string().describe('The document vault, always usable; files there are versioned before they change'),
  items: z.array(AllowedFolder).describe('Folders outside the vault that files may be read from or written to'),
});
export type AllowedFolders = z.infer<typeof AllowedFolders>;

export const listAllowedFolders = defineContract({
  name: 'list_allowed_folders',
  domain: 'settings',
  reveals: [],
  title: 'List allowed folders',
  description:
    'The vault and the folders outside it that files may be read from or written to, each with where it was ' +
    'allowed (Settings or --allow-path) and why it is not in use, if it is not. For the person only.',
  input: z.strictObject({}),
  output: AllowedFolders,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const addAllowedFolder = defineContract({
  name: 'add_allowed_folder',
  domain: 'settings',
  reveals: [],
  title: 'Allow a folder',
  description:
    'Let Officina read files from and write new files to a folder outside the vault. The folder must exist, ' +
    'be given as an absolute path, not be hidden, and not be a whole disk or home folder. Returns the list. ' +
    'For the person only.',
  input: z.strictObject({ path: FilePath.describe('Absolute path of an existing folder') }),
  output: AllowedFolders,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const removeAllowedFolder = defineContract({
  name: 'remove_allowed_folder',
  domain: 'settings',
  reveals: [],
  title: 'Stop allowing a folder',
  description:
    'Stop Officina from reading or writing files in a folder added in Settings. Folders given with ' +
    '--allow-path stay until Officina is started without them. Returns the list. For the person only.',
  input: z.strictObject({ path: FilePath.describe('The folder, as listed by list_allowed_folders') }),
  output: AllowedFolders,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const allowedFolderContracts = [listAllowedFolders, addAllowedFolder, removeAllowedFolder] as const;
