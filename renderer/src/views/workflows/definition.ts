import type { StepKind, WorkflowStep } from '../../../../shared/workflows.js';

/*
 * A workflow's steps as the designer edits them: the engine's own definition (shared/workflows.ts),
 * so what the graph shows is exactly what runs. Edges are the steps' fields: `next` (or, when not
 * given, the step after it in the list), a condition's `then`/`else`, `error_next` (with on_error
 * "goto") and a validate step's `invalid_next`.
 */

export type EdgeKind = 'next' | 'then' | 'else' | 'error_next' | 'invalid_next';

export interface StepEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** Not written in the step: it falls through to the next step in the list. */
  implicit: boolean;
}

export function kindOf(step: WorkflowStep): StepKind {
  return step.kind ?? 'op';
}

/** Where a step goes when nothing else is said: the one after it in the list, or the end. */
function fallThrough(steps: readonly WorkflowStep[], index: number): { target: string | null; implicit: boolean } {
  const step = steps[index] as WorkflowStep;
  if (step.next !== undefined) return { target: step.next, implicit: false };
  return { target: steps[index + 1]?.id ?? null, implicit: true };
}

/** Every edge the engine follows, as the graph draws them. */
export function edgesOf(steps: readonly WorkflowStep[]): StepEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges: StepEdge[] = [];
  const add = (source: string, target: string | null | undefined, kind: EdgeKind, implicit: boolean) => {
    if (typeof target !== 'string' || !ids.has(target)) return;
    edges.push({ id: `${source}:${kind}`, source, target, kind, implicit });
  };
  steps.forEach((step, index) => {
    const fall = fallThrough(steps, index);
    if (kindOf(step) === 'condition') {
      add(step.id, step.then !== undefined ? step.then : fall.target, 'then', step.then === undefined && fall.implicit);
      add(step.id, step.else !== undefined ? step.else : fall.target, 'else', step.else === undefined && fall.implicit);
    } else {
      add(step.id, fall.target, 'next', fall.implicit);
    }
    if (step.on_error === 'goto') add(step.id, step.error_next, 'error_next', false);
    if (step.invalid_next !== undefined) add(step.id, step.invalid_next, 'invalid_next', false);
  });
  return edges;
}

/** Connects `source`'s `kind` exit to `target` (null: the run ends there). */
export function connect(
  steps: readonly WorkflowStep[],
  source: string,
  kind: EdgeKind,
  target: string | null,
): WorkflowStep[] {
  return steps.map((step) => {
    if (step.id !== source) return step;
    switch (kind) {
      case 'next':
        return { ...step, next: target };
      case 'then':
        return { ...step, then: target };
      case 'else':
        return { ...step, else: target };
      case 'error_next':
        return target === null
          ? without({ ...step }, ['on_error', 'error_next'])
          : { ...step, on_error: 'goto', error_next: target };
      case 'invalid_next':
        return target === null ? without({ ...step }, ['invalid_next']) : { ...step, invalid_next: target };
    }
  });
}

function without(step: WorkflowStep, fields: (keyof WorkflowStep)[]): WorkflowStep {
  for (const field of fields) delete step[field];
  return step;
}

/** An id not taken yet, made from `base` ("Create customer" → create_customer, create_customer_2…). */
export function freshId(steps: readonly WorkflowStep[], base: string): string {
  const taken = new Set(steps.map((s) => s.id));
  const stem =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, '_$1')
      .slice(0, 50) || 'step';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/**
 * Adds `step` after `afterId` (or at the end): the run goes from that step to the new one, and on to
 * where it went before.
 */
export function insertStep(steps: readonly WorkflowStep[], step: WorkflowStep, afterId: string | null): WorkflowStep[] {
  const index = afterId === null ? -1 : steps.findIndex((s) => s.id === afterId);
  if (index < 0) return [...steps, step];
  const before = steps[index] as WorkflowStep;
  const next = [...steps];
  if (before.next !== undefined && kindOf(before) !== 'condition') {
    next[index] = { ...before, next: step.id };
    next.splice(index + 1, 0, { ...step, next: before.next });
  } else {
    next.splice(index + 1, 0, step);
  }
  return next;
}

/** Removes steps; what led to one of them now leads where it went. */
export function removeSteps(steps: readonly WorkflowStep[], ids: ReadonlySet<string>): WorkflowStep[] {
  let current = [...steps];
  for (const id of ids) {
    const index = current.findIndex((s) => s.id === id);
    if (index < 0) continue;
    const removed = current[index] as WorkflowStep;
    const onward = fallThrough(current, index).target;
    const previous = index > 0 ? (current[index - 1] as WorkflowStep) : undefined;
    current = current.map((step, i) => {
      const patch: Partial<WorkflowStep> = {};
      // A step that fell through to the removed one keeps going where the removed one went.
      if (i === index - 1 && previous && step.next === undefined && removed.next !== undefined)
        patch.next = removed.next;
      for (const field of ['next', 'then', 'else', 'invalid_next'] as const)
        if (step[field] === id) patch[field] = onward === id ? null : onward;
      const result = { ...step, ...patch };
      if (step.error_next === id) return without(result, ['on_error', 'error_next']);
      return result;
    });
    current.splice(index, 1);
  }
  return current;
}

