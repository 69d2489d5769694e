import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/customers/42`): they work unchanged from a file:// page in Electron and from
 * `officina serve`, which serves the app at one URL. A view's filters ride in the hash's query
 * (`#/sales/orders?customer=42`), so a reload and back/forward keep them.
 */
export interface Route {
  /** The path's segments: `#/customers/42` → ['customers', '42']; the dashboard is []. */
  segments: string[];
  /** The hash's query: `#/sales/orders?customer=42` → { customer: '42' }. */
  query: Readonly<Record<string, string>>;
}

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '');
}

const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('hashchange', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('hashchange', onChange);
  };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  const mark = hash.indexOf('?');
  const path = mark < 0 ? hash : hash.slice(0, mark);
  const query = mark < 0 ? {} : Object.fromEntries(new URLSearchParams(hash.slice(mark + 1)));
  return { segments: path.split('/').filter(Boolean).map(decodeSegment), query };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The href for a path such as '/customers/42', with a query whose empty values are left out. */
export function href(path: string, query: Readonly<Record<string, string | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return '#' + (path.startsWith('/') ? path : '/' + path) + search;
}

export function navigate(path: string, query?: Readonly<Record<string, string | undefined>>): void {
  const target = href(path, query);
  if (!mayLeave(target)) return;
  window.location.hash = target.slice(1);
  // hashchange comes a task later; telling the views now lets an input that the URL controls (a
  // filter) show its new value at once instead of snapping back for a frame.
  for (const listener of listeners) listener();
}

// ---------------------------------------------------------------------------------------------
// Leaving a page with unsaved changes: a view that holds some registers a guard, which may hold the
// person on the page (and ask them) whichever way they leave: a link, a view's navigate(), Back.

/**
 * Asked before the address changes; returns true to stay. `proceed` goes on to the new address,
 * for when the person chooses to leave after all.
 */
export type LeaveGuard = (proceed: () => void) => boolean;

const guards = new Set<LeaveGuard>();
/** The address shown, as `#/…`: where a blocked change of address goes back to. */
let shownHash = typeof window === 'undefined' ? '' : window.location.hash;
let leaving = false;

export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

function mayLeave(target: string): boolean {
  if (leaving || target === shownHash) return true;
  const proceed = () => {
    shownHash = target;
    leaving = true;
    try {
      window.location.hash = target.slice(1);
      for (const listener of listeners) listener();
    } finally {
      leaving = false;
    }
  };
  for (const guard of guards) if (guard(proceed)) return false;
  shownHash = target;
  return true;
}

if (typeof window !== 'undefined') {
  // Registered before any view subscribes, so a blocked change is undone before a view reads it.
  window.addEventListener('hashchange', () => {
    const target = window.location.hash;
    if (target === shownHash) return;
    if (mayLeave(target)) {
      shownHash = target;
      return;
    }
    // Back to the page being left, in place: no new history entry for a change that did not happen.
    history.replaceState(
      history.state,
      '',
      shownHash === '' ? window.location.pathname + window.location.search : shownHash,
    );
  });
}
