import { Cron } from 'croner';
import type { z } from 'zod';
import type { Contract } from '../../../shared/operation.js';
import type { Problem, StepKind, WorkflowStep, WorkflowTrigger } from '../../../shared/workflows.js';
import { zodIssues } from '../catalogue/errors.js';
import { ExpressionError, compile, hasTemplate, seedCondition, stepsReadBy, templatesIn } from './expressions.js';

export interface CatalogueView {
  contract(name: string): Contract | undefined;
  allows(name: string, face: 'workflow', rights: 'person' | 'assistant'): { allowed: boolean; reason?: string };
}

export function kindOf(step: WorkflowStep): StepKind {
  return step.kind ?? 'op';
}

/** Where a step goes next by default: the one after it in the list, or the end. */
export function defaultNext(steps: readonly WorkflowStep[], index: number): string | null {
  return steps[index + 1]?.id ?? null;
}

/** Every edge out of a step, for cycles and reachability. */
export function edgesOf(steps: readonly WorkflowStep[], index: number): string[] {
  const step = steps[index] as WorkflowStep;
  const fallThrough = step.next !== undefined ? step.next : defaultNext(steps, index);
  const out = [fallThrough];
  if (kindOf(step) === 'condition') {
    out.push(step.then !== undefined ? step.then : fallThrough, step.else !== undefined ? step.else : fallThrough);
  }
  if (step.on_error === 'goto') out.push(step.error_next ?? null);
  if (step.invalid_next !== undefined) out.push(step.invalid_next);
  return out.filter((e): e is string => typeof e === 'string');
}

/**
 * Every problem of a definition, each with its step: a run never starts on a definition that has one.
 * `rights` 'assistant' also refuses operations the assistant may not call now.
 */
