import type { Problem, WorkflowStep } from '../../../../shared/workflows.js';
import { contractOf, inputSchema, withoutNull } from './catalogue.js';
import { STEP_KIND_TEXT, humanize } from './words.js';

/** A step as the person calls it: its name, else its operation's title, else its id. */
export function stepLabel(step: WorkflowStep | undefined, fallback = 'this step'): string {
  if (!step) return fallback;
  const kind = step.kind ?? 'op';
  return (
    step.name?.trim() || contractOf(step.tool_name)?.title || (kind === 'op' ? step.id : STEP_KIND_TEXT[kind].label)
  );
}

/** A field's name for the person, from the schema's title when it has one. */
function fieldLabel(step: WorkflowStep | undefined, path: string): string {
  const field =
    path
      .replace(/^parameters\.?/, '')
      .split('.')[0]
      ?.replace(/\[.*$/, '') ?? '';
  if (!field) return 'its input';
  const schema = step?.tool_name ? inputSchema(step.tool_name) : undefined;
  const title = schema ? withoutNull(schema).properties?.[field]?.title : undefined;
  return (title ?? humanize(field)).toLowerCase();
}

function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** Field names the engine writes in its messages, in the designer's words. */
const FIELD_WORDS: [RegExp, string][] = [
  [/\btool_name\b/g, 'an operation'],
  [/\berror_next\b/g, 'the step to go to on error'],
  [/\binvalid_next\b/g, 'the step for invalid items'],
  [/`if`/g, 'a condition'],
  [/\bon_error\b/g, 'on error'],
];

/**
 * What is wrong, in the person's words: "Step 'Find customer' needs an email" rather than a schema
 * path, and operations by their titles rather than their names.
 */
export function problemText(problem: Problem, steps: readonly WorkflowStep[]): string {
  const step = steps.find((s) => s.id === problem.step_id);
  const who = step ? `Step '${stepLabel(step)}'` : 'The workflow';
  let message = problem.message;
  if (step?.tool_name) {
    const prefix = `${step.tool_name}: `;
    if (message.startsWith(prefix)) message = message.slice(prefix.length);
  }
  message = message.replace(/"([a-z][a-z0-9_]*)"/g, (whole, name: string) => {
    const contract = contractOf(name);
    return contract ? `“${contract.title}”` : whole;
  });
  for (const [pattern, words] of FIELD_WORDS) message = message.replace(pattern, words);
  if (problem.path.includes('parameters')) {
    const label = fieldLabel(step, problem.path.replace(/^steps(\[\d+\]|\.\d+)\./, ''));
    if (/received undefined|required/i.test(message)) return `${who} needs ${withArticle(label)}.`;
    const expected = /expected (\w+), received (\w+)/i.exec(message);
    if (expected) return `${who}: ${label} should be ${withArticle(expected[1] as string)}.`;
    const unknown = /^Unknown field "(.+)"$/.exec(message);
    if (unknown) return `${who}: the operation does not take “${humanize(unknown[1] as string).toLowerCase()}”.`;
    return `${who}: ${label} — ${lowerFirst(message)}`;
  }
  return `${who}: ${lowerFirst(message)}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
