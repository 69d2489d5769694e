import { MAX_STEPS, WorkflowStep } from '../../../../shared/workflows.js';

/*
 * Steps travel through the system clipboard as JSON tagged as ours, so they paste into another
 * workflow, in another tab or window, and read as plain text anywhere else. What comes back is
 * checked step by step against the same schema the engine uses before anything is added.
 */
const TAG = 'officina/workflow-steps';

export function stepsToClipboardText(steps: readonly WorkflowStep[]): string {
  return JSON.stringify({ kind: TAG, version: 1, steps }, null, 2);
}

export type ClipboardSteps = { ok: true; steps: WorkflowStep[] } | { ok: false; message: string };

/** What the clipboard holds, as steps, or why it cannot be pasted (in the person's words). */
export function stepsFromClipboardText(text: string): ClipboardSteps {
  const notSteps = {
    ok: false,
    message: 'The clipboard does not hold steps copied from a workflow. Copy steps in the designer first.',
  } as const;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return notSteps;
  }
  if (value === null || typeof value !== 'object' || (value as { kind?: unknown }).kind !== TAG) return notSteps;
  const steps = (value as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || steps.length === 0) return notSteps;
  if (steps.length > MAX_STEPS) {
    return { ok: false, message: `The clipboard holds ${steps.length} steps; a workflow has at most ${MAX_STEPS}.` };
  }
  const out: WorkflowStep[] = [];
  for (const [i, step] of steps.entries()) {
    const parsed = WorkflowStep.safeParse(step);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return {
        ok: false,
        message: `Copied step ${i + 1} cannot be pasted: ${field === undefined ? 'it is not a step' : `its “${String(field)}” is not valid`}.`,
      };
    }
    out.push(parsed.data);
  }
  return { ok: true, steps: out };
}
