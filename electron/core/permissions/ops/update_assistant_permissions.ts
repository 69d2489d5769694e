import { contracts } from '../../../../shared/contracts.js';
import { updateAssistantPermissions } from '../../../../shared/permissions.js';
import { implement } from '../../catalogue/operation.js';

const assistantTools = new Set(
  contracts.filter((c) => c.faces.includes('mcp') || c.faces.includes('workflow')).map((c) => c.name),
);

export const updateAssistantPermissionsOp = implement(updateAssistantPermissions, (ctx, input) =>
  ctx.services.permissions.update(input, assistantTools, ctx.events),
);