export function validateDefinition(
  input: { steps: readonly WorkflowStep[]; trigger?: WorkflowTrigger | undefined; workflowId?: string | undefined },
  catalogue: CatalogueView,
  rights: 'person' | 'assistant',
): { problems: Problem[]; warnings: string[] } {
  const { steps } = input;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const at = (i: number, field: string) => `steps.${i}${field ? `.${field}` : ''}`;
  const add = (i: number | null, field: string, message: string) =>
    problems.push({
      step_id: i === null ? null : (steps[i]?.id ?? null),
      path: i === null ? field : at(i, field),
      message,
    });

  if (steps.length === 0) add(null, 'steps', 'A workflow needs at least one step.');
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (index.has(step.id)) add(i, 'id', `Step id "${step.id}" is used twice; give each step its own id.`);
    else index.set(step.id, i);
  });

  const checkEdge = (i: number, field: string, target: string | null | undefined) => {
    if (target === undefined || target === null) return;
    if (!index.has(target)) add(i, field, `"${target}" is not a step of this workflow.`);
  };

  const checkExpression = (i: number | null, field: string, text: string) => {
    if (seedCondition(text)) return;
    try {
      compile(text);
    } catch (error) {
      const message = error instanceof ExpressionError ? error.message : String(error);
      if (i === null) add(null, field, `The expression does not parse: ${message}`);
      else add(i, field, `The expression "${text}" does not parse: ${message}`);
    }
  };

  const checkTemplates = (i: number, field: string, value: unknown) => {
    for (const t of templatesIn(value, field)) checkExpression(i, t.path, t.expression);
  };

  steps.forEach((step, i) => {
    const kind = kindOf(step);
    if ((kind === 'op' || kind === 'foreach') && !step.tool_name) {
      add(
        i,
        'tool_name',
        step.kind
          ? `A ${kind} step needs tool_name: the operation to call.`
          : 'Give tool_name (the operation to call) or a kind.',
      );
    }
    if (step.tool_name && (kind === 'op' || kind === 'foreach')) checkOperation(i, step, kind);
    if (kind === 'condition' && !step.if)
      add(i, 'if', 'A condition step needs `if`: the expression choosing then or else.');
    if ((kind === 'foreach' || kind === 'validate') && step.items === undefined)
      add(i, 'items', `A ${kind} step needs items: the list to go through.`);
    if (kind === 'transform' && step.output === undefined)
      add(i, 'output', 'A transform step needs output: the shape to make.');
    if (kind === 'validate' && !step.rules?.length)
      add(i, 'rules', 'A validate step needs rules: [{ check, message }].');
    if (kind === 'delay' && step.seconds === undefined && step.until === undefined)
      add(i, 'seconds', 'A delay step needs seconds or until.');
    if (kind === 'export') {
      if (!step.format) add(i, 'format', 'An export step needs format: csv or json.');
      if (step.data === undefined) add(i, 'data', 'An export step needs data: what to write.');
      if (!step.destination) add(i, 'destination', 'An export step needs destination: a path in the vault.');
    }
    if (step.on_error === 'goto' && !step.error_next)
      add(i, 'error_next', 'on_error "goto" needs error_next: the step to go to.');
    for (const field of ['next', 'then', 'else', 'error_next', 'invalid_next'] as const)
      checkEdge(i, field, step[field]);
    if (step.error_next === step.id || step.next === step.id) add(i, 'next', 'A step cannot go to itself.');
    for (const field of ['condition', 'if'] as const) {
      const text = step[field];
      if (text) checkExpression(i, field, text.replace(/^\s*\{\{([\s\S]+)\}\}\s*$/, '$1').trim());
    }
    step.rules?.forEach((rule, r) => checkExpression(i, `rules.${r}.check`, rule.check));
    for (const field of ['parameters', 'items', 'output', 'data', 'destination', 'until'] as const) {
      checkTemplates(i, field, step[field]);
    }
  });

  function checkOperation(i: number, step: WorkflowStep, kind: StepKind) {
    const name = step.tool_name as string;
    const contract = catalogue.contract(name);
    if (!contract) {
      add(i, 'tool_name', `There is no operation named "${name}".`);
      return;
    }
    const verdict = catalogue.allows(name, 'workflow', rights);
    if (!verdict.allowed) add(i, 'tool_name', verdict.reason ?? `"${name}" cannot be called from a workflow.`);
    if (name === 'execute_workflow') {
      const target = (step.parameters ?? {})['workflow_id'];
      if (input.workflowId !== undefined && target === input.workflowId && !step.condition) {
        add(
          i,
          'parameters.workflow_id',
          'The workflow runs itself with no condition: it would never end. Add a condition that turns false.',
        );
      }
    }
    // The input, as far as it can be known before the run: literal values checked against the
    // operation's schema; templated values (known only then) left out, and any complaint about them.
    const parameters = step.parameters ?? {};
    const templated = Object.keys(parameters).filter((k) => hasTemplate(parameters[k]));
    if (kind === 'foreach' && Object.keys(parameters).length === 0) return;
    const literal = Object.fromEntries(Object.entries(parameters).filter(([k]) => !templated.includes(k)));
    const parsed = (contract.input as z.ZodType).safeParse(literal);
    if (parsed.success) return;
    for (const issue of zodIssues(parsed.error)) {
      const top = issue.path.split('.')[0]?.replace(/\[.*$/, '') ?? '';
      if (templated.includes(top)) continue;
      // With templated values unknown, a rule across fields ("give either a or b") cannot be judged:
      // only what the literal values show is reported (their types, unknown fields, missing fields).
      const literalIssue =
        top in literal ||
        issue.message.startsWith('Unknown field') ||
        (!(top in parameters) && issue.message.includes('received undefined'));
      if (templated.length > 0 && !literalIssue) continue;
      add(i, issue.path ? `parameters.${issue.path}` : 'parameters', `${name}: ${issue.message}`);
    }
  }

  // Cycles: the steps must form a graph without loops, so every run ends and each step runs once.
  const color = new Map<string, 0 | 1 | 2>();
  const trail: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string) => {
    color.set(id, 1);
    trail.push(id);
    const i = index.get(id) as number;
    for (const target of edgesOf(steps, i)) {
      if (!index.has(target)) continue;
      const c = color.get(target) ?? 0;
      if (c === 1) {
        const loop = [...trail.slice(trail.indexOf(target)), target];
        const key = [...loop].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          add(i, 'next', `Steps ${loop.join(' → ')} form a cycle: a run would never end. Point an edge forward.`);
        }
      } else if (c === 0) visit(target);
    }
    trail.pop();
    color.set(id, 2);
  };
  for (const step of steps) if (!color.get(step.id)) visit(step.id);

  // What each step may read: the steps that can run before it (they reach it along the edges).
  if (problems.every((p) => !p.message.includes('cycle'))) {
    const before = new Map<string, Set<string>>();
    const reach = (from: string, seen = new Set<string>()): Set<string> => {
      const i = index.get(from);
      if (i === undefined) return seen;
      for (const t of edgesOf(steps, i)) {
        if (!seen.has(t)) {
          seen.add(t);
          reach(t, seen);
        }
      }
      return seen;
    };
    for (const step of steps) {
      for (const t of reach(step.id)) {
        let set = before.get(t);
        if (!set) before.set(t, (set = new Set()));
        set.add(step.id);
      }
    }
    steps.forEach((step, i) => {
      const texts: { path: string; expression: string }[] = [];
      for (const field of ['condition', 'if'] as const) {
        const text = step[field];
        if (text) texts.push({ path: field, expression: text.replace(/^\s*\{\{([\s\S]+)\}\}\s*$/, '$1').trim() });
      }
      step.rules?.forEach((rule, r) => texts.push({ path: `rules.${r}.check`, expression: rule.check }));
      for (const field of ['parameters', 'items', 'output', 'data', 'destination', 'until'] as const) {
        texts.push(...templatesIn(step[field], field));
      }
      for (const { path, expression } of texts) {
        let read: string[];
        try {
          read = stepsReadBy(expression);
        } catch {
          continue; // reported above
        }
        for (const id of read) {
          if (!index.has(id)) add(i, path, `"${expression}" reads step "${id}", which this workflow does not have.`);
          else if (id === step.id)
            add(i, path, `"${expression}" reads the step's own output, which it does not have yet.`);
          else if (!before.get(step.id)?.has(id))
            add(i, path, `"${expression}" reads step "${id}", which does not run before this one.`);
        }
      }
    });
  }

  const trigger = input.trigger;
  if (trigger?.type === 'schedule') {
    try {
      new Cron(trigger.cron, { paused: true, timezone: trigger.timezone });
    } catch (error) {
      add(null, 'trigger.cron', `The schedule "${trigger.cron}" is not a cron pattern: ${(error as Error).message}`);
    }
  }
  if (trigger?.type === 'event') {
    if (trigger.when) checkExpression(null, 'trigger.when', trigger.when);
    if (trigger.folder !== undefined && trigger.folder.split(/[\\/]/).includes('..')) {
      add(
        null,
        'trigger.folder',
        `The folder "${trigger.folder}" is not inside the vault: give a folder such as inbox or clients/2026.`,
      );
    }
    if (trigger.folder !== undefined && trigger.event !== 'document.changed') {
      add(
        null,
        'trigger.folder',
        'Only documents are in folders: a folder narrows document changes, not other events.',
      );
    }
    if (
      trigger.status !== undefined &&
      (trigger.event !== 'record.changed' || (trigger.entity ?? 'order') !== 'order')
    ) {
      add(
        null,
        'trigger.status',
        'Only orders have a status here: a status narrows changes to orders, not other records or events.',
      );
    }
  }
  return { problems, warnings };
}
