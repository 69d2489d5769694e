import { z } from 'zod';
import type { ClaudeServerEntry } from './claude-desktop.js';
import { PERSON_ONLY, defineContract } from './operation.js';
import { CountryCode, CurrencyCode, TimeZone } from './schemas.js';

/** Business settings the domains read. Assistant permissions and tokens are not here: they are person-only. */
export const Settings = z.object({
  default_country: z.string().describe('ISO 3166 code used for phone numbers and addresses without a country'),
  currency: z.string().describe('ISO 4217 code for new prices and orders'),
  tax_rate_bps: z.number().int().describe('Sales tax in basis points: 825 = 8.25%'),
  time_zone: z.string().describe('IANA time zone for reports and schedules'),
  business_name: z.string().describe('On invoices and packing slips'),
  business_address: z.string().describe('Postal address, one line per line, on invoices and packing slips'),
  business_tax_id: z.string().describe('VAT or tax number printed on invoices'),
  business_email: z.string(),
  business_phone: z.string(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  default_country: 'US',
  currency: 'USD',
  tax_rate_bps: 0,
  time_zone: 'UTC',
  business_name: '',
  business_address: '',
  business_tax_id: '',
  business_email: '',
  business_phone: '',
};

const businessText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} is at most ${max} characters`).optional();

// Business settings (country, currency, tax rate, time zone) are none of the kinds a person hides.
export const getSettings = defineContract({
  name: 'get_settings',
  domain: 'settings',
  reveals: [],
  title: 'Get settings',
  description:
    'Read the business settings: default country (for phone numbers), currency, tax rate in basis points, time ' +
    'zone, and the business details printed on invoices.',
  input: z.strictObject({}),
  output: Settings,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const updateSettings = defineContract({
  name: 'update_settings',
  domain: 'settings',
  reveals: [],
  title: 'Update settings',
  description:
    'Change business settings; fields left out stay as they are. tax_rate_bps is in basis points (825 = ' +
    '8.25%). Returns all settings.',
  input: z.strictObject({
    default_country: CountryCode.optional(),
    currency: CurrencyCode.optional(),
    tax_rate_bps: z
      .number()
      .int('tax_rate_bps is a whole number of basis points (825 = 8.25%)')
      .min(0, 'tax_rate_bps cannot be negative')
      .max(10_000, 'tax_rate_bps is at most 10000 (100%)')
      .optional(),
    time_zone: TimeZone.optional(),
    business_name: businessText('business_name', 200),
    business_address: businessText('business_address', 1_000),
    business_tax_id: businessText('business_tax_id', 100),
    business_email: businessText('business_email', 200),
    business_phone: businessText('business_phone', 50),
  }),
  output: Settings,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const AppInfo = z.object({
  version: z.string(),
  data_dir: z.string(),
  vault: z.string(),
  vault_exists: z.boolean(),
  /** False while the vault folder is away (see VaultState): the UI shows `vault_problem` as a banner. */
  vault_available: z.boolean(),
  vault_problem: z.string().nullable(),
  database_path: z.string(),
  node_path: z.string().describe('Absolute path of the Node 24 that runs the MCP server'),
  cli_path: z.string().describe('Absolute path of the officina command'),
  run_as_node: z
    .boolean()
    .describe("node_path is the desktop app's own executable, run as Node (ELECTRON_RUN_AS_NODE=1)"),
  claude_desktop_config: z.string().describe('JSON snippet for claude_desktop_config.json'),
  http_mcp_url: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/**
 * The `mcpServers.officina` entry of `claude_desktop_config.json` that starts this Officina's stdio
 * server, with absolute paths only (Claude Desktop starts servers with a minimal PATH): the desktop
 * app's own executable run as Node, or the absolute Node 24 and CLI of an installation from npm. With
 * `toolsets`, that server gives Claude Desktop only those, of the toolsets the person gave assistants
 * (`--toolsets` narrows); without, every toolset the person gives them, now or later.
 */
export function claudeDesktopEntry(
  info: Pick<AppInfo, 'node_path' | 'cli_path' | 'data_dir' | 'vault' | 'run_as_node'>,
  toolsets?: readonly string[],
): ClaudeServerEntry {
  const args = [info.cli_path, 'mcp', '--data-dir', info.data_dir, '--vault', info.vault];
  if (toolsets) args.push('--toolsets', toolsets.join(','));
  return info.run_as_node
    ? { command: info.node_path, args, env: { ELECTRON_RUN_AS_NODE: '1' } }
    : { command: info.node_path, args };
}

/** The whole snippet to paste into `claude_desktop_config.json`, for `claudeDesktopEntry`. */
export function claudeDesktopConfig(
  info: Pick<AppInfo, 'node_path' | 'cli_path' | 'data_dir' | 'vault' | 'run_as_node'>,
  toolsets?: readonly string[],
): string {
  return JSON.stringify({ mcpServers: { officina: claudeDesktopEntry(info, toolsets) } }, null, 2);
}

export const getAppInfo = defineContract({
  name: 'get_app_info',
  domain: 'settings',
  reveals: [],
  title: 'Get app info',
  description: 'Where Officina keeps its data and how to connect an MCP client to it.',
  input: z.strictObject({}),
  output: AppInfo,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const revealMcpToken = defineContract({
  name: 'reveal_mcp_token',
  domain: 'settings',
  reveals: [],
  title: 'Reveal MCP token',
  description: 'The bearer token MCP clients must send to the HTTP server. For the person only.',
  input: z.strictObject({}),
  output: z.object({ token: z.string() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const rotateMcpToken = defineContract({
  name: 'rotate_mcp_token',
  domain: 'settings',
  reveals: [],
  title: 'Rotate MCP token',
  description:
    'Replace the HTTP bearer token with a new random one and return it. A running `officina serve` accepts the ' +
    'new token and refuses the old one at once, so every client must be given the new token. For the person only.',
  input: z.strictObject({}),
  output: z.object({ token: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const settingsContracts = [getSettings, updateSettings, getAppInfo, revealMcpToken, rotateMcpToken] as const;
