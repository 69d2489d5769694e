import { getAssistantPermissionsOp } from './ops/get_assistant_permissions.js';
import { updateAssistantPermissionsOp } from './ops/update_assistant_permissions.js';

export { checkProcessToolsets, PermissionsService } from './service.js';
export const permissionOperations = [getAssistantPermissionsOp, updateAssistantPermissionsOp];
