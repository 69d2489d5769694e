import { z } from 'zod';
import { NULL_MEANS_ABSENT } from '../../shared/null-as-absent.js';
import { ACCEPTED_UNLISTED } from '../../shared/schemas.js';

/**
 * An operation's zod schemas as the JSON Schemas of its MCP tool (JSON Schema 2020-12, the dialect
 * MCP names), written to travel: every client maps them onto its model's function-calling dialect,
 * and the tool list is read on every connection.
 *
 * - A value that may be null is `anyOf: [{ type: T, … }, { type: "null" }]`, never `type: [T, "null"]`:
 *   dialects with one `type` per schema (Gemini's OpenAPI subset) refuse or flatten the array, and
 *   OpenAPI's `nullable: true` is not JSON Schema (a validating client would read it as "T only").
 *   An update's null (clear the field) is listed so; a null that only means "not given" is not
 *   (shared/null-as-absent.ts: accepted everywhere, said once in the server's instructions).
 * - What is checked where the call arrives, with a message naming the field, and tells a model nothing it
 *   would act on is not listed: string length bounds, an id's string form (shared/schemas.ts).
 * - Nothing that says nothing: zod's safe-integer bounds on every integer, `propertyNames: string`, a
 *   bare `{}` (a free-form object's values are `additionalProperties: true`; any other value that can
 *   be anything says which JSON types; under `not`, `{}` stays: `{ not: {} }` is a key that is refused).
 * - Output schemas give the shape only — names, types, enums, what is required, nested shapes — and
 *   leave out descriptions (the tool's description and the server's instructions say what results mean,
 *   and models do not read output schemas), validation limits and `additionalProperties: false` (a
 *   newer Officina may add a field). A shape used more than once in one tool's output is defined once,
 *   in `$defs`, and referenced (`#/$defs/…`, within the tool's schema: clients fetch nothing else).
 */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return portable(convert(schema, 'input'), 'input') as Record<string, unknown>;
}

export function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return sharedShapes(portable(convert(schema, 'output'), 'output') as Schema);
}

type Schema = Record<string, unknown>;
type Io = 'input' | 'output';

function convert(schema: z.ZodType, io: Io): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return rest;
}

/** Keywords whose values are schemas, maps of schemas, or lists of schemas. */
const SUBSCHEMA = new Set(['items', 'contains', 'not', 'if', 'then', 'else', 'additionalProperties', 'propertyNames']);
const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
/** What a reader needs to know the shape of a result; everything else is left out of output schemas. */
const OUTPUT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'enum',
  'const',
]);
/** Keywords that say something about the value; a schema with none of them accepts anything. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const ANY_JSON: Schema = {
  anyOf: ['object', 'array', 'string', 'number', 'boolean', 'null'].map((type) => ({ type })),
};

function portable(node: unknown, io: Io): unknown {
  if (Array.isArray(node)) return node.map((item) => portable(item, io));
  if (typeof node !== 'object' || node === null) return node;
  let out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (io === 'output' && !OUTPUT_KEYWORDS.has(key) && !(key === 'additionalProperties' && value !== false)) continue;
    if (
      (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) ||
      (key === 'maximum' && value === Number.MAX_SAFE_INTEGER)
    )
      continue;
    // A string's length bounds are checked where the call arrives, with a message naming the field;
    // listed, they cost ~5 KB of every tool list and tell a model nothing it would come near.
    if (io === 'input' && (key === 'maxLength' || (key === 'minLength' && value === 1))) continue;
    if (key === 'additionalProperties' && isEmptySchema(value)) {
      out[key] = true;
    } else if (key === 'not' && isEmptySchema(value)) {
      // `{ not: {} }` is the always-false schema (a key that is refused): the empty schema says it all here.
      out[key] = {};
    } else if (SUBSCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, sub]) => [name, portable(sub, io)]));
    } else if (SUBSCHEMA.has(key) || SUBSCHEMA_LISTS.has(key)) {
      const sub = portable(value, io);
      // Judged once converted: a key's length bounds are gone by then, leaving a plain string.
      if (key === 'propertyNames' && isPlainString(sub)) continue;
      out[key] = sub;
    } else {
      out[key] = value;
    }
  }
  // Before a type array is split: the marker sits beside `type: [T, "null"]` and would land in T's branch.
  if (NULL_MEANS_ABSENT in out) out = withoutAbsentNull(out);
  if (Array.isArray(out['type'])) out = splitTypes(out);
  if (Array.isArray(out['anyOf'])) out = withoutUnlisted(out);
  if (Array.isArray(out['anyOf'])) out = flattenAnyOf(out);
  if (!Object.keys(out).some((key) => !ANNOTATIONS.has(key))) out = { ...out, ...ANY_JSON };
  return out;
}

/**
 * A null that only means "not given" (shared/null-as-absent.ts) is not listed: leaving the member out
 * says the same, the server's instructions say null is taken as absent, and the branch cost ~5 KB of
 * every tool list. An update's null ("clear this field") is a value of its own and stays listed.
 */
