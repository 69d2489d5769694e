import { getWorkflow } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const getWorkflowOp = implement(getWorkflow, (ctx, input) =>
  ctx.services.workflows.get(input.workflow_id, input.version),
);
