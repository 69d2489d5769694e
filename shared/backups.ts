import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';

/**
 * Why a backup was made. Each kind is rotated on its own, so that many backups of one kind (an
 * assistant asking for backup after backup) never push out the daily ones, nor the copies kept
 * before a migration or a restore.
 */
export const BACKUP_KINDS = ['manual', 'scheduled', 'before_restore', 'before_migration'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const Backup = z.object({
  name: z.string().describe('File name in the backups folder'),
  path: z.string(),
  kind: z.enum(BACKUP_KINDS),
  created_at: z.string().describe('ISO-8601 UTC'),
  bytes: z.number().int(),
});
export type Backup = z.infer<typeof Backup>;

export const BackupPolicy = z.object({
  scheduled: z.boolean().describe('Back up on a schedule while Officina runs'),
  interval_hours: z.number().int().describe('Hours between scheduled backups'),
  keep: z.number().int().describe('How many backups of each kind are kept; the oldest go first'),
});
export type BackupPolicy = z.infer<typeof BackupPolicy>;

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { scheduled: true, interval_hours: 24, keep: 7 };

// An assistant may ask for a backup: it adds a consistent copy of the database in the data directory
// and changes nothing else; its backups rotate among themselves (BACKUP_KINDS). Restoring, the
// schedule and how many are kept are the person's (below).
export const backupData = defineContract({
  name: 'backup_data',
  domain: 'data',
  reveals: [],
  title: 'Back up data',
  description:
    "Make a consistent copy of Officina's database now, in the data directory's backups folder (the oldest " +
    'manual backups beyond the number kept are removed). Returns the backup. Use before a large import or change.',
  input: z.strictObject({}),
  output: Backup,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const PendingRestore = z.object({
  source: z.string().describe('The backup it was staged from'),
  staged_at: z.string(),
});

export const listBackups = defineContract({
  name: 'list_backups',
  domain: 'data',
  reveals: [],
  title: 'List backups',
  description:
    'The backups in the data directory, newest first, the backup policy and any restore waiting for the next start.',
  input: z.strictObject({}),
  output: z.object({
    items: z.array(Backup),
    folder: z.string(),
    policy: BackupPolicy,
    pending_restore: PendingRestore.nullable(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const updateBackupPolicy = defineContract({
  name: 'update_backup_policy',
  domain: 'data',
  reveals: [],
  title: 'Update backup policy',
  description: 'Turn scheduled backups on or off, and set how often and how many are kept. For the person only.',
  input: z.strictObject({
    scheduled: z.boolean().optional(),
    interval_hours: z
      .number()
      .int('interval_hours is a whole number of hours')
      .min(1, 'interval_hours is at least 1')
      .max(24 * 30, 'interval_hours is at most 720 (30 days)')
      .optional(),
    keep: z
      .number()
      .int('keep is a whole number')
      .min(1, 'keep at least 1 backup')
      .max(100, 'keep at most 100 backups of each kind')
      .optional(),
  }),
  output: BackupPolicy,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

// Person-only: a restore replaces everything stored since the backup.
export const restoreBackup = defineContract({
  name: 'restore_backup',
  domain: 'data',
  reveals: [],
  title: 'Restore backup',
  description:
    'Check a backup (an Officina database this version can open) and stage it: it replaces the database when ' +
    'Officina next starts, after a backup of the database as it is then. For the person only.',
  input: z.strictObject({
    backup: z
      .string()
      .min(1, 'give the name of a backup in the backups folder, or the full path of an Officina database')
      .max(4096, 'paths are at most 4096 characters'),
  }),
  output: PendingRestore,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const cancelRestore = defineContract({
  name: 'cancel_restore',
  domain: 'data',
  reveals: [],
  title: 'Cancel restore',
  description: 'Forget a restore staged for the next start. For the person only.',
  input: z.strictObject({}),
  output: z.object({ cancelled: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const backupContracts = [backupData, listBackups, updateBackupPolicy, restoreBackup, cancelRestore] as const;
