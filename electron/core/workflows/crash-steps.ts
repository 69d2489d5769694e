import type { WorkflowStep } from '../../../shared/workflows.js';

/**
 * The five steps the crash test and the bench run: a transactional write that must happen once (a
 * customer with a unique email), a short wait, a file write that is not safe to repeat (no overwrite:
 * a second write fails), a read, and an idempotent update.
 */
export const CRASH_STEPS: WorkflowStep[] = [
  {
    id: 'customer',
    tool_name: 'create_customer',
    parameters: { name: 'Run {{ run.id }}', email: 'run-{{ run.id }}@crash.example' },
  },
  { id: 'pause', kind: 'delay', seconds: 0.02 },
  {
    id: 'note',
    tool_name: 'upload_document',
    parameters: { content: 'run {{ run.id }}', destination: 'crash/run-{{ run.id }}.md' },
  },
  { id: 'read', tool_name: 'get_customer', parameters: { customer_id: '{{ steps.customer.output.id }}' } },
  {
    id: 'tag',
    tool_name: 'update_customer',
    parameters: { customer_id: '{{ steps.customer.output.id }}', notes: 'done by run {{ run.id }}' },
  },
];
