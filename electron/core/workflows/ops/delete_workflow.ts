import { deleteWorkflow } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const deleteWorkflowOp = implement(deleteWorkflow, (ctx, input) =>
  ctx.services.workflows.delete(input.workflow_id, ctx.events),
);
