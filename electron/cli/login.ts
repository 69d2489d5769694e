import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../core/store/store.js';
import { PersonSessions } from '../mcp/http/person-sessions.js';
import { runningServes } from '../mcp/http/serve-addresses.js';
import type { CliOptions } from './options.js';

/**
 * `officina login`: a new one-time login link for the `officina serve` running on this data
 * directory, for when the link serve printed at start is used up or has expired. The code goes into
 * the database, where serve redeems it; the link goes to stdout (and nothing else does, so a script
 * can take it), a note on how to use it to stderr.
 */
export function runLogin(options: CliOptions): number {
  const startServe = `start \`officina serve --data-dir ${options.dataDir}\`: it prints a login link`;
  if (!existsSync(join(options.dataDir, 'officina.db'))) {
    process.stderr.write(`officina: there is no Officina database in ${options.dataDir}; ${startServe}.\n`);
    return 1;
  }
  // A short-lived process: checkpoints inline, no worker thread to start and stop.
  const store = Store.open(options.dataDir, { checkpoints: 'inline' });
  try {
    const serves = runningServes(store);
    if (serves.length === 0) {
      process.stderr.write(`officina: No \`officina serve\` is running on ${options.dataDir}; ${startServe}.\n`);
      return 1;
    }
    const code = new PersonSessions(store).createLoginCode();
    // One code for every serve on this data directory (usually one): it works once, in any of them.
    process.stdout.write(serves.map((url) => `${url}/login?code=${code}\n`).join(''));
    process.stderr.write('Open the link in your browser within ten minutes; it works once.\n');
    return 0;
  } finally {
    store.close();
  }
}
