import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A real, tiny file system (tmpfs of `bytes`), so a disk-full test fills a disk instead of pretending
 * to. Needs root (CI and these machines run as root); elsewhere `canMountSmallDisk` is false and the
 * tests that need one are skipped, saying why.
 */
export function smallDisk(bytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'officina-small-disk-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'officina-test', dir], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mount tmpfs failed: ${result.stderr || result.error?.message}`);
  }
  mounted.push(dir);
  return dir;
}

function probe(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'officina-probe-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'officina-probe', dir]);
  if (result.status === 0) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return result.status === 0;
}

export const canMountSmallDisk = probe();
export const NO_SMALL_DISK = 'needs root on Linux to mount a small tmpfs (a real full disk)';
