import { listWorkflowTemplates } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';
import { TEMPLATES } from '../templates.js';

export const listWorkflowTemplatesOp = implement(listWorkflowTemplates, () => ({
  items: [...TEMPLATES],
  next_cursor: null,
}));
