import { disconnectClaudeDesktop } from '../../../../shared/claude-desktop.js';
import { implement } from '../../catalogue/operation.js';

export const disconnectClaudeDesktopOp = implement(
  disconnectClaudeDesktop,
  (ctx) => ({ files: ctx.services.claudeDesktop.disconnect() }),
  { transaction: false },
);
