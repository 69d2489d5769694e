import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

const assistant: Caller = { kind: 'mcp', name: 'claude' };

type Run = {
  execution_id: number;
  status: string;
  error: string | null;
  error_step: string | null;
  version: number;
  steps: {
    step_id: string;
    status: string;
    input: unknown;
    output: unknown;
    error: string | null;
    attempts: number;
    items?: unknown[];
  }[];
};

function app(options: Parameters<typeof testApp>[0] = {}) {
  return testApp({ runWorkflows: true, ...options });
}

async function runOf(a: ReturnType<typeof app>, workflow_id: string, context: Record<string, unknown> = {}) {
  return ok<Run>(await a.call('execute_workflow', { workflow_id, context, wait: true }));
}

describe('workflows: definitions and runs', () => {
  it('takes the seed’s step shape as it is, with its context.<key> and step_<id> conditions', async () => {
    const a = app();
    const wf = ok(
      await a.call('create_workflow', {
        workflow_id: 'welcome',
        name: 'Welcome',
        steps: [
          {
            id: 'add',
            name: 'Add',
            tool_name: 'create_customer',
            parameters: { name: 'Ada', email: 'ada@example.com' },
            condition: null,
            retry_count: 0,
            timeout: 300,
          },
          {
            id: 'find',
            name: 'Find',
            tool_name: 'get_customer',
            parameters: { email: 'ada@example.com' },
            condition: 'step_add',
          },
          {
            id: 'vip',
            name: 'VIP',
            tool_name: 'update_customer',
            parameters: { customer_id: 1, tags: ['vip'] },
            condition: 'context.vip',
          },
        ],
      }),
    );
    expect(wf).toMatchObject({ workflow_id: 'welcome', version: 1, created_by: 'person' });
    const run = await runOf(a, 'welcome');
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => [s.step_id, s.status])).toEqual([
      ['add', 'completed'],
      ['find', 'completed'],
      ['vip', 'skipped'],
    ]);
    expect((run.steps[1]?.output as { email: string }).email).toBe('ada@example.com');
    // The activity log shows each step's call under the run.
    await a.catalogue.drain();
    const log = ok<{ items: { caller: string; caller_kind: string; operation: string }[] }>(
      await a.call('list_activity', { caller_kind: 'workflow' }),
    );
    expect(log.items.map((e) => e.operation).sort()).toEqual(['create_customer', 'get_customer']);
    expect(log.items[0]?.caller).toBe(`welcome (run ${run.execution_id})`);
  });

  it('fills templates from earlier steps and the context, branches, transforms, validates, loops and exports', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'pipeline',
        name: 'Pipeline',
        steps: [
          {
            id: 'add',
            tool_name: 'create_customer',
            parameters: { name: '{{ context.name }}', email: '{{ context.email }}' },
          },
          { id: 'find', tool_name: 'get_customer', parameters: { customer_id: '{{ steps.add.output.id }}' } },
          { id: 'big', kind: 'condition', if: 'size(context.people) > 2', then: 'shape', else: 'never' },
          { id: 'never', kind: 'transform', output: { x: 1 }, next: null },
          {
            id: 'shape',
            kind: 'transform',
            output: {
              people: '{{ context.people.map(p, {"name": p.name, "email": p.email.lowerAscii(), "n": p.n * 2}) }}',
              first: 'Hi {{ steps.find.output.name }}',
            },
          },
          {
            id: 'check',
            kind: 'validate',
            items: '{{ steps.shape.output.people }}',
            rules: [{ check: 'item.email.contains("@")', message: 'no @ in the email' }],
          },
          {
            id: 'each',
            kind: 'foreach',
            items: '{{ steps.check.output.valid }}',
            concurrency: 2,
            tool_name: 'create_customer',
            parameters: { name: '{{ item.name }}', email: '{{ item.email }}', notes: 'number {{ index }}' },
          },
          {
            id: 'report',
            kind: 'export',
            format: 'csv',
            data: '{{ steps.check.output.valid }}',
            destination: 'reports/people.csv',
          },
        ],
      }),
    );
    const run = await runOf(a, 'pipeline', {
      name: 'Bob',
      email: 'bob@example.com',
      people: [
        { name: 'C', email: 'C@Example.com', n: 1 },
        { name: 'D', email: 'nope', n: 2 },
        { name: 'E', email: 'e@example.com', n: 3 },
      ],
    });
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    const by = Object.fromEntries(run.steps.map((s) => [s.step_id, s]));
    expect(by['never']).toBeUndefined();
    expect(by['shape']?.output).toMatchObject({
      first: 'Hi Bob',
      people: [{ email: 'c@example.com', n: 2 }, {}, { n: 6 }],
    });
    expect(by['check']?.output).toMatchObject({ valid_count: 2, invalid_count: 1 });
    expect(by['each']?.items).toHaveLength(2);
    expect(by['report']?.output).toMatchObject({ document_id: 'reports/people.csv', format: 'csv' });
    const doc = ok<{ content: string }>(await a.call('read_document', { document_id: 'reports/people.csv' }));
    expect(doc.content.split('\n')[0]).toBe('name,email,n');
    const list = ok<{ items: unknown[] }>(await a.call('list_customers', {}));
    expect(list.items).toHaveLength(3);
  });

  it('retries with backoff, then continues or jumps as on_error says', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'errors',
        name: 'Errors',
        steps: [
          { id: 'missing', tool_name: 'get_customer', parameters: { customer_id: 999 }, on_error: 'continue' },
          {
            id: 'again',
            tool_name: 'get_order',
            parameters: { order_id: 999 },
            on_error: 'goto',
            error_next: 'rescue',
          },
          { id: 'skipped', kind: 'transform', output: 1 },
          { id: 'rescue', kind: 'transform', output: '{{ steps.again.error }}' },
        ],
      }),
    );
    const run = await runOf(a, 'errors');
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => [s.step_id, s.status])).toEqual([
      ['missing', 'failed'],
      ['again', 'failed'],
      ['rescue', 'completed'],
    ]);
    expect(String(run.steps[2]?.output)).toContain('get_order');
  });

  it('fails a run with the step named, and retry_execution goes on from the failed step', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'later',
        name: 'Later',
        steps: [
          { id: 'one', tool_name: 'create_customer', parameters: { name: 'One', email: 'one@example.com' } },
          { id: 'two', tool_name: 'get_customer', parameters: { email: 'two@example.com' } },
        ],
      }),
    );
    const failed = await runOf(a, 'later');
    expect(failed).toMatchObject({ status: 'failed', error_step: 'two' });
    expect(failed.error).toContain('two@example.com');
    ok(await a.call('create_customer', { name: 'Two', email: 'two@example.com' }));
    ok(await a.call('retry_execution', { execution_id: failed.execution_id }));
    await a.services.workflowEngine.idle();
    const done = ok<Run>(await a.call('get_execution_status', { execution_id: failed.execution_id }));
    expect(done.status).toBe('completed');
    // "one" ran once: there is still one customer named One.
    expect(ok<{ items: unknown[] }>(await a.call('list_customers', {})).items).toHaveLength(2);
  });

  it('keeps the version a run started with, and makes a new one on update', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'v',
        name: 'V',
        steps: [
          { id: 'a', kind: 'delay', seconds: 0.2 },
          { id: 'b', kind: 'transform', output: 'one' },
        ],
      }),
    );
    const first = ok<Run>(await a.call('execute_workflow', { workflow_id: 'v', wait: false }));
    const updated = ok<{ version: number }>(
      await a.call('update_workflow', {
        workflow_id: 'v',
        steps: [
          { id: 'a', kind: 'delay', seconds: 0 },
          { id: 'b', kind: 'transform', output: 'two' },
        ],
      }),
    );
    expect(updated.version).toBe(2);
    await a.services.workflowEngine.idle();
    const old = ok<Run>(await a.call('get_execution_status', { execution_id: first.execution_id }));
    expect(old.version).toBe(1);
    expect(old.steps[1]?.output).toBe('one');
    expect((await runOf(a, 'v')).steps[1]?.output).toBe('two');
  });

  it('queues runs beyond the per-workflow cap in order, and a queued run can be cancelled', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'slow',
        name: 'Slow',
        max_concurrent: 1,
        steps: [{ id: 'wait', kind: 'delay', seconds: 0.15 }],
      }),
    );
    const runs = [];
    for (let i = 0; i < 4; i++)
      runs.push(ok<Run>(await a.call('execute_workflow', { workflow_id: 'slow', wait: false })));
    const queued = ok<Run>(await a.call('get_execution_status', { execution_id: runs[3]!.execution_id }));
    expect(queued.status).toBe('queued');
    ok(await a.call('cancel_execution', { execution_id: runs[2]!.execution_id }));
    await a.services.workflowEngine.idle();
    const all = await Promise.all(
      runs.map(async (r) =>
        ok<Run & { started_at: string }>(await a.call('get_execution_status', { execution_id: r.execution_id })),
      ),
    );
    expect(all.map((r) => r.status)).toEqual(['completed', 'completed', 'cancelled', 'completed']);
    expect(all[1]!.started_at < all[3]!.started_at).toBe(true);
  });

  it('reports metrics from the history, and pruning gives the space back', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'm',
        name: 'M',
        steps: [{ id: 'big', kind: 'transform', output: '{{ context.text }}' }],
      }),
    );
    for (let i = 0; i < 40; i++) await runOf(a, 'm', { text: 'x'.repeat(20_000) });
    const metrics = ok<{ total_executions: number; success_rate: number; p95_ms: number }>(
      await a.call('get_workflow_metrics', { workflow_id: 'm' }),
    );
    expect(metrics).toMatchObject({ total_executions: 40, success_rate: 1 });
    a.store.checkpoint();
    const before = statSync(a.store.path).size;
    const pruned = ok<{ deleted_runs: number; file_bytes_after: number }>(
      await a.call('prune_executions', { keep_last: 0 }),
    );
    expect(pruned.deleted_runs).toBe(40);
    expect(pruned.file_bytes_after).toBeLessThan(before);
    expect(ok<{ items: unknown[] }>(await a.call('list_executions', {})).items).toHaveLength(0);
  });
});

