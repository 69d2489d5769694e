import { getExecutionStatus } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const getExecutionStatusOp = implement(getExecutionStatus, (ctx, input) =>
  ctx.services.workflows.execution(input.execution_id, ctx.access),
);
