import { getClaudeDesktopStatus } from '../../../../shared/claude-desktop.js';
import { implement } from '../../catalogue/operation.js';

export const getClaudeDesktopStatusOp = implement(getClaudeDesktopStatus, (ctx) => ctx.services.claudeDesktop.status());
