import { getAssistantPermissions } from '../../../../shared/permissions.js';
import { implement } from '../../catalogue/operation.js';

export const getAssistantPermissionsOp = implement(getAssistantPermissions, (ctx) => ctx.services.permissions.get());
