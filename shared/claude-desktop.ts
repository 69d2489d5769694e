import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';

/** One server in `claude_desktop_config.json`'s `mcpServers`: how Claude Desktop starts it. */
export interface ClaudeServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const ConfigFileChange = z.object({
  path: z.string().describe('The claude_desktop_config.json that was changed'),
  backup_path: z
    .string()
    .nullable()
    .describe('The copy of the file as it was before, beside it (null: there was no file)'),
  created: z.boolean().describe('True when the file did not exist before'),
});

// Person-only, like reveal_mcp_token and add_allowed_folder: these change which programs Claude Desktop
// starts on this computer and with what rights, which an assistant must never decide for itself.
export const connectClaudeDesktop = defineContract({
  name: 'connect_claude_desktop',
  domain: 'settings',
  reveals: [],
  title: 'Connect to Claude Desktop',
  description:
    "Add Officina's MCP server to Claude Desktop's settings (claude_desktop_config.json), keeping a copy of the file " +
    'first and every other server as it is. With toolsets, Claude Desktop gets only those of the toolsets the ' +
    'person gives assistants. For the person only.',
  input: z.strictObject({
    toolsets: z
      .array(z.string())
      .min(1, 'toolsets needs at least one toolset; leave it out to give Claude Desktop every toolset assistants get')
      .optional(),
  }),
  output: z.object({ files: z.array(ConfigFileChange), command: z.string(), args: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const disconnectClaudeDesktop = defineContract({
  name: 'disconnect_claude_desktop',
  domain: 'settings',
  reveals: [],
  title: 'Disconnect from Claude Desktop',
  description:
    "Remove Officina's entry from Claude Desktop's settings, keeping a copy of the file first; other servers stay. " +
    'For the person only.',
  input: z.strictObject({}),
  output: z.object({ files: z.array(ConfigFileChange.omit({ created: true })) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const ClaudeDesktopStatus = z.object({
  config_files: z.array(
    z.object({
      path: z.string(),
      connected: z.boolean().describe('The file has an "officina" server'),
      problem: z.string().nullable().describe('Why the file cannot be read or changed, for a person'),
    }),
  ),
  can_connect: z.boolean().describe('Claude Desktop seems installed here, so connecting has somewhere to write'),
  looked: z.array(z.string()).describe('The folders where Claude Desktop keeps its settings on this OS'),
});
export type ClaudeDesktopStatus = z.infer<typeof ClaudeDesktopStatus>;

export const getClaudeDesktopStatus = defineContract({
  name: 'get_claude_desktop_status',
  domain: 'settings',
  reveals: [],
  title: 'Get Claude Desktop status',
  description:
    "Whether Officina is in Claude Desktop's settings on this computer, and where those are. For the person only.",
  input: z.strictObject({}),
  output: ClaudeDesktopStatus,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const claudeDesktopContracts = [connectClaudeDesktop, disconnectClaudeDesktop, getClaudeDesktopStatus] as const;
