import type { Route } from '../../router.js';

/** The folder a vault path is in: "hr/2026/plan.md" → "hr/2026"; "" for the top. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** The folders from the top down to `folder`, itself included: "a/b" → ["a", "a/b"]. */
export function ancestorsOf(folder: string): string[] {
  if (folder === '') return [];
  const parts = folder.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export type DocumentsTab = 'browse' | 'review' | 'trash';

/**
 * `#/documents` (the top folder), `#/documents/folder/<path>`, `#/documents/file/<path>` (a document,
 * shown in its folder), `#/documents/review[/<path>]` and `#/documents/trash`. The second segment
 * is a keyword, so a folder named "review" never clashes with the queue.
 */
export interface DocumentsLocation {
  tab: DocumentsTab;
  folder: string;
  /** The selected document's path, or null. */
  file: string | null;
}

export function locationOf(route: Pick<Route, 'segments'>): DocumentsLocation {
  const [, kind, ...rest] = route.segments;
  const path = rest.join('/');
  switch (kind) {
    case 'folder':
      return { tab: 'browse', folder: path, file: null };
    case 'file':
      return path === ''
        ? { tab: 'browse', folder: '', file: null }
        : { tab: 'browse', folder: parentOf(path), file: path };
    case 'review':
      return { tab: 'review', folder: '', file: path === '' ? null : path };
    case 'trash':
      return { tab: 'trash', folder: '', file: null };
    default:
      return { tab: 'browse', folder: '', file: null };
  }
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export function documentsPath(location: Partial<DocumentsLocation>): string {
  const tab = location.tab ?? 'browse';
  if (tab === 'trash') return '/documents/trash';
  if (tab === 'review') return location.file ? `/documents/review/${encodePath(location.file)}` : '/documents/review';
  if (location.file) return `/documents/file/${encodePath(location.file)}`;
  return location.folder ? `/documents/folder/${encodePath(location.folder)}` : '/documents';
}
