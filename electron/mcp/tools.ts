import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Contract } from '../../shared/operation.js';

const cache = new WeakMap<Contract, Tool>();

/** An operation's contract as an MCP tool: JSON Schemas from the zod schemas, honest annotations. */
export function toolFor(contract: Contract): Tool {
  let tool = cache.get(contract);
  if (tool) return tool;
  tool = {
    name: contract.name,
    title: contract.title,
    description: contract.description,
    inputSchema: jsonSchema(contract.input, 'input') as Tool['inputSchema'],
    outputSchema: jsonSchema(contract.output, 'output') as Tool['outputSchema'],
    annotations: { title: contract.title, ...contract.annotations },
  };
  cache.set(contract, tool);
  return tool;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}
