import { cancelExecution } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const cancelExecutionOp = implement(cancelExecution, (ctx, input) =>
  ctx.services.workflows.summary(ctx.services.workflowEngine.cancel(input.execution_id, ctx.events), ctx.access),
);
