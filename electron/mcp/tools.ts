import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Annotations, Contract } from '../../shared/operation.js';
import { inputJsonSchema, outputJsonSchema } from './tool-schemas.js';

export interface ToolOptions {
  /** List each tool's output schema (`--output-schemas`): for clients that check results or generate code. */
  outputSchemas?: boolean;
}

const withoutOutput = new WeakMap<Contract, Tool>();
const withOutput = new WeakMap<Contract, Tool>();

/** An operation's contract as an MCP tool: portable JSON Schemas from the zod schemas, honest annotations. */
export function toolFor(contract: Contract, options: ToolOptions = {}): Tool {
  const cache = options.outputSchemas ? withOutput : withoutOutput;
  let tool = cache.get(contract);
  if (tool) return tool;
  const base = withoutOutput.get(contract) ?? {
    name: contract.name,
    title: contract.title,
    description: contract.description,
    inputSchema: inputJsonSchema(contract.input) as Tool['inputSchema'],
    annotations: toolAnnotations(contract.annotations),
  };
  withoutOutput.set(contract, base);
  tool = options.outputSchemas
    ? { ...base, outputSchema: outputJsonSchema(contract.output) as Tool['outputSchema'] }
    : base;
  cache.set(contract, tool);
  return tool;
}

/** The spec's defaults for a hint left out (MCP 2025-06-18 ToolAnnotations). */
const HINT_DEFAULTS: Required<Annotations> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/**
 * The hints a client acts on, each only where it differs from the spec's default (a client reads a
 * missing hint as its default). The title is the tool's own `title` (MCP 2025-06-18), not repeated
 * here; destructive and idempotent mean something only for a tool that writes (the spec's words), so
 * a read-only tool says neither.
 */
function toolAnnotations(annotations: Annotations): Tool['annotations'] {
  const hints = { ...annotations };
  if (hints.readOnlyHint === true) {
    delete hints.destructiveHint;
    delete hints.idempotentHint;
  }
  for (const key of Object.keys(HINT_DEFAULTS) as (keyof Annotations)[]) {
    if (hints[key] === HINT_DEFAULTS[key]) delete hints[key];
  }
  return hints;
}
