import { connectClaudeDesktop } from '../../../../shared/claude-desktop.js';
import { OpError } from '../../../../shared/errors.js';
import { claudeDesktopEntry } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

// No transaction: it writes Claude Desktop's file, not the database (its activity entry follows).
export const connectClaudeDesktopOp = implement(
  connectClaudeDesktop,
  (ctx, input) => {
    const given = ctx.services.permissions.get().toolsets;
    const chosen = input.toolsets === undefined ? undefined : [...new Set(input.toolsets)];
    const strays = (chosen ?? []).filter((name) => !given.includes(name));
    if (strays.length > 0) {
      throw new OpError(
        'invalid_input',
        `Claude Desktop can get only toolsets that assistants get, and they do not get ${strays.join(', ')}. ` +
          'Give it to assistants first (Settings → Assistant permissions), or leave it out.',
        [{ path: 'toolsets', message: `Not given to assistants: ${strays.join(', ')}` }],
      );
    }
    // Every toolset assistants get: no --toolsets, so Claude Desktop follows the person's choice as it changes.
    const narrowed =
      chosen !== undefined && chosen.length < given.length ? given.filter((t) => chosen.includes(t)) : undefined;
    const entry = claudeDesktopEntry(ctx.services.appInfo.get(), narrowed);
    return { files: ctx.services.claudeDesktop.connect(entry), command: entry.command, args: entry.args };
  },
  { transaction: false },
);
