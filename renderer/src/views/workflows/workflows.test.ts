import { describe, expect, it } from 'vitest';
import type { WorkflowStep } from '../../../../shared/workflows.js';
import { inputSchema, outputFields, paletteGroups, workflowOperations } from './catalogue.js';
import {
  connect,
  contextKeys,
  edgesOf,
  insertStep,
  pasteSteps,
  removeSteps,
  renameStep,
  stepsBefore,
} from './definition.js';
import { record, redo, startHistory, undo } from './history.js';
import { problemText } from './problems.js';

const chain: WorkflowStep[] = [
  { id: 'find', tool_name: 'get_customer', parameters: { email: '{{ context.email }}' } },
  { id: 'decide', kind: 'condition', if: 'steps.find.output.id > 0', then: 'tag', else: null },
  { id: 'tag', tool_name: 'update_customer', parameters: { customer_id: '{{ steps.find.output.id }}' } },
];

describe('the designer’s graph', () => {
  it('draws the edges the engine follows: falling through, then/else, on error', () => {
    const steps = connect(chain, 'find', 'error_next', 'tag');
    expect(edgesOf(steps).map((e) => `${e.source}-${e.kind}->${e.target}${e.implicit ? ' (implicit)' : ''}`)).toEqual([
      'find-next->decide (implicit)',
      'find-error_next->tag',
      'decide-then->tag',
    ]);
    expect(steps[0]).toMatchObject({ on_error: 'goto', error_next: 'tag' });
    expect(connect(steps, 'find', 'error_next', null)[0]).not.toHaveProperty('on_error');
  });

  it('inserts a step after the chosen one and removes one keeping the way through', () => {
    const explicit: WorkflowStep[] = [
      { id: 'a', kind: 'delay', seconds: 1, next: 'c' },
      { id: 'b', kind: 'delay', seconds: 1 },
      { id: 'c', kind: 'delay', seconds: 1 },
    ];
    const inserted = insertStep(explicit, { id: 'new', kind: 'delay', seconds: 2 }, 'a');
    expect(inserted.map((s) => [s.id, s.next])).toEqual([
      ['a', 'new'],
      ['new', 'c'],
      ['b', undefined],
      ['c', undefined],
    ]);
    const removed = removeSteps(inserted, new Set(['new']));
    expect(removed.map((s) => [s.id, s.next])).toEqual([
      ['a', 'c'],
      ['b', undefined],
      ['c', undefined],
    ]);
  });

  it('renames a step with every reference to it, in edges and templates', () => {
    const renamed = renameStep(chain, 'find', 'lookup');
    expect(renamed[0]?.id).toBe('lookup');
    expect(renamed[1]?.if).toBe('steps.lookup.output.id > 0');
    expect(renamed[2]?.parameters).toEqual({ customer_id: '{{ steps.lookup.output.id }}' });
    // A step whose id starts like the old one is left alone.
    expect(
      renameStep([{ id: 'x', kind: 'transform', output: '{{ steps.finder.output }}' }], 'find', 'y')[0]?.output,
    ).toBe('{{ steps.finder.output }}');
  });

  it('pastes copies with new ids, keeping the edges between them and dropping the others', () => {
    const copies = pasteSteps(chain, [chain[1] as WorkflowStep, chain[2] as WorkflowStep]);
    expect(copies.map((s) => s.id)).toEqual(['decide_copy', 'tag_copy']);
    expect(copies[0]?.then).toBe('tag_copy');
    expect(copies[0]?.else).toBeNull();
    // The copy of "tag" still reads "find", which stays where it was.
    expect(copies[1]?.parameters).toEqual({ customer_id: '{{ steps.find.output.id }}' });
    expect(pasteSteps([...chain, ...copies], [chain[2] as WorkflowStep]).map((s) => s.id)).toEqual(['tag_copy_2']);
  });

  it('offers a step only the values of steps that run before it, and the run’s input keys', () => {
    expect(stepsBefore(chain, 'tag').map((s) => s.id)).toEqual(['find', 'decide']);
    expect(stepsBefore(chain, 'find')).toEqual([]);
    expect(contextKeys(chain)).toEqual(['email']);
  });
});

describe('undo and redo', () => {
  it('merges a run of typing in one field into one step, and redoes what was undone', () => {
    let h = startHistory('');
    h = record(h, 'a', 'name', 1000);
    h = record(h, 'ab', 'name', 1200);
    h = record(h, 'ab!', 'other', 1300);
    expect(h.past).toEqual(['', 'ab']);
    h = undo(h);
    expect(h.present).toBe('ab');
    h = undo(h);
    expect(h.present).toBe('');
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toBe('ab!');
    // A change after an undo drops what could have been redone.
    h = record(undo(h), 'x');
    expect(h.future).toEqual([]);
  });
});

describe('the palette and the forms', () => {
  it('offers only operations a workflow may call: never a person-only one', () => {
    const names = workflowOperations.map((c) => c.name);
    expect(names).toContain('create_customer');
    expect(names).not.toContain('rotate_mcp_token');
    expect(workflowOperations.every((c) => c.faces.includes('workflow'))).toBe(true);
    expect(paletteGroups.find((g) => g.label === 'Customers')?.operations.map((c) => c.title)).toContain(
      'Create customer',
    );
  });

  it('makes a form schema for every operation offered', () => {
    for (const contract of workflowOperations) {
      const schema = inputSchema(contract.name);
      expect(schema, contract.name).toBeDefined();
    }
    expect(outputFields('create_customer')).toContain('id');
  });

  it('says what is wrong in the person’s words', () => {
    const steps: WorkflowStep[] = [{ id: 'new_one', name: 'Find customer', tool_name: 'create_customer' }];
    expect(
      problemText(
        {
          step_id: 'new_one',
          path: 'steps.0.parameters.email',
          message: 'create_customer: Invalid input: expected string, received undefined',
        },
        steps,
      ),
    ).toBe("Step 'Find customer' needs an email.");
    expect(
      problemText(
        { step_id: 'new_one', path: 'steps.0.tool_name', message: '"rotate_mcp_token" is reserved for the person' },
        steps,
      ),
    ).toBe("Step 'Find customer': “Rotate MCP token” is reserved for the person");
  });
});
