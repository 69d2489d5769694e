import { listWorkflows } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const listWorkflowsOp = implement(listWorkflows, (ctx, input) => ctx.services.workflows.list(input));
