import { getWorkflowMetrics } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const getWorkflowMetricsOp = implement(getWorkflowMetrics, (ctx, input) =>
  ctx.services.workflows.metrics(input),
);