describe('workflows: rights', () => {
  it('refuses person-only operations in any workflow, and what the assistant may not call in its own', async () => {
    const a = app();
    const personOnly = await a.call('create_workflow', {
      name: 'Sneaky',
      steps: [{ id: 'widen', tool_name: 'update_assistant_permissions', parameters: { mode: 'read_write' } }],
    });
    expect(personOnly.ok).toBe(false);
    expect(JSON.stringify(personOnly)).toContain('reserved for the person');
    ok(await a.call('update_assistant_permissions', { toolsets: ['customers', 'workflows'] }));
    const noSales = await a.call(
      'create_workflow',
      {
        name: 'Assistant',
        steps: [{ id: 'p', tool_name: 'create_product', parameters: { sku: 'A', name: 'A', price: 1 } }],
      },
      assistant,
      'mcp',
    );
    expect(noSales.ok).toBe(false);
    expect(JSON.stringify(noSales)).toContain('toolset');
    // The person's own workflow may use sales, though assistants are not given it.
    ok(
      await a.call('create_workflow', {
        workflow_id: 'mine',
        name: 'Mine',
        steps: [{ id: 'p', tool_name: 'search_products', parameters: { query: 'x' } }],
      }),
    );
    expect((await runOf(a, 'mine')).status).toBe('completed');
    // Run by the assistant, the same workflow has the assistant's rights: the step is refused.
    const byAssistant = ok<Run>(
      await a.call('execute_workflow', { workflow_id: 'mine', wait: true }, assistant, 'mcp'),
    );
    expect(byAssistant.status).toBe('failed');
    expect(byAssistant.error).toContain('toolset');
  });
});

