import { listExecutions } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const listExecutionsOp = implement(listExecutions, (ctx, input) =>
  ctx.services.workflows.listRuns(input, ctx.access),
);
