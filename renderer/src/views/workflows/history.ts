/**
 * Undo and redo over whole values (a workflow's definition is small). Changes made in quick
 * succession under one `group` (typing in one field) are one step to undo, not one per key.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The group and time of the last change, to merge a run of typing into one undo step. */
  lastGroup: string | null;
  lastAt: number;
}

const LIMIT = 200;
const MERGE_MS = 1000;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastGroup: null, lastAt: 0 };
}

export function record<T>(history: History<T>, next: T, group: string | null = null, now = Date.now()): History<T> {
  if (Object.is(next, history.present)) return history;
  const merge = group !== null && group === history.lastGroup && now - history.lastAt < MERGE_MS;
  return {
    past: merge ? history.past : [...history.past, history.present].slice(-LIMIT),
    present: next,
    future: [],
    lastGroup: group,
    lastAt: now,
  };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (history.past.length === 0) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous as T,
    future: [history.present, ...history.future],
    lastGroup: null,
    lastAt: 0,
  };
}

export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  return {
    past: [...history.past, history.present],
    present: history.future[0] as T,
    future: history.future.slice(1),
    lastGroup: null,
    lastAt: 0,
  };
}
