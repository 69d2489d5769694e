import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpError } from '../../../shared/errors.js';
import { tempDir } from '../../../test/helpers.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../../test/small-disk.js';
import { stageFile, writeFileAtomic } from './files.js';

function thrown(fn: () => unknown): OpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected an OpError');
}

describe('writeFileAtomic', () => {
  it('writes the whole file, replacing in replace mode and refusing in create mode', () => {
    const dir = tempDir();
    const target = join(dir, 'a', 'b', 'note.txt');
    writeFileAtomic(target, 'first', { mode: 'replace' });
    writeFileAtomic(target, 'second', { mode: 'replace' });
    expect(readFileSync(target, 'utf8')).toBe('second');
    const refused = thrown(() => writeFileAtomic(target, 'third', { mode: 'create', field: 'destination' }));
    expect(refused.code).toBe('conflict');
    expect(refused.issues).toEqual([{ path: 'destination', message: 'Exists' }]);
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['note.txt']);
  });

  it('creates files 0600 unless told otherwise', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'x'), 'x', { mode: 'create' });
    expect(statSync(join(dir, 'x')).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() === 0)('answers io_error when the folder is not writable', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    const error = thrown(() => writeFileAtomic(join(dir, 'x'), 'x', { mode: 'replace' }));
    expect(error.code).toBe('io_error');
    chmodSync(dir, 0o700);
  });

  describe.skipIf(!canMountSmallDisk)(`on a full disk (${NO_SMALL_DISK})`, () => {
    it('answers io_error with the bytes written, and leaves neither the file, its temp nor new folders', () => {
      const disk = smallDisk(256 * 1024);
      const content = Buffer.alloc(600_000, 7);
      const error = thrown(() =>
        writeFileAtomic(join(disk, 'new', 'deeper', 'big.bin'), content, { mode: 'replace', field: 'path' }),
      );
      expect(error.code).toBe('io_error');
      expect(error.message).toMatch(
        /^The disk is full: big\.bin could not be written \([\d,]+ bytes written of 600,000\)/,
      );
      expect(readdirSync(disk)).toEqual([]);
    });

    it('keeps the file that was there, whole, when its replacement does not fit', () => {
      const disk = smallDisk(256 * 1024);
      const target = join(disk, 'keep.txt');
      writeFileSync(target, 'the old content');
      const error = thrown(() => writeFileAtomic(target, Buffer.alloc(600_000, 1), { mode: 'replace' }));
      expect(error.code).toBe('io_error');
      expect(readFileSync(target, 'utf8')).toBe('the old content');
      expect(readdirSync(disk)).toEqual(['keep.txt']);
      expect(existsSync(target)).toBe(true);
    });
  });
});

describe('stageFile', () => {
  it('places over the old file, keeps it aside until settled, and puts it back on undo', () => {
    const dir = tempDir();
    const target = join(dir, 'doc.txt');
    writeFileSync(target, 'old');
    const undone = stageFile(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('old');
    undone.place();
    expect(readFileSync(target, 'utf8')).toBe('new');
    undone.undo();
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['doc.txt']);

    const kept = stageFile(target, 'newer');
    kept.place();
    kept.settle();
    expect(readFileSync(target, 'utf8')).toBe('newer');
    expect(readdirSync(dir)).toEqual(['doc.txt']);
  });

  it('removes a new file and the folders made for it on undo, and a temp never placed on discard', () => {
    const dir = tempDir();
    const placed = stageFile(join(dir, 'a', 'b', 'new.txt'), 'x');
    placed.place();
    placed.undo();
    expect(readdirSync(dir)).toEqual([]);
    const dropped = stageFile(join(dir, 'c', 'new.txt'), 'x');
    dropped.discard();
    expect(readdirSync(dir)).toEqual([]);
  });
});
