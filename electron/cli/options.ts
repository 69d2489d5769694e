import { delimiter, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, defaultVault } from '../core/config.js';
import { LOG_LEVELS, type LogLevel } from '../core/log.js';

export const DEFAULT_PORT = 7411;

export const USAGE = `Usage: officina <command> [options]

Commands:
  mcp      Serve MCP over stdio (what Claude Desktop starts)
  serve    Serve MCP over HTTP at /mcp, the web UI at /, the UI's API, /health and /ready
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
serve only:
  --port N             OFFICINA_PORT         default ${DEFAULT_PORT}; 0 picks a free port
  --host HOST          OFFICINA_HOST         default 127.0.0.1
  --allowed-host NAME  OFFICINA_ALLOWED_HOSTS  another Host name to accept; repeatable
  --no-auth                                  no token (loopback only; for the MCP conformance suite)
The HTTP token comes from OFFICINA_TOKEN, or is made at first run in <data-dir>/token (mode 0600).
mcp and serve stop gracefully on SIGTERM or SIGINT (calls under way finish); a second signal stops at once.
`;

export interface CliOptions {
  command: string;
  dataDir: string;
  vault: string;
  vaultPolling: boolean;
  logLevel: LogLevel;
  allowPaths: string[];
  allowPrivateHosts: string[];
  port: number;
  host: string;
  allowedHosts: string[];
  noAuth: boolean;
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
        'no-auth': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : values.version ? 'version' : (positionals[0] ?? 'help');
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);

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

  return {
    command,
    dataDir: resolve(values['data-dir'] ?? env['OFFICINA_DATA_DIR'] ?? defaultDataDir()),
    vault: resolve(values.vault ?? env['OFFICINA_VAULT'] ?? defaultVault()),
    vaultPolling: values['vault-polling'] ?? /^(1|true|yes)$/i.test(env['OFFICINA_VAULT_POLLING'] ?? ''),
    logLevel: logLevel as LogLevel,
    allowPaths: list(values['allow-path'], 'OFFICINA_ALLOW_PATHS').map((p) => resolve(p)),
    allowPrivateHosts: list(values['allow-private-hosts'], 'OFFICINA_ALLOW_PRIVATE_HOSTS'),
    port,
    host: values.host ?? env['OFFICINA_HOST'] ?? '127.0.0.1',
    allowedHosts: list(values['allowed-host'], 'OFFICINA_ALLOWED_HOSTS'),
    noAuth: values['no-auth'] ?? false,
  };
}
