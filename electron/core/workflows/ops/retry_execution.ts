import { retryExecution } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { rightsOf } from '../rights.js';

export const retryExecutionOp = implement(
  retryExecution,
  (ctx, input) =>
    ctx.services.workflows.summary(
      ctx.services.workflowEngine.retry(input.execution_id, input.from, rightsOf(ctx), ctx.caller.name),
      ctx.access,
    ),
  { transaction: false },
);
