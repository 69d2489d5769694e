import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, testApp } from '../../../test/helpers.js';

type Summary = {
  execution_id: number;
  status: string;
  error: string | null;
  trigger: string;
  caused_by_execution_id: number | null;
  skipped_events: number;
};
type Run = Summary & { steps: { step_id: string; status: string; output: unknown; error: string | null }[] };

function app(options: Parameters<typeof testApp>[0] = {}) {
  return testApp({ runWorkflows: true, ...options });
}

async function runsOf(a: ReturnType<typeof app>, workflow_id: string) {
  return ok<{ items: Summary[] }>(await a.call('list_executions', { workflow_id, limit: 100 })).items;
}

describe('workflow triggers that would loop through records', () => {
  it('stops a workflow that creates what starts it after one run, and keeps a visible skipped record', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'echo',
        name: 'Echo',
        trigger: { type: 'event', event: 'record.changed', entity: 'customer', action: 'created' },
        steps: [
          {
            id: 'again',
            tool_name: 'create_customer',
            parameters: { name: 'Echo {{ run.id }}', email: 'echo-{{ run.id }}@example.com' },
          },
          {
            id: 'twice',
            tool_name: 'create_customer',
            parameters: { name: 'Echo bis {{ run.id }}', email: 'echo-bis-{{ run.id }}@example.com' },
          },
        ],
      }),
    );
    ok(await a.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    await a.services.workflowEngine.idle();

    const runs = await runsOf(a, 'echo');
    expect(runs.map((r) => r.status).sort()).toEqual(['completed', 'skipped']);
    const done = runs.find((r) => r.status === 'completed') as Summary;
    const skipped = runs.find((r) => r.status === 'skipped') as Summary;
    expect(done.caused_by_execution_id).toBeNull();
    // Both customers the run made are one skipped record, counted, naming the run that caused it.
    expect(skipped).toMatchObject({ caused_by_execution_id: done.execution_id, skipped_events: 2 });
    expect(skipped.error).toContain(`Not started, to avoid a loop`);
    expect(skipped.error).toContain(`run ${done.execution_id} of this same workflow`);
    const customers = ok<{ items: unknown[] }>(await a.call('list_customers', { limit: 50 }));
    expect(customers.items).toHaveLength(3);
    // Metrics count it apart from runs; the list shows the last real run.
    const metrics = ok<{ total_executions: number; skipped_triggers: number }>(
      await a.call('get_workflow_metrics', { workflow_id: 'echo' }),
    );
    expect(metrics).toMatchObject({ total_executions: 1, skipped_triggers: 1 });
    const list = ok<{ items: { workflow_id: string; last_run: { execution_id: number } | null }[] }>(
      await a.call('list_workflows', {}),
    );
    expect(list.items[0]?.last_run?.execution_id).toBe(done.execution_id);
  });

  it('stops a loop through two workflows at the first that would start again', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'a-product',
        name: 'A product per customer',
        trigger: { type: 'event', event: 'record.changed', entity: 'customer', action: 'created' },
        steps: [
          {
            id: 'p',
            tool_name: 'create_product',
            parameters: { sku: 'P-{{ context.event.id }}', name: 'For {{ context.event.id }}', price: 1 },
          },
        ],
      }),
    );
    ok(
      await a.call('create_workflow', {
        workflow_id: 'b-customer',
        name: 'A customer per product',
        trigger: { type: 'event', event: 'record.changed', entity: 'product', action: 'created' },
        steps: [
          {
            id: 'c',
            tool_name: 'create_customer',
            parameters: { name: 'Buyer {{ context.event.id }}', email: 'buyer-{{ context.event.id }}@example.com' },
          },
        ],
      }),
    );
    ok(await a.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    await a.services.workflowEngine.idle();
    const first = await runsOf(a, 'a-product');
    const second = await runsOf(a, 'b-customer');
    expect(second.map((r) => r.status)).toEqual(['completed']);
    expect(first.map((r) => r.status).sort()).toEqual(['completed', 'skipped']);
    const skipped = first.find((r) => r.status === 'skipped') as Summary;
    expect(skipped.caused_by_execution_id).toBe(second[0]?.execution_id);
    expect(skipped.error).toContain('a-product → b-customer');
    // A person's own change starts it again as before.
    ok(await a.call('create_customer', { name: 'Grace', email: 'grace@example.com' }));
    await a.services.workflowEngine.idle();
    expect((await runsOf(a, 'a-product')).filter((r) => r.status === 'completed')).toHaveLength(2);
  });
});

describe('a trigger condition that cannot be worked out', () => {
  it('does not start the run and says why, once per version with a count, never silently', async () => {
    const a = app();
    ok(
      await a.call('create_workflow', {
        workflow_id: 'picky',
        name: 'Picky',
        trigger: {
          type: 'event',
          event: 'record.changed',
          entity: 'customer',
          action: 'created',
          // Parses, so validation lets it through; the event has no such field, so it fails when it runs.
          when: 'event.no_such_field == "x"',
        },
        steps: [{ id: 'noop', tool_name: 'list_customers', parameters: {} }],
      }),
    );
    ok(await a.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    ok(await a.call('create_customer', { name: 'Alan', email: 'alan@example.com' }));
    await a.services.workflowEngine.idle();

    const runs = await runsOf(a, 'picky');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'skipped', caused_by_execution_id: null, skipped_events: 2 });
    expect(runs[0]?.error).toContain('"only if" condition could not be worked out');
    expect(runs[0]?.error).toContain('no_such_field');
  });
});

describe('a step past its timeout', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('fails at its deadline and the run goes on; its write, still waiting, never lands late', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const reached = new Promise<void>((resolve) => (asked = resolve));
    server = createServer((req, res) => {
      if (req.url !== '/slow') {
        res.writeHead(404).end();
        return;
      }
      asked();
      void held.then(() =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Slow</title><p>At last</p>'),
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const a = app({ allowPrivateHosts: ['127.0.0.1'] });
    ok(
      await a.call('create_workflow', {
        workflow_id: 'late',
        name: 'Late',
        steps: [
          {
            id: 'add',
            tool_name: 'create_customer',
            parameters: { name: 'Late', email: 'late@example.com' },
            timeout: 0.3,
            on_error: 'continue',
          },
          { id: 'after', kind: 'transform', output: { went_on: true } },
        ],
      }),
    );
    // A person's write that waits on a page holds the write queue: the step's write waits behind it,
    // past the step's deadline, as an operation that ignores its signal would run on.
    const slow = a.call('save_to_vault', { url: `http://127.0.0.1:${port}/slow` });
    await reached;
    const run = ok<Run>(await a.call('execute_workflow', { workflow_id: 'late', wait: true }));
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => [s.step_id, s.status])).toEqual([
      ['add', 'failed'],
      ['after', 'completed'],
    ]);
    expect(run.steps[0]?.error).toContain('took longer than its timeout (0.3 s)');

    release();
    ok(await slow);
    await a.catalogue.drain();
    // The write that waited was not made after the step was given up, nor recorded as its output.
    const late = await a.call('get_customer', { email: 'late@example.com' });
    expect(late.ok ? 'made' : late.error.code).toBe('not_found');
    const after = ok<Run>(await a.call('get_execution_status', { execution_id: run.execution_id }));
    expect(after.steps[0]).toMatchObject({ status: 'failed', output: null });
    // The activity log says the call was cut off.
    const log = ok<{ items: { operation: string; outcome: string }[] }>(
      await a.call('list_activity', { operation: 'create_customer' }),
    );
    expect(log.items.map((e) => e.outcome)).toEqual(['cancelled']);
  });
});