describe('workflows: bad input', () => {
  const cases: [string, unknown[], string][] = [
    [
      'unknown operation',
      [{ id: 'a', tool_name: 'launch_rockets', parameters: {} }],
      'no operation named "launch_rockets"',
    ],
    [
      'missing step in a template',
      [{ id: 'a', kind: 'transform', output: '{{ steps.nope.output }}' }],
      'does not have',
    ],
    [
      'later step in a template',
      [
        { id: 'a', kind: 'transform', output: '{{ steps.b.output }}' },
        { id: 'b', kind: 'transform', output: 1 },
      ],
      'does not run before',
    ],
    ['expression that does not parse', [{ id: 'a', kind: 'condition', if: '1 +' }], 'does not parse'],
    [
      'cycle',
      [
        { id: 'a', kind: 'transform', output: 1, next: 'b' },
        { id: 'b', kind: 'transform', output: 2, next: 'a' },
      ],
      'cycle',
    ],
    [
      'schema mismatch',
      [{ id: 'a', tool_name: 'create_customer', parameters: { name: 'X', emial: 'x@example.com' } }],
      'emial',
    ],
    ['missing required input', [{ id: 'a', tool_name: 'get_order', parameters: {} }], 'order_id'],
    [
      'duplicate ids',
      [
        { id: 'a', kind: 'transform', output: 1 },
        { id: 'a', kind: 'transform', output: 2 },
      ],
      'used twice',
    ],
    ['edge to nowhere', [{ id: 'a', kind: 'transform', output: 1, next: 'zz' }], '"zz" is not a step'],
    ['no steps', [], 'at least one step'],
    [
      'self-call without bound',
      [{ id: 'a', tool_name: 'execute_workflow', parameters: { workflow_id: 'selfish' } }],
      'never end',
    ],
  ];
  for (const [what, steps, message] of cases) {
    it(`refuses ${what}, naming the step, and stores nothing`, async () => {
      const a = app();
      const result = await a.call('create_workflow', { workflow_id: 'selfish', name: 'Bad', steps });
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : `${result.error.message} ${JSON.stringify(result.error.issues)}`).toContain(message);
      const checked = ok<{ valid: boolean; problems: { step_id: string | null; message: string }[] }>(
        await a.call('validate_workflow', { workflow_id: 'selfish', steps }),
      );
      expect(checked.valid).toBe(false);
      if (steps.length) expect(checked.problems[0]?.step_id).not.toBeNull();
      expect(ok<{ items: unknown[] }>(await a.call('list_workflows', {})).items).toHaveLength(0);
    });
  }

  it('ends a foreach over something that is not a list with a clear run error', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'fe',
        name: 'FE',
        steps: [
          {
            id: 'each',
            kind: 'foreach',
            items: '{{ context.list }}',
            tool_name: 'get_customer',
            parameters: { customer_id: '{{ item }}' },
          },
        ],
      }),
    );
    const run = await runOf(a, 'fe', { list: 'not a list' });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('foreach needs a list');
  });

  it('bounds runs that start runs', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'loop',
        name: 'Loop',
        steps: [
          {
            id: 'again',
            tool_name: 'execute_workflow',
            condition: 'true',
            parameters: { workflow_id: 'loop', wait: true },
          },
        ],
      }),
    );
    const run = await runOf(a, 'loop');
    expect(run.status).toBe('failed');
    const deepest = ok<{ items: { status: string; error: string | null }[] }>(
      await a.call('list_executions', { workflow_id: 'loop' }),
    );
    expect(deepest.items.length).toBeLessThanOrEqual(7);
    expect(
      deepest.items.some((r) => (r.error ?? '').includes('deep')),
      JSON.stringify(deepest.items),
    ).toBe(true);
  });

  it('ships templates that validate against the real operations', async () => {
    const a = app();
    await giveEveryToolset(a);
    const templates = ok<{ items: { template_id: string }[] }>(await a.call('list_workflow_templates', {}));
    expect(templates.items.map((t) => t.template_id)).toEqual([
      'order_fulfilment',
      'contacts_pipeline',
      'document_approval',
    ]);
    for (const t of templates.items)
      ok(await a.call('create_workflow', { template: t.template_id, workflow_id: t.template_id }));
  });
});

