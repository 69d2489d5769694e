import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../core/store/store.js';
import { PersonSessions } from '../mcp/http/person-sessions.js';
import { runningServes } from '../mcp/http/serve-addresses.js';
import { startBackgroundServe, type StartedServe } from './background-serve.js';
import type { CliOptions } from './options.js';

/** A command that opens a URL in the person's browser, as an argument list (never a shell string). */
export interface Opener {
  command: string;
  args: string[];
}

/**
 * How to open `url` on this platform, or undefined where no desktop is there to open it in (a server
 * reached over SSH, a container): then the link is only printed. `BROWSER` (as git and Python's
 * webbrowser read it) names another program.
 */
export function openerFor(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Opener | undefined {
  const browser = env['BROWSER']?.trim();
  if (browser) return { command: browser, args: [url] };
  switch (platform) {
    case 'darwin':
      return env['SSH_CONNECTION'] ? undefined : { command: 'open', args: [url] };
    case 'win32':
      // explorer.exe opens a URL in the default browser; `start` would need cmd.exe and its quoting.
      return { command: 'explorer.exe', args: [url] };
    default:
      // Linux and the BSDs: a desktop session says so in DISPLAY (X11) or WAYLAND_DISPLAY.
      return env['DISPLAY'] || env['WAYLAND_DISPLAY'] ? { command: 'xdg-open', args: [url] } : undefined;
  }
}

export interface OpenDeps {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The `officina` script, to start a serve with when none runs. */
  cliPath: string;
}

/**
 * `officina open`: a fresh one-time login link for the `officina serve` running on this data
 * directory, printed to stdout and, where there is a desktop (and not `--print-only`), opened in the
 * browser. When no serve runs there, one is started in the background first (with the options given
 * here, as `officina serve` would take them), and the person is told how to stop it. For a new browser
 * tab or another browser: one that was signed in stays so for 30 days.
 */
export async function runOpen(options: CliOptions, deps: OpenDeps): Promise<number> {
  let serve = existsSync(join(options.dataDir, 'officina.db')) ? servesOn(options.dataDir)[0] : undefined;
  if (serve === undefined) {
    let started: StartedServe;
    try {
      started = await startBackgroundServe(options, deps.cliPath);
    } catch (error) {
      process.stderr.write(
        `officina: No \`officina serve\` was running on ${options.dataDir}, and starting one failed: ` +
          `${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
    const stop = deps.platform === 'win32' ? `taskkill /PID ${started.pid}` : `kill ${started.pid}`;
    process.stderr.write(
      `No \`officina serve\` was running on ${options.dataDir}, so one was started in the background at ` +
        `${started.url} (process ${started.pid}); it keeps running after this command, writing to ` +
        `${started.log}. Stop it with \`${stop}\`.\n`,
    );
    serve = servesOn(options.dataDir)[0] ?? started.url;
  }
  let link: string;
  // A short-lived process: checkpoints inline, no worker thread to start and stop.
  const store = Store.open(options.dataDir, { checkpoints: 'inline' });
  try {
    link = `${serve}/login?code=${new PersonSessions(store).createLoginCode()}`;
  } finally {
    store.close();
  }
  process.stdout.write(`${link}\n`);
  const opener = options.printOnly ? undefined : openerFor(link, deps.platform, deps.env);
  if (!opener) {
    process.stderr.write('Open the link in your browser within ten minutes; it works once.\n');
    return 0;
  }
  const opened = await launch(opener);
  process.stderr.write(
    opened === true
      ? 'Opened in your browser. If it did not open, open the link above within ten minutes; it works once.\n'
      : `Could not open a browser (${opened}); open the link above within ten minutes, it works once.\n`,
  );
  return 0;
}

/** The serves running on `dataDir`, newest first. */
function servesOn(dataDir: string): string[] {
  const store = Store.open(dataDir, { checkpoints: 'inline' });
  try {
    return runningServes(store);
  } finally {
    store.close();
  }
}

/** Starts the opener and leaves it running; true once it started, else why it could not. */
function launch(opener: Opener): Promise<true | string> {
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', (error) => resolve(`${opener.command}: ${error.message}`));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
