import type { WorkflowStep } from '../../../../shared/workflows.js';
import { outputFields } from './catalogue.js';
import { contextKeys, kindOf, stepsBefore } from './definition.js';
import { stepLabel } from './problems.js';
import { RUN_INPUT } from './SchemaFields.js';
import type { TemplateGroup } from './TemplateMenu.js';
import { humanize } from './words.js';

/** What a step's fields may read: the run's input, the run, the current item, earlier steps' results. */
export function templateGroups(steps: readonly WorkflowStep[], step: WorkflowStep): TemplateGroup[] {
  const groups: TemplateGroup[] = [
    {
      label: RUN_INPUT,
      choices: contextKeys(steps).map((key) => ({ label: humanize(key), template: `{{ context.${key} }}` })),
    },
  ];
  if (kindOf(step) === 'foreach') {
    groups.push({ label: 'For each item', choices: [{ label: 'The current item', template: '{{ item }}' }] });
  }
  for (const earlier of stepsBefore(steps, step.id)) {
    const base = `steps.${earlier.id}.output`;
    const fields = outputFieldsOf(earlier);
    groups.push({
      label: stepLabel(earlier),
      choices: [
        ...fields.map((field) => ({ label: humanize(field), template: `{{ ${base}.${field} }}` })),
        { label: 'Its whole result', template: `{{ ${base} }}` },
      ],
    });
  }
  groups.push({ label: 'This run', choices: [{ label: 'Run number', template: '{{ run.id }}' }] });
  return groups;
}

function outputFieldsOf(step: WorkflowStep): string[] {
  switch (kindOf(step)) {
    case 'op':
      return step.tool_name ? outputFields(step.tool_name) : [];
    case 'transform':
      return step.output && typeof step.output === 'object' && !Array.isArray(step.output)
        ? Object.keys(step.output)
        : [];
    case 'validate':
      return ['valid', 'invalid', 'valid_count', 'invalid_count'];
    case 'condition':
      return ['branch', 'value'];
    case 'export':
      return ['document_id', 'size', 'version'];
    default:
      return [];
  }
}

/** For expression fields (conditions, rules): the same values without the {{ }}. */
export function bare(groups: readonly TemplateGroup[]): TemplateGroup[] {
  return groups.map((g) => ({
    ...g,
    choices: g.choices.map((c) => ({ ...c, template: c.template.replace(/^\{\{\s*|\s*\}\}$/g, '') })),
  }));
}
