import { z } from 'zod';

/*
 * Many MCP clients fill every parameter they leave out with null (a Python signature's `= None`, a
 * form that sends empty fields): for an optional input, null means "not given". Where null already has
 * a meaning of its own (an update's `.nullable()` field: clear it), the schema accepts null and this
 * leaves it alone.
 *
 * Done once, on the zod schema, so that every face parses the same way. The null added here is marked
 * (NULL_MEANS_ABSENT), so the tool list can leave it out: the server's instructions say it once. An object with optional members that refuse null drops those keys
 * when they hold null, before it parses: null is then exactly an absent key (defaults apply, refinements
 * see nothing, a wrong value gets the member's own message). Those members are also made nullable,
 * which is what `toJSONSchema` shows (a preprocess's input side is the object it feeds) and what they
 * never receive.
 */

type Schema = z.ZodType;
type Def = Record<string, unknown> & { type: string };

const done = new WeakMap<Schema, Schema>();

/** `schema` with null taken as "not given" for every optional member that refuses null, nested ones too. */
export function nullAsAbsent<T extends Schema>(schema: T): T {
  return rewrite(schema) as T;
}

function rewrite(schema: Schema): Schema {
  let result = done.get(schema);
  if (!result) {
    result = rewriteUncached(schema);
    done.set(schema, result);
  }
  return result;
}

function rewriteUncached(schema: Schema): Schema {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'object':
      return rewriteObject(schema, def);
    case 'array':
      return replace(schema, def, 'element');
    case 'union': {
      const options = def['options'] as Schema[];
      const next = options.map(rewrite);
      return next.every((option, i) => option === options[i]) ? schema : withDef(schema, { ...def, options: next });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return replace(schema, def, 'innerType');
    case 'pipe':
      return replace(replace(schema, def, 'in'), schema._zod.def as unknown as Def, 'out');
    default:
      return schema;
  }
}

function rewriteObject(schema: Schema, def: Def): Schema {
  const shape = def['shape'] as Record<string, Schema>;
  const next: Record<string, Schema> = {};
  const absentable: string[] = [];
  let changed = false;
  for (const [key, member] of Object.entries(shape)) {
    let rewritten = rewrite(member);
    if (rewritten._zod.optin !== undefined && !rewritten.safeParse(null).success) {
      rewritten = nullableInside(rewritten);
      absentable.push(key);
    }
    changed ||= rewritten !== member;
    next[key] = rewritten;
  }
  if (!changed) return schema;
  const object = withDef(schema, { ...def, shape: next });
  if (absentable.length === 0) return object;
  // One step before the object parses: its members, defaults and refinements then see null as absent.
  const withoutNulls = z.preprocess(dropNulls(absentable), object);
  // A preprocess counts as optional wherever it is; the object stays as optional as it was.
  Object.defineProperty(withoutNulls._zod, 'optin', { value: object._zod.optin, configurable: true, writable: true });
  return withoutNulls;
}

/** Removes `keys` holding null from a plain object: a copy, and only when there is one. */
function dropNulls(keys: readonly string[]) {
  return (value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    if (!keys.some((key) => record[key] === null)) return value;
    const copy = { ...record };
    for (const key of keys) if (copy[key] === null) delete copy[key];
    return copy;
  };
}

/**
 * `nullable` below `optional` / `default`, so the JSON Schema reads `{ anyOf: [T, null], default }`
 * (the default and the member's description stay beside the union, not inside a branch).
 */
function nullableInside(schema: Schema): Schema {
  const def = schema._zod.def as unknown as Def;
  if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') {
    return withDef(schema, { ...def, innerType: nullableInside(def['innerType'] as Schema) });
  }
  const nullable = schema.nullable();
  // Marked, so a face that lists the schema can tell this null ("not given") from an update's ("clear it").
  z.globalRegistry.add(nullable, { [NULL_MEANS_ABSENT]: true });
  return nullable;
}

/** The JSON Schema keyword on a member whose null only means "not given" (see nullableInside). */
export const NULL_MEANS_ABSENT = 'x-null-means-absent';

function replace(schema: Schema, def: Def, key: string): Schema {
  const inner = def[key] as Schema;
  const next = rewrite(inner);
  return next === inner ? schema : withDef(schema, { ...def, [key]: next });
}

/** A copy of `schema` with another definition, keeping its metadata (the description a client reads). */
function withDef(schema: Schema, def: Def): Schema {
  const copy = (schema as unknown as { clone(def: Def): Schema }).clone(def);
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(copy, meta);
  return copy;
}
