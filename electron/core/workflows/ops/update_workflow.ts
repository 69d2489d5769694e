import { updateWorkflow } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { rightsOf } from '../rights.js';

export const updateWorkflowOp = implement(updateWorkflow, (ctx, input) =>
  ctx.services.workflows.update(input, rightsOf(ctx), ctx.events),
);
