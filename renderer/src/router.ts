import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/customers/42`): they work unchanged from a file:// page in Electron and from
 * `officina serve`, which serves the app at one URL.
 */
export interface Route {
  /** The path's segments: `#/customers/42` → ['customers', '42']; the dashboard is []. */
  segments: string[];
}

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '');
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  const path = hash.split('?')[0] ?? '';
  return { segments: path.split('/').filter(Boolean).map(decodeSegment) };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The href for a path such as '/customers/42'. */
export function href(path: string): string {
  return '#' + (path.startsWith('/') ? path : '/' + path);
}

export function navigate(path: string): void {
  window.location.hash = href(path).slice(1);
}
