// The MCP Bundle's entry (`npm run pack:mcpb` bundles it as server/index.js): `officina mcp` for Claude
// Desktop's one-click install. Claude Desktop refuses native modules inside a bundle on macOS, so the
// store runs on node:sqlite here, whatever the environment says; the rest is the stdio server as the
// CLI runs it, options included (`--toolsets`, `--allow-path`, ...).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SQLITE_DRIVER_ENV } from '../core/store/sqlite.js';
import { runMcp } from './mcp.js';
import { parseCli, USAGE, UsageError, type CliOptions } from './options.js';

process.env[SQLITE_DRIVER_ENV] = 'node';

// The manifest passes the folders the person chose in Claude Desktop as OFFICINA_DATA_DIR and
// OFFICINA_VAULT. One left empty reaches us as its placeholder, unreplaced: that means "not given"
// (the data directory the desktop app uses, the default vault).
for (const name of ['OFFICINA_DATA_DIR', 'OFFICINA_VAULT']) {
  const value = process.env[name];
  if (value !== undefined && (value.trim() === '' || /^\$\{user_config\.[^}]*\}$/.test(value.trim()))) {
    delete process.env[name];
  }
}

/** The bundle's version: the build writes it into the package.json beside this file. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

let options: CliOptions | undefined;
try {
  options = parseCli(['mcp', ...process.argv.slice(2)]);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`officina: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
if (options) {
  runMcp(options, { version: version(), cliPath: fileURLToPath(import.meta.url) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`officina: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
