import { delimiter, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, defaultVault } from '../core/config.js';
import { LOG_LEVELS, type LogLevel } from '../core/log.js';
import { parsePublicOrigin } from '../mcp/http/hosts.js';
import { TOOLSET_NAME } from '../../shared/toolsets.js';

export const DEFAULT_PORT = 7411;
export const DEFAULT_MAX_MCP_SESSIONS = 64;
export const DEFAULT_MCP_SESSION_IDLE = '30m';
const MAX_MCP_SESSIONS_LIMIT = 100_000;

export const USAGE = `Usage: officina <command> [options]

Commands:
  mcp      Serve MCP over stdio (what Claude Desktop starts)
  serve    Serve MCP over HTTP at /mcp, the web UI at /, the UI's API, /health and /ready
  login    Print a new one-time login link for the running serve (the one it printed at start
           works once, within ten minutes)
  open     The same, and open it in your browser where there is a desktop (--print-only: print it);
           with no serve running on the data directory, start one in the background first
  connect claude     Add Officina to Claude Desktop's settings (a copy of the file is kept beside it),
                     with this Node, this data directory, vault and --toolsets
  disconnect claude  Take Officina out of Claude Desktop's settings (a copy is kept beside it)
  doctor   Check this installation (Node, data directory, database, token, vault, logs, Claude
           Desktop) and say what to fix; changes nothing. Exit code 1 if a check fails.
  help     Show this help
  version  Show the version

Options (each also read from an environment variable; flag > env > default):
  --data-dir DIR       OFFICINA_DATA_DIR     database, logs, token (default: ${defaultDataDir()})
  --vault DIR          OFFICINA_VAULT        the document vault folder (default: ${defaultVault()})
  --vault-polling      OFFICINA_VAULT_POLLING  watch the vault by polling (network folders; uses more CPU)
  --log-level LEVEL    OFFICINA_LOG_LEVEL    debug | info | warn | error | silent (default: info)
  --allow-path DIR     OFFICINA_ALLOW_PATHS  a folder outside the vault that files may be read from or
                                             written to; repeatable (env: list split by "${delimiter}")
  --allow-private-hosts HOST  OFFICINA_ALLOW_PRIVATE_HOSTS  a host name, address or range (192.168.1.0/24)
                                             on the local network the scraper may fetch; repeatable
mcp and serve:
  --toolsets LIST      OFFICINA_TOOLSETS     give this server's assistants only these toolsets, comma-separated
                                             (customers,sales,...); of those the person turned on in Settings →
                                             Assistant permissions, never more (default: all of those)
  --output-schemas     OFFICINA_OUTPUT_SCHEMAS  list each tool's output schema too (for clients that check
                                             results or generate code from them; ~2× the tool list's size)
serve only:
  --port N             OFFICINA_PORT         default ${DEFAULT_PORT}; 0 picks a free port
  --host HOST          OFFICINA_HOST         default 127.0.0.1
  --allowed-host NAME  OFFICINA_ALLOWED_HOSTS  another Host name to accept; repeatable
  --public-origin URL  OFFICINA_PUBLIC_ORIGIN  the address people open behind a reverse proxy
                                             (https://office.example.com): its pages may use the UI,
                                             login links name it; repeatable (env: comma-separated)
  --restarts-on-exit   OFFICINA_RESTARTS_ON_EXIT  a process manager starts serve again when it stops
                                             (Docker --restart, Kubernetes, systemd Restart=): the app's
                                             "Restart now" may then stop it
  --no-auth                                  no token (loopback only; for the MCP conformance suite)
  --max-mcp-sessions N OFFICINA_MAX_MCP_SESSIONS  MCP sessions at once (default ${DEFAULT_MAX_MCP_SESSIONS}); at the cap
                                             the least recently used idle one is closed
  --mcp-session-idle T OFFICINA_MCP_SESSION_IDLE  close an MCP session idle this long: minutes, or 90s, 30m,
                                             2h (default ${DEFAULT_MCP_SESSION_IDLE})
The MCP token (for /mcp only) comes from OFFICINA_TOKEN, or is made at first run in <data-dir>/token
(mode 0600). The web UI and its API take the person's sign-in instead: a one-time login link.
mcp and serve stop gracefully on SIGTERM or SIGINT (calls under way finish); a second signal stops at once.
`;

export interface CliOptions {
  command: string;
  /** What `connect` and `disconnect` act on (`claude`). */
  target?: string | undefined;
  dataDir: string;
  vault: string;
  vaultPolling: boolean;
  logLevel: LogLevel;
  allowPaths: string[];
  allowPrivateHosts: string[];
  port: number;
  host: string;
  allowedHosts: string[];
  /** Origins of a reverse proxy in front (`https://office.example.com`), as parsePublicOrigin makes them. */
  publicOrigins: string[];
  noAuth: boolean;
  /** A process manager starts serve again when it stops: the person's "Restart now" may stop it. */
  restartsOnExit: boolean;
  maxMcpSessions: number;
  mcpSessionIdleMs: number;
  /** Undefined: every toolset the person gave assistants. */
  toolsets: string[] | undefined;
  outputSchemas: boolean;
  /** `open`: print the login link without opening a browser. */
  printOnly: boolean;
}

