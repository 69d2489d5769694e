import { OpError } from '../../../../shared/errors.js';
import { createWorkflow, type WorkflowStep } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { rightsOf } from '../rights.js';
import { TEMPLATES } from '../templates.js';

export const createWorkflowOp = implement(createWorkflow, (ctx, { template, ...input }) => {
  let base: (typeof TEMPLATES)[number] | undefined;
  if (template !== undefined) {
    base = TEMPLATES.find((t) => t.template_id === template);
    if (!base) {
      throw new OpError(
        'not_found',
        `There is no template "${template}". The templates are: ${TEMPLATES.map((t) => t.template_id).join(', ')}.`,
        [{ path: 'template', message: 'No such template' }],
      );
    }
  }
  const name = input.name ?? base?.name;
  const steps = input.steps ?? (base?.steps as WorkflowStep[] | undefined);
  if (!name) throw new OpError('invalid_input', 'Give the workflow a name.', [{ path: 'name', message: 'Required' }]);
  if (!steps)
    throw new OpError('invalid_input', 'Give the workflow its steps, or a template.', [
      { path: 'steps', message: 'Required' },
    ]);
  return ctx.services.workflows.create(
    {
      ...input,
      name,
      steps,
      description: input.description ?? base?.description,
      trigger: input.trigger ?? base?.trigger,
    },
    rightsOf(ctx),
    ctx.events,
  );
});
