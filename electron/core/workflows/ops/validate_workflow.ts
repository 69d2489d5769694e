import { OpError } from '../../../../shared/errors.js';
import { validateWorkflow, type WorkflowStep } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { rightsOf } from '../rights.js';

export const validateWorkflowOp = implement(validateWorkflow, (ctx, input) => {
  const { workflows } = ctx.services;
  let steps = input.steps;
  let trigger = input.trigger;
  let rights = rightsOf(ctx);
  if (input.workflow_id !== undefined && workflows.exists(input.workflow_id)) {
    const saved = workflows.get(input.workflow_id);
    steps ??= saved.steps as WorkflowStep[];
    trigger ??= saved.trigger;
    if (saved.created_by === 'assistant') rights = 'assistant';
  }
  if (!steps) {
    throw new OpError('invalid_input', 'Give steps to check, or the workflow_id of a saved workflow.', [
      { path: 'steps', message: 'Required without a saved workflow_id' },
    ]);
  }
  const { problems, warnings } = workflows.validate({ steps, trigger }, input.workflow_id, rights);
  return { valid: problems.length === 0, problems, warnings };
});
