import { homedir } from 'node:os';
import { OpError } from '../../shared/errors.js';
import { claudeDesktopEntry } from '../../shared/settings.js';
import { systemClock } from '../core/catalogue/context.js';
import { ClaudeDesktopLink } from '../core/claude-desktop/service.js';
import type { CliOptions } from './options.js';

/**
 * `officina connect claude` / `officina disconnect claude`: the Settings button's work, from a
 * terminal, for an installation from npm or a checkout. The entry runs this Node (absolute: Claude
 * Desktop starts servers with a minimal PATH) on this CLI, with the data directory, vault and
 * `--toolsets` given here. The person runs it, so it is theirs to decide; it needs no database.
 */
export function runClaudeLink(
  options: CliOptions,
  info: { cliPath: string; nodePath?: string; env?: NodeJS.ProcessEnv; home?: string; platform?: NodeJS.Platform },
): number {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (options.target !== 'claude') {
    process.stderr.write(
      `officina: ${options.command} takes the app to ${options.command === 'connect' ? 'connect to' : 'disconnect from'}: ` +
        `\`officina ${options.command} claude\` (Claude Desktop is the one there is).\n`,
    );
    return 2;
  }
  const link = new ClaudeDesktopLink({
    clock: systemClock,
    platform: info.platform ?? process.platform,
    env: info.env ?? process.env,
    home: info.home ?? homedir(),
  });
  try {
    if (options.command === 'connect') {
      const entry = claudeDesktopEntry(
        {
          node_path: info.nodePath ?? process.execPath,
          cli_path: info.cliPath,
          data_dir: options.dataDir,
          vault: options.vault,
          run_as_node: false,
        },
        options.toolsets,
      );
      const changes = link.connect(entry);
      out("Officina is now in Claude Desktop's settings. Restart Claude Desktop to use it.");
      for (const change of changes) {
        out(`  ${change.path}`);
        if (change.backup_path) out(`  (the file as it was: ${change.backup_path})`);
      }
      return 0;
    }
    const changes = link.disconnect();
    if (changes.length === 0) {
      out("Officina was not in Claude Desktop's settings; nothing was changed.");
      return 0;
    }
    out("Officina is no longer in Claude Desktop's settings. Restart Claude Desktop for it to take effect.");
    for (const change of changes) {
      out(`  ${change.path}`);
      if (change.backup_path) out(`  (the file as it was: ${change.backup_path})`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof OpError)) throw error;
    process.stderr.write(`officina: ${error.message}\n`);
    return 1;
  }
}
