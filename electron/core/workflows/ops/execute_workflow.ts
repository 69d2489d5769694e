import { executeWorkflow } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { rightsOf } from '../rights.js';

/** Without `wait`, the seed's callers get the finished run when it ends within this; else the run so far. */
const DEFAULT_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 10 * 60_000;

// Outside the write queue: the run's steps are calls of their own, which would queue behind it.
export const executeWorkflowOp = implement(
  executeWorkflow,
  async (ctx, input) => {
    const { workflowEngine, workflows } = ctx.services;
    const parent = ctx.caller.kind === 'workflow' && ctx.caller.run ? ctx.caller.run : undefined;
    const run = workflowEngine.enqueue({
      workflowId: input.workflow_id,
      context: input.context ?? {},
      rights: rightsOf(ctx),
      startedBy: ctx.caller.name,
      trigger: parent ? `run ${parent.id}` : 'manual',
      parent,
    });
    if (input.wait !== false) {
      const total = workflows.get(run.workflow_id, run.version).steps.length;
      await workflowEngine.waitFor(
        run.id,
        input.wait === true ? LONGEST_WAIT_MS : DEFAULT_WAIT_MS,
        ctx.signal,
        (done, message) => ctx.progress(Math.min(done, total), total, message),
      );
    }
    return workflows.execution(run.id, ctx.access);
  },
  { transaction: false, queue: false },
);
