import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Which file "Show in folder" may reveal: only a published file, in the data directory's publish
 * folder. The renderer asks with a path (publish_document's answer), and a renderer is not trusted
 * to name any file on the disk, so the path must be absolute, inside that folder once links are
 * resolved, and an existing regular file. Returns the real path to reveal, or null.
 */
export function publishedFileToShow(dataDir: string, requested: unknown): string | null {
  if (typeof requested !== 'string' || requested.length === 0 || requested.length > 4096) return null;
  if (!isAbsolute(requested) || requested.includes('\0')) return null;
  try {
    const folder = realpathSync(join(dataDir, 'published'));
    const file = realpathSync(requested);
    const inside = relative(folder, file);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
    return statSync(file).isFile() ? file : null;
  } catch {
    // Missing, or unreadable: nothing to show.
    return null;
  }
}
