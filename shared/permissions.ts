import { z } from 'zod';
import { DATA_KINDS, DataKindSchema } from './data-kinds.js';
import { PERSON_ONLY, defineContract } from './operation.js';
import { DEFAULT_TOOLSETS } from './toolsets.js';

export const ASSISTANT_MODES = ['full', 'read_only'] as const;

/** What the person lets assistants (MCP clients, workflows) do. Never reachable from those faces. */
export const AssistantPermissions = z.object({
  mode: z.enum(ASSISTANT_MODES).describe('"read_only" hides and refuses every tool that changes data'),
  disabled_tools: z.array(z.string()).describe('Tools turned off for assistants'),
  confirm_destructive: z
    .boolean()
    .describe('Ask the person before a destructive tool runs (MCP elicitation); refused where the client cannot ask'),
  // Rules saved before kinds of data could be hidden have no such field: they hid nothing.
  hidden_data: z
    .array(DataKindSchema)
    .default([])
    .describe(
      'Kinds of data assistants may not see: operations that show them are hidden and refused, or answer without them',
    ),
  toolsets: z
    .array(z.string())
    .describe(
      'Toolsets (groups of tools, one per domain) assistants are given; tools in the others are hidden and refused',
    ),
});
export type AssistantPermissions = z.infer<typeof AssistantPermissions>;

export const DEFAULT_PERMISSIONS: AssistantPermissions = {
  mode: 'full',
  disabled_tools: [],
  confirm_destructive: false,
  hidden_data: [],
  toolsets: [...DEFAULT_TOOLSETS],
};

export const getAssistantPermissions = defineContract({
  name: 'get_assistant_permissions',
  domain: 'settings',
  reveals: [],
  title: 'Get assistant permissions',
  description:
    'What assistants may do and see: read-only mode, tools turned off, confirmation of destructive tools, ' +
    'the kinds of data kept from them, and the toolsets they are given.',
  input: z.strictObject({}),
  output: AssistantPermissions,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const updateAssistantPermissions = defineContract({
  name: 'update_assistant_permissions',
  domain: 'settings',
  reveals: [],
  title: 'Update assistant permissions',
  description: 'Change what assistants may do. Fields left out stay as they are. For the person only.',
  input: z.strictObject({
    mode: z.enum(ASSISTANT_MODES, { error: 'mode must be "full" or "read_only"' }).optional(),
    disabled_tools: z.array(z.string().max(100)).max(500).optional(),
    confirm_destructive: z.boolean().optional(),
    hidden_data: z
      .array(DataKindSchema)
      .max(DATA_KINDS.length * 2)
      .optional(),
    toolsets: z.array(z.string().max(50)).max(100).optional(),
  }),
  output: AssistantPermissions,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const permissionContracts = [getAssistantPermissions, updateAssistantPermissions] as const;
