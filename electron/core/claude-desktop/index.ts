import { connectClaudeDesktopOp } from './ops/connect_claude_desktop.js';
import { disconnectClaudeDesktopOp } from './ops/disconnect_claude_desktop.js';
import { getClaudeDesktopStatusOp } from './ops/get_claude_desktop_status.js';

export { ClaudeDesktopLink } from './service.js';
export const claudeDesktopOperations = [connectClaudeDesktopOp, disconnectClaudeDesktopOp, getClaudeDesktopStatusOp];