function withoutAbsentNull(node: Schema): Schema {
  const { [NULL_MEANS_ABSENT]: _marked, ...rest } = node;
  if (Array.isArray(rest['type'])) {
    const types = (rest['type'] as string[]).filter((type) => type !== 'null');
    return { ...rest, type: types.length === 1 ? types[0] : types };
  }
  const branches = Array.isArray(rest['anyOf']) ? (rest['anyOf'] as Schema[]) : undefined;
  if (!branches) return rest;
  const kept = branches.filter((branch) => !(branch['type'] === 'null' && Object.keys(branch).length === 1));
  if (kept.length !== 1) return { ...rest, anyOf: kept };
  const { anyOf: _gone, ...outside } = rest;
  return { ...outside, ...(kept[0] as Schema) };
}

/** Branches a face accepts without listing (an id's string form, shared/schemas.ts) are left out. */
function withoutUnlisted(node: Schema): Schema {
  const branches = node['anyOf'] as Schema[];
  const kept = branches.filter((branch) => branch[ACCEPTED_UNLISTED] !== true);
  if (kept.length === branches.length) return node;
  if (kept.length !== 1) return { ...node, anyOf: kept };
  const { anyOf: _gone, ...outside } = node;
  return { ...outside, ...(kept[0] as Schema) };
}

/** `{ type: [a, b], …rest }` → `{ anyOf: [{ type: a, …rest }, { type: b }] }`, annotations kept outside. */
function splitTypes(node: Schema): Schema {
  const { type, ...rest } = node;
  const outside: Schema = {};
  const inside: Schema = {};
  for (const [key, value] of Object.entries(rest)) (ANNOTATIONS.has(key) ? outside : inside)[key] = value;
  const branches = (type as string[]).map((t) => (t === 'null' ? { type: t } : { type: t, ...inside }));
  return { ...outside, anyOf: branches };
}

/**
 * `anyOf: [{ anyOf: [a, b], description }, c]` → `description, anyOf: [a, b, c]` (a nullable union):
 * when the inner one carries nothing but annotations the outer one does not have already.
 */
function flattenAnyOf(node: Schema): Schema {
  const out: Schema = { ...node };
  const branches: Schema[] = [];
  for (const branch of node['anyOf'] as Schema[]) {
    const { anyOf: inner, ...rest } = branch;
    const liftable = Object.keys(rest).every((key) => ANNOTATIONS.has(key) && !(key in out));
    if (!Array.isArray(inner) || !liftable) {
      branches.push(branch);
      continue;
    }
    Object.assign(out, rest);
    branches.push(...(inner as Schema[]));
  }
  out['anyOf'] = branches;
  return out;
}

function isPlainString(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    (value as Schema)['type'] === 'string'
  );
}

function isEmptySchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Object.keys(value).some((key) => !ANNOTATIONS.has(key));
}

/** Smaller shapes are written out each time: a `$ref` and its definition would cost more. */
const MIN_SHARED_BYTES = 60;

/** Shapes (objects with properties) used more than once in one schema are defined once, in `$defs`. */

function sharedShapes(root: Schema): Schema {
  const seen = new Map<string, { count: number; name: string }>();
  const used = new Set<string>();
  const visit = (node: unknown, name: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, name));
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema;
    if (schema['properties'] !== undefined && node !== root) {
      const key = JSON.stringify(schema);
      const entry = seen.get(key);
      if (entry) entry.count++;
      else if (key.length >= MIN_SHARED_BYTES) seen.set(key, { count: 1, name: uniqueName(name, used) });
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties') {
        for (const [prop, sub] of Object.entries(value as Schema)) visit(sub, prop);
      } else visit(value, key === 'items' ? `${name}_item` : name);
    }
  };
  visit(root, 'shape');
  const shared = new Map([...seen].filter(([, entry]) => entry.count > 1).map(([key, entry]) => [key, entry.name]));
  if (shared.size === 0) return root;
  const defs: Schema = {};
  const replace = (node: unknown, top: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => replace(item, false));
    if (typeof node !== 'object' || node === null) return node;
    const name = top ? undefined : shared.get(JSON.stringify(node));
    if (name !== undefined) {
      // Defined once, from the first place it is seen: the definition may itself use other shared shapes.
      if (!(name in defs)) defs[name] = replace(node, true);
      return { $ref: `#/$defs/${name}` };
    }
    return Object.fromEntries(Object.entries(node as Schema).map(([key, value]) => [key, replace(value, false)]));
  };
  const result = replace(root, true) as Schema;
  return { ...result, $defs: defs };
}

function uniqueName(wanted: string, used: Set<string>): string {
  let name = wanted.replace(/[^A-Za-z0-9_]/g, '_') || 'shape';
  for (let i = 2; used.has(name); i++) name = `${wanted}_${i}`;
  used.add(name);
  return name;
}