describe('workflows: triggers', () => {
  async function until(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 1000; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('starts on record events, and queues a storm of them instead of dropping any', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'on-customer',
        name: 'On customer',
        max_concurrent: 1,
        trigger: { type: 'event', event: 'record.changed', entity: 'customer', action: 'created' },
        steps: [{ id: 'look', tool_name: 'get_customer', parameters: { customer_id: '{{ context.event.id }}' } }],
      }),
    );
    for (let i = 0; i < 12; i++) ok(await a.call('create_customer', { name: `C${i}`, email: `c${i}@example.com` }));
    await a.services.workflowEngine.idle();
    const runs = ok<{ items: { status: string; trigger: string }[] }>(
      await a.call('list_executions', { workflow_id: 'on-customer', limit: 100 }),
    );
    expect(runs.items).toHaveLength(12);
    expect(runs.items.every((r) => r.status === 'completed' && r.trigger === 'event:record.changed')).toBe(true);
  });

  it('starts on documents added in a folder only', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'inbox',
        name: 'Inbox',
        trigger: { type: 'event', event: 'document.changed', folder: 'inbox', action: 'created' },
        steps: [{ id: 'read', tool_name: 'read_document', parameters: { document_id: '{{ context.event.path }}' } }],
      }),
    );
    ok(await a.call('upload_document', { content: 'hello', destination: 'inbox/a.md' }));
    ok(await a.call('upload_document', { content: 'elsewhere', destination: 'other/b.md' }));
    await a.services.workflowEngine.idle();
    const runs = ok<{ items: { execution_id: number; status: string }[] }>(
      await a.call('list_executions', { workflow_id: 'inbox' }),
    );
    expect(runs.items).toHaveLength(1);
    const run = ok<Run>(await a.call('get_execution_status', { execution_id: runs.items[0]!.execution_id }));
    expect((run.steps[0]?.output as { content: string }).content).toBe('hello');
  });

  it('runs on a cron schedule while Officina runs, and stops when turned off', async () => {
    const a = app();
    const wf = ok<{ next_run_at: string }>(
      await a.call('create_workflow', {
        workflow_id: 'tick',
        name: 'Tick',
        trigger: { type: 'schedule', cron: '* * * * * *', timezone: 'Europe/Berlin' },
        steps: [{ id: 'now', kind: 'transform', output: '{{ context.scheduled_at }}' }],
      }),
    );
    expect(wf.next_run_at).not.toBeNull();
    await until(
      async () =>
        ok<{ items: unknown[] }>(await a.call('list_executions', { workflow_id: 'tick', status: 'completed' })).items
          .length > 0,
      'a scheduled run',
    );
    ok(await a.call('update_workflow', { workflow_id: 'tick', enabled: false }));
    const bad = await a.call('create_workflow', {
      name: 'Bad cron',
      trigger: { type: 'schedule', cron: 'every tuesday' },
      steps: [{ id: 'a', kind: 'transform', output: 1 }],
    });
    expect(bad.ok ? '' : bad.error.message).toContain('not a cron pattern');
  });
});
