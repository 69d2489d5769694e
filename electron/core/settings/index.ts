import { getAppInfoOp } from './ops/get_app_info.js';
import { getAppPreferencesOp } from './ops/get_app_preferences.js';
import { updateAppPreferencesOp } from './ops/update_app_preferences.js';
import { getSettingsOp } from './ops/get_settings.js';
import { revealMcpTokenOp } from './ops/reveal_mcp_token.js';
import { rotateMcpTokenOp } from './ops/rotate_mcp_token.js';
import { updateSettingsOp } from './ops/update_settings.js';

export { SettingsService } from './service.js';
export { AppInfoService } from './app-info.js';
export { AppPreferencesService } from './app-preferences.js';
export const settingsOperations = [
  getSettingsOp,
  updateSettingsOp,
  getAppInfoOp,
  revealMcpTokenOp,
  rotateMcpTokenOp,
  getAppPreferencesOp,
  updateAppPreferencesOp,
];