/** Renames a step and every reference to it: edges and `steps.<id>` in templates. */
export function renameStep(steps: readonly WorkflowStep[], from: string, to: string): WorkflowStep[] {
  if (from === to) return [...steps];
  const pattern = new RegExp(`(\\bsteps\\s*\\.\\s*)${escapeRegExp(from)}\\b|\\bstep_${escapeRegExp(from)}\\b`, 'g');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(pattern, (match, prefix?: string) => (prefix ? `${prefix}${to}` : `step_${to}`));
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return steps.map((step) => {
    const out = rewrite(step) as WorkflowStep;
    if (step.id === from) out.id = to;
    for (const field of ['next', 'then', 'else', 'error_next', 'invalid_next'] as const)
      if (step[field] === from) out[field] = to;
    return out;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Copies of `copied` to paste into `steps`: new ids, edges between the copies kept, edges to steps
 * outside them dropped (the copies fall through in list order), placed a little below and right.
 */
export function pasteSteps(steps: readonly WorkflowStep[], copied: readonly WorkflowStep[]): WorkflowStep[] {
  const renames = new Map<string, string>();
  // New ids differ from every old one, so renaming one copy after another never catches a renamed one.
  const pool = [...steps, ...copied];
  for (const step of copied) {
    const id = freshId(pool, step.id.replace(/_copy(_\d+)?$/, '') + '_copy');
    renames.set(step.id, id);
    pool.push({ ...step, id });
  }
  let copies = copied.map((s) => ({ ...s }));
  for (const [from, to] of renames) copies = renameStep(copies, from, to);
  const newIds = new Set(renames.values());
  return copies.map((out) => {
    for (const field of ['next', 'then', 'else', 'error_next', 'invalid_next'] as const) {
      const target = out[field];
      if (typeof target === 'string' && !newIds.has(target)) {
        if (field === 'error_next') without(out, ['on_error', 'error_next']);
        else delete out[field];
      }
    }
    if (out.position) out.position = { x: out.position.x + 40, y: out.position.y + 40 };
    return out;
  });
}

/** The steps that can run before `id` (they reach it along the edges): what its templates may read. */
export function stepsBefore(steps: readonly WorkflowStep[], id: string): WorkflowStep[] {
  const edges = edgesOf(steps);
  const incoming = new Map<string, string[]>();
  for (const edge of edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>();
  const walk = (target: string) => {
    for (const source of incoming.get(target) ?? []) {
      if (seen.has(source)) continue;
      seen.add(source);
      walk(source);
    }
  };
  walk(id);
  seen.delete(id);
  return steps.filter((s) => seen.has(s.id));
}

export const NODE_WIDTH = 240;
const COLUMN = NODE_WIDTH + 60;
const ROW = 130;

/**
 * Where each step is drawn: its saved position, else a layered layout (a step one row below the
 * deepest step that leads to it; side by side within a row, in list order).
 */
export function layout(steps: readonly WorkflowStep[]): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const edges = edgesOf(steps);
  steps.forEach((s) => depth.set(s.id, 0));
  // Longest path, relaxed at most once per step (the graph may still have a cycle while being drawn).
  for (let round = 0; round < steps.length; round++) {
    let changed = false;
    for (const edge of edges) {
      const d = (depth.get(edge.source) ?? 0) + 1;
      if (d > (depth.get(edge.target) ?? 0) && d <= steps.length) {
        depth.set(edge.target, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, string[]>();
  for (const step of steps) {
    const d = depth.get(step.id) ?? 0;
    rows.set(d, [...(rows.get(d) ?? []), step.id]);
  }
  const places = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of rows) {
    ids.forEach((id, i) => places.set(id, { x: (i - (ids.length - 1) / 2) * COLUMN, y: d * ROW }));
  }
  for (const step of steps) if (step.position) places.set(step.id, step.position);
  return places;
}

/** The `context.<key>` names the steps read, for the form that starts a run. */
export function contextKeys(steps: readonly WorkflowStep[]): string[] {
  const keys = new Set<string>();
  const text = JSON.stringify(steps);
  for (const match of text.matchAll(/\bcontext\s*\.\s*\??([A-Za-z_][A-Za-z0-9_]*)/g)) keys.add(match[1] as string);
  return [...keys];
}