export class UsageError extends Error {}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        vault: { type: 'string' },
        'vault-polling': { type: 'boolean' },
        'log-level': { type: 'string' },
        'allow-path': { type: 'string', multiple: true },
        'allow-private-hosts': { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'public-origin': { type: 'string', multiple: true },
        'no-auth': { type: 'boolean' },
        'restarts-on-exit': { type: 'boolean' },
        'max-mcp-sessions': { type: 'string' },
        'mcp-session-idle': { type: 'string' },
        toolsets: { type: 'string' },
        'output-schemas': { type: 'boolean' },
        'print-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : values.version ? 'version' : (positionals[0] ?? 'help');
  const takesTarget = command === 'connect' || command === 'disconnect';
  if (positionals.length > (takesTarget ? 2 : 1))
    throw new UsageError(`Unexpected argument "${positionals[takesTarget ? 2 : 1]}".`);

  const list = (flag: string[] | undefined, envName: string) =>
    flag ?? (env[envName] ? (env[envName] ?? '').split(delimiter).filter(Boolean) : []);
  const logLevel = values['log-level'] ?? env['OFFICINA_LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  }
  const portText = values.port ?? env['OFFICINA_PORT'] ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}".`);

  const setting = (flag: string, envName: string, fallback: string) => {
    const fromFlag = values[flag as keyof typeof values];
    if (typeof fromFlag === 'string') return { text: fromFlag, source: `--${flag}` };
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv !== ''
      ? { text: fromEnv, source: `${envName} (--${flag})` }
      : { text: fallback, source: `--${flag}` };
  };
  const sessions = setting('max-mcp-sessions', 'OFFICINA_MAX_MCP_SESSIONS', String(DEFAULT_MAX_MCP_SESSIONS));
  const maxMcpSessions = Number(sessions.text);
  if (!/^\d+$/.test(sessions.text) || maxMcpSessions < 1 || maxMcpSessions > MAX_MCP_SESSIONS_LIMIT) {
    throw new UsageError(
      `${sessions.source} must be a whole number from 1 to ${MAX_MCP_SESSIONS_LIMIT}, not "${sessions.text}".`,
    );
  }
  const idle = setting('mcp-session-idle', 'OFFICINA_MCP_SESSION_IDLE', DEFAULT_MCP_SESSION_IDLE);
  const mcpSessionIdleMs = parseDuration(idle.text);
  if (mcpSessionIdleMs === undefined) {
    throw new UsageError(
      `${idle.source} must be a time such as 90s, 30m or 2h (a bare number is minutes), not "${idle.text}".`,
    );
  }

  // Commas in the environment, not the path delimiter: on macOS and Linux that is the colon of https://.
  const publicOriginTexts =
    values['public-origin'] ?? (env['OFFICINA_PUBLIC_ORIGIN'] ?? '').split(/[\s,]+/).filter(Boolean);
  const publicOrigins = publicOriginTexts.map((text) => {
    try {
      return parsePublicOrigin(text);
    } catch (error) {
      const message = (error as Error).message;
      throw new UsageError(
        values['public-origin']
          ? message
          : message.replace('--public-origin', 'OFFICINA_PUBLIC_ORIGIN (--public-origin)'),
      );
    }
  });

  const toolsetsText = values.toolsets ?? env['OFFICINA_TOOLSETS'];
  let toolsets: string[] | undefined;
  if (toolsetsText !== undefined && (values.toolsets !== undefined || toolsetsText !== '')) {
    const source = values.toolsets !== undefined ? '--toolsets' : 'OFFICINA_TOOLSETS (--toolsets)';
    toolsets = [...new Set(toolsetsText.split(',').map((name) => name.trim()))].filter(Boolean);
    const bad = toolsets.filter((name) => !TOOLSET_NAME.test(name));
    if (toolsets.length === 0 || bad.length > 0) {
      throw new UsageError(
        `${source} takes toolset names separated by commas, such as customers,documents` +
          `${bad.length > 0 ? `, not "${bad.join('", "')}"` : ''}.`,
      );
    }
  }

  return {
    command,
    target: takesTarget ? positionals[1] : undefined,
    dataDir: resolve(values['data-dir'] ?? env['OFFICINA_DATA_DIR'] ?? defaultDataDir()),
    vault: resolve(values.vault ?? env['OFFICINA_VAULT'] ?? defaultVault()),
    vaultPolling: values['vault-polling'] ?? /^(1|true|yes)$/i.test(env['OFFICINA_VAULT_POLLING'] ?? ''),
    logLevel: logLevel as LogLevel,
    allowPaths: list(values['allow-path'], 'OFFICINA_ALLOW_PATHS').map((p) => resolve(p)),
    allowPrivateHosts: list(values['allow-private-hosts'], 'OFFICINA_ALLOW_PRIVATE_HOSTS'),
    port,
    host: values.host ?? env['OFFICINA_HOST'] ?? '127.0.0.1',
    allowedHosts: list(values['allowed-host'], 'OFFICINA_ALLOWED_HOSTS'),
    publicOrigins,
    noAuth: values['no-auth'] ?? false,
    restartsOnExit: values['restarts-on-exit'] ?? /^(1|true|yes)$/i.test(env['OFFICINA_RESTARTS_ON_EXIT'] ?? ''),
    maxMcpSessions,
    mcpSessionIdleMs,
    toolsets,
    outputSchemas: values['output-schemas'] ?? /^(1|true|yes)$/i.test(env['OFFICINA_OUTPUT_SCHEMAS'] ?? ''),
    printOnly: values['print-only'] ?? false,
  };
}

const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 60 * 60_000 } as const;

/** "90s", "30m", "2h", or a bare number of minutes, in milliseconds; undefined if it is none of those or 0. */
function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([smh]?)$/.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] || 'm') as keyof typeof DURATION_UNITS_MS;
  return amount > 0 ? amount * DURATION_UNITS_MS[unit] : undefined;
}
