import { pruneExecutions } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

// Its own transaction, then a vacuum (which cannot run inside one).
export const pruneExecutionsOp = implement(pruneExecutions, (ctx, input) => ctx.services.workflows.prune(input), {
  transaction: false,
});
