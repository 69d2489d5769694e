import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { UsageError, USAGE, parseCli, type CliOptions } from './options.js';

/** The project root: this file is out/node/electron/cli/main.js once built. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`officina: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  switch (options.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case 'mcp': {
      // Imported here so that `help` stays instant and `mcp` loads only what it needs.
      const { runMcp } = await import('./mcp.js');
      return runMcp(options, { version: version(), cliPath: join(ROOT, 'bin', 'officina.mjs') });
    }
    case 'doctor': {
      const { runDoctor } = await import('./doctor.js');
      return runDoctor(options, { cliPath: join(ROOT, 'bin', 'officina.mjs') });
    }
    case 'connect':
    case 'disconnect': {
      const { runClaudeLink } = await import('./claude-link.js');
      return runClaudeLink(options, { cliPath: join(ROOT, 'bin', 'officina.mjs') });
    }
    case 'login': {
      const { runLogin } = await import('./login.js');
      return runLogin(options);
    }
    case 'open': {
      const { runOpen } = await import('./open.js');
      return runOpen(options, {
        platform: process.platform,
        env: process.env,
        cliPath: join(ROOT, 'bin', 'officina.mjs'),
      });
    }
    case 'serve': {
      // Loading the app allocates in a burst that grows V8's young generation to 2 × 16 MB, which then
      // stays resident while serve idles (about 10 MB of its RSS; `node bench/run.mjs live`). Growth
      // is held back for the imports only; under load it grows as usual (2 is V8's default).
      setFlagsFromString('--semi-space-growth-factor=1');
      const { runServe } = await import('./serve.js');
      setFlagsFromString('--semi-space-growth-factor=2');
      return runServe(options, {
        version: version(),
        cliPath: join(ROOT, 'bin', 'officina.mjs'),
        staticDir: join(ROOT, 'out', 'renderer'),
      });
    }
    default:
      process.stderr.write(`officina: unknown command "${options.command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`officina: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
