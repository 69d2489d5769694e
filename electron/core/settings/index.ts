import { getAppInfoOp } from './ops/get_app_info.js';
import { getSettingsOp } from './ops/get_settings.js';
import { revealMcpTokenOp } from './ops/reveal_mcp_token.js';
import { rotateMcpTokenOp } from './ops/rotate_mcp_token.js';
import { updateSettingsOp } from './ops/update_settings.js';

export { SettingsService } from './service.js';
export { AppInfoService } from './app-info.js';
export const settingsOperations = [getSettingsOp, updateSettingsOp, getAppInfoOp, revealMcpTokenOp, rotateMcpTokenOp];
