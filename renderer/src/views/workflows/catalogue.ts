import { z } from 'zod';
import { contracts, contractsByName } from '../../../../shared/contracts.js';
import type { Contract } from '../../../../shared/operation.js';
import { toolsetLabel } from '../../../../shared/toolsets.js';

/**
 * The operations a workflow may call: those offered to workflows (`faces` has "workflow"). Person-only
 * operations (permissions, tokens, allowed folders) are not offered to workflows, and the engine
 * refuses them at validation, so they are never listed here.
 */
export const workflowOperations: readonly Contract[] = contracts.filter((c) => c.faces.includes('workflow'));

export interface PaletteGroup {
  label: string;
  operations: Contract[];
}

/** The palette's groups: one per toolset, in catalogue order. */
export const paletteGroups: readonly PaletteGroup[] = (() => {
  const groups = new Map<string, Contract[]>();
  for (const contract of workflowOperations) {
    const label = toolsetLabel(contract.domain);
    groups.set(label, [...(groups.get(label) ?? []), contract]);
  }
  return [...groups].map(([label, operations]) => ({ label, operations }));
})();

export function contractOf(name: string | undefined): Contract | undefined {
  return name ? contractsByName.get(name) : undefined;
}

/** An operation's title for the person ("Create customer"), never its name unless it has none. */
export function operationTitle(name: string | undefined): string {
  if (!name) return 'No operation chosen';
  return contractOf(name)?.title ?? name;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  title?: string;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | JsonSchema;
}

const inputSchemas = new Map<string, JsonSchema>();
const outputSchemas = new Map<string, JsonSchema>();

/** An operation's input as JSON Schema (zod 4's own conversion), made once per operation. */
export function inputSchema(name: string): JsonSchema | undefined {
  return convert(name, 'input', inputSchemas);
}

export function outputSchema(name: string): JsonSchema | undefined {
  return convert(name, 'output', outputSchemas);
}

function convert(name: string, io: 'input' | 'output', cache: Map<string, JsonSchema>): JsonSchema | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  const contract = contractOf(name);
  if (!contract) return undefined;
  const schema = z.toJSONSchema(contract[io], { io, unrepresentable: 'any' }) as JsonSchema;
  cache.set(name, schema);
  return schema;
}

/** A schema without the `| null` that means "not given" (shared/null-as-absent.ts). */
export function withoutNull(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const rest = options.filter((o) => o.type !== 'null');
    if (rest.length === 1)
      return { ...withoutNull(rest[0] as JsonSchema), description: schema.description ?? rest[0]?.description };
  }
  if (Array.isArray(schema.type)) {
    const rest = schema.type.filter((t) => t !== 'null');
    if (rest.length === 1) return { ...schema, type: rest[0] };
  }
  return schema;
}

/** The fields of an operation's output, for the template picker: `output.<field>`. */
export function outputFields(name: string): string[] {
  const schema = outputSchema(name);
  if (!schema) return [];
  const plain = withoutNull(schema);
  return Object.keys(plain.properties ?? {});
}
