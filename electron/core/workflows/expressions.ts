import type * as Cel from '@marcbachmann/cel-js';
import { lazyModule } from '../common/lazy-module.js';

const cel = lazyModule<typeof Cel>('@marcbachmann/cel-js');

/*
 * Conditions and templates use CEL (Common Expression Language, @marcbachmann/cel-js): it is not
 * Turing-complete, so every expression ends (a condition can never hang a run); it has no side effects
 * and no access to anything but the values it is given; it parses to an AST, so a definition's
 * expressions are checked (and the steps they read found) before anything runs; and it is an
 * interpreter (no eval, no Function: the app's CSP holds). JSONata can loop without end; filtrex is
 * smaller but compiles to JS functions and knows no lists or maps.
 */

// Made on the first expression: an idle serve with no workflow running holds no CEL.
let env: Cel.Environment | undefined;
function celEnvironment(): Cel.Environment {
  if (env) return env;
  env = new (cel().Environment)({
    unlistedVariablesAreDyn: true,
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
    limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 16 },
  });
  // Pipelines dedupe lists (emails, ids); CEL has no such macro of its own.
  env.registerFunction('distinct(list): list', (list: unknown[]) => {
    const seen = new Set<string>();
    return list.filter((v) => {
      const key =
        typeof v === 'bigint' ? `n${v}` : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `n${x}` : x));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
  return env;
}

type Compiled = ReturnType<Cel.Environment['parse']>;
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 5000;

export class ExpressionError extends Error {}

/** Parses once per distinct text; throws ExpressionError with CEL's message (and a caret) when it does not parse. */
export function compile(text: string): Compiled {
  let compiled = cache.get(text);
  if (compiled) return compiled;
  try {
    compiled = celEnvironment().parse(text);
  } catch (error) {
    throw new ExpressionError(firstLine(error));
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, compiled);
  return compiled;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** JSON values as CEL sees them: whole numbers are CEL ints, so `item.qty * 2` works as one expects. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  return value;
}

/** CEL's values back as JSON. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value instanceof Set) return [...value].map(fromCel);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromCel(v);
    return out;
  }
  return value;
}

/** What expressions read, already in CEL's form (converted once per value, not per expression). */
export type Scope = Record<string, unknown>;

export function evaluate(text: string, scope: Scope): unknown {
  const compiled = compile(text);
  try {
    return fromCel(compiled(scope));
  } catch (error) {
    throw new ExpressionError(`${text}: ${firstLine(error)}`);
  }
}

const WHOLE = /^\s*\{\{([\s\S]+?)\}\}\s*$/;
const PART = /\{\{([\s\S]+?)\}\}/g;

/** The {{ … }} expressions in a value (strings inside objects and lists too), with where they are. */
export function templatesIn(value: unknown, path = ''): { path: string; expression: string }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(PART)].map((m) => ({ path, expression: (m[1] ?? '').trim() }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => templatesIn(v, `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templatesIn(v, path ? `${path}.${k}` : k));
  }
  return [];
}

export function hasTemplate(value: unknown): boolean {
  return templatesIn(value).length > 0;
}

/**
 * A value with its templates filled in: a string that is one {{ expression }} becomes the
 * expression's value (a number stays a number, a list a list); templates inside longer text are
 * written into it (text as is, anything else as JSON).
 */
export function render(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const whole = WHOLE.exec(value);
    if (whole && !(whole[1] ?? '').includes('}}')) return evaluate((whole[1] ?? '').trim(), scope);
    return value.replace(PART, (_m, expression: string) => {
      const result = evaluate(expression.trim(), scope);
      return typeof result === 'string'
        ? result
        : result === null || result === undefined
          ? ''
          : JSON.stringify(result);
    });
  }
  if (Array.isArray(value)) return value.map((v) => render(v, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = render(v, scope);
    return out;
  }
  return value;
}

const SEED_CONTEXT = /^context\.([A-Za-z_][A-Za-z0-9_]*)$/;
const SEED_STEP = /^step_([A-Za-z0-9_-]+?)(?:_result)?$/;

/** The seed's condition forms, kept with their meaning; anything else is CEL. */
export function seedCondition(text: string): { kind: 'context'; key: string } | { kind: 'step'; id: string } | null {
  const trimmed = text.trim();
  const context = SEED_CONTEXT.exec(trimmed);
  if (context) return { kind: 'context', key: context[1] as string };
  const step = SEED_STEP.exec(trimmed);
  if (step) return { kind: 'step', id: step[1] as string };
  return null;
}

/**
 * Whether a step's condition holds. The seed's `context.<key>` is true when the key is there and
 * truthy (absent is false, not an error); `step_<id>` when that step completed; else CEL, whose
 * value counts as JavaScript would (null, false, 0, "" and empty lists are false).
 */
export function holds(
  text: string,
  scope: Scope,
  raw: { context: Record<string, unknown>; completed: (id: string) => boolean },
): boolean {
  const unwrapped = WHOLE.exec(text)?.[1]?.trim() ?? text.trim();
  const seed = seedCondition(unwrapped);
  if (seed?.kind === 'context') return truthy(raw.context[seed.key]);
  if (seed?.kind === 'step') return raw.completed(seed.id);
  return truthy(evaluate(unwrapped, scope));
}

export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

type Node = { op: string; args: unknown };

/** The steps an expression reads (`steps.x…`, `steps["x"]…`), for validation. */
export function stepsReadBy(text: string): string[] {
  const seed = seedCondition(text);
  if (seed?.kind === 'step') return [seed.id];
  if (seed) return [];
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const { op, args } = node as Node;
    if (typeof op !== 'string') return;
    if ((op === '.' || op === '.?') && Array.isArray(args)) {
      const [target, name] = args as [Node, string];
      if (target?.op === 'id' && target.args === 'steps' && typeof name === 'string') found.add(name);
    }
    if ((op === '[]' || op === '[?]') && Array.isArray(args)) {
      const [target, key] = args as [Node, Node];
      if (target?.op === 'id' && target.args === 'steps' && key?.op === 'value' && typeof key.args === 'string')
        found.add(key.args);
    }
    if (Array.isArray(args)) args.forEach(walk);
  };
  walk(compile(text).ast);
  return [...found];
}
