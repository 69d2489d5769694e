import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  copyFileAtomic,
  fsyncFolder,
  keepAside,
  removeEmptyFolders,
  sameFile,
  toIoError,
  type StagedFile,
} from '../common/files.js';
import type { Logger } from '../log.js';

/**
 * A change to files that belongs to a database change: applied as the last step of its transaction
 * (after every statement, so a statement that fails never leaves a file changed), undone if the
 * transaction fails (its commit included: on a full data disk that is where it fails), settled after.
 */
export interface FileStep {
  apply(): void;
  /** Puts the files back as they were before `apply`. */
  undo(): void;
  /** After the commit: removes what was kept for `undo`. */
  settle(): void;
  /** When the step was never applied: removes what was prepared for it. */
  discard(): void;
}

/**
 * Runs `write` in one transaction whose last step applies `steps`; if anything fails, the steps
 * applied are undone, newest first, and the error goes on. A crash at any point leaves files that
 * the vault's start-up scan reconciles: before the commit the database holds the old state and the
 * file on disk is either the old one or the new one (recorded then as a change made outside); after
 * it, both are new. Hidden temporary files left by a crash are never taken for documents.
 */
export function withFiles<T>(
  db: { transaction<R>(fn: () => R): R },
  log: Logger,
  steps: readonly FileStep[],
  write: () => T,
): T {
  const applied: FileStep[] = [];
  let result: T;
  try {
    result = db.transaction(() => {
      const value = write();
      for (const step of steps) {
        step.apply();
        applied.push(step);
      }
      return value;
    });
  } catch (error) {
    for (const step of applied.reverse()) {
      try {
        step.undo();
      } catch (undoError) {
        // The file stays as the step left it; the watcher records what is there as a change made outside.
        log.error('a file could not be put back after a failed change', { error: undoError });
      }
    }
    // Newest first, so a folder two steps share is empty by the time the first one removes it.
    for (const step of [...steps].reverse()) step.discard();
    throw error;
  }
  for (const step of steps) {
    try {
      step.settle();
    } catch (settleError) {
      // What was kept for an undo stays as a hidden temporary file: the change itself is done.
      log.warn('a temporary file could not be removed', { error: settleError });
    }
  }
  return result;
}

/** A file written beside its target (`stageFile`), renamed into place as the transaction's last step. */
export function placeStep(staged: StagedFile): FileStep {
  return {
    apply: () => staged.place(),
    undo: () => staged.undo(),
    settle: () => staged.settle(),
    discard: () => staged.discard(),
  };
}

/**
 * Renames `from` to `to` (making the folders it needs); a file at `to` is kept aside until the commit,
 * and put back with `from` if the transaction fails. Across disks the file is copied whole first and
 * the original kept aside the same way.
 */
export function moveStep(from: string, to: string, options: { field?: string; fileMode?: number } = {}): FileStep {
  let madeFolder: string | undefined;
  let replaced: string | undefined;
  /** Across disks: the original, kept aside in its folder until the commit. */
  let original: string | undefined;
  let moved = false;
  return {
    apply() {
      try {
        madeFolder = mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
        // A change of case only, where names ignore case, is one file: nothing at `to` to keep.
        replaced = sameFile(to, statSync(from)) ? undefined : keepAside(to);
        try {
          renameSync(from, to);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          copyFileAtomic(from, to, { mode: 'replace', fileMode: options.fileMode, field: options.field });
          original = keepAside(from);
          rmSync(from, { force: true });
          fsyncFolder(dirname(from));
        }
        moved = true;
      } catch (error) {
        this.undo();
        throw toIoError(error, { target: to, field: options.field }) ?? error;
      }
    },
    undo() {
      if (moved) {
        if (original !== undefined) {
          renameSync(original, from);
          rmSync(to, { force: true });
        } else renameSync(to, from);
        moved = false;
        original = undefined;
      }
      if (replaced !== undefined) renameSync(replaced, to);
      replaced = undefined;
      if (madeFolder !== undefined) removeEmptyFolders(madeFolder, dirname(to));
      madeFolder = undefined;
    },
    settle() {
      if (replaced !== undefined) rmSync(replaced, { force: true });
      if (original !== undefined) rmSync(original, { force: true });
      replaced = original = undefined;
    },
    discard() {},
  };
}

/** Removes a file after the commit (a trash file restored into the vault): nothing to undo. */
export function removeAfterCommit(path: string): FileStep {
  return { apply() {}, undo() {}, settle: () => rmSync(path, { force: true }), discard() {} };
}
