import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../../shared/operation.js';
import { ok, testApp } from '../../../test/helpers.js';
import { operations } from '../app.js';
import { Catalogue } from './catalogue.js';
import { implement } from './operation.js';

describe('catalogue', () => {
  it('throws at start-up on a duplicate operation name', () => {
    const app = testApp();
    const first = operations[0];
    if (!first) throw new Error('no operations');
    const deps = (app.catalogue as unknown as { deps: ConstructorParameters<typeof Catalogue>[0] }).deps;
    expect(() => new Catalogue(deps, [first, first])).toThrow(`Duplicate operation name "${first.contract.name}"`);
  });

  it('keeps person-only operations off the assistant faces', async () => {
    const app = testApp();
    const mcpNames = app.catalogue.list('mcp').map((c) => c.name);
    expect(mcpNames).toContain('create_customer');
    expect(mcpNames).not.toContain('reveal_mcp_token');
    expect(mcpNames).not.toContain('get_app_info');
    const denied = await app.call('reveal_mcp_token', {}, { kind: 'mcp', name: 'claude' }, 'mcp');
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const workflow = await app.call('get_app_info', {}, { kind: 'workflow', name: 'wf-1' }, 'workflow');
    expect(workflow).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('records every call in the activity log, with caller, outcome and duration', async () => {
    const app = testApp();
    ok(
      await app.call(
        'create_customer',
        { name: 'Ada', email: 'ada@example.com' },
        { kind: 'mcp', name: 'claude-desktop' },
        'mcp',
      ),
    );
    await app.call('get_customer', { customer_id: 99 }, { kind: 'ui', name: 'browser' });
    await app.call('no_such_operation', {});
    await app.catalogue.drain();
    const log = ok<{
      items: {
        operation: string;
        caller: string;
        caller_kind: string;
        outcome: string;
        duration_ms: number;
        input: unknown;
      }[];
    }>(await app.call('list_activity', { limit: 10 }));
    expect(log.items.map((e) => [e.operation, e.caller_kind, e.caller, e.outcome])).toEqual([
      ['no_such_operation', 'ui', 'test', 'not_found'],
      ['get_customer', 'ui', 'browser', 'not_found'],
      ['create_customer', 'mcp', 'claude-desktop', 'ok'],
    ]);
    expect(log.items[2]?.input).toEqual({ name: 'Ada', email: 'ada@example.com' });
    expect(log.items.every((e) => e.duration_ms >= 0)).toBe(true);
  });

  it('commits a write and its activity entry together, and announces both after commit', async () => {
    const app = testApp();
    const seen: string[] = [];
    app.bus.subscribe((event) =>
      seen.push(event.type === 'record.changed' ? `${event.entity}.${event.action}` : event.type),
    );
    ok(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    expect(seen).toEqual(['customer.created', 'activity.recorded']);
    const rows = app.store.sqlite.prepare("SELECT operation FROM activity WHERE operation = 'create_customer'").all();
    expect(rows).toHaveLength(1);
  });

  it('lists an assistant’s read and refused call before the change it made after them', async () => {
    const app = testApp();
    const claude = { kind: 'mcp', name: 'claude-ai' } as const;
    const ada = ok<{ id: number }>(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    ok(await app.call('get_customer', { customer_id: ada.id }, claude, 'mcp'));
    await app.call('get_customer', { customer_id: 999 }, claude, 'mcp');
    ok(await app.call('delete_customer', { customer_id: ada.id }, claude, 'mcp'));
    await app.catalogue.drain();
    const newestFirst = ok<{ items: { operation: string; outcome: string }[] }>(
      await app.call('list_activity', { caller: 'claude-ai', limit: 10 }),
    ).items.map((e) => `${e.operation} ${e.outcome}`);
    expect(newestFirst).toEqual(['delete_customer ok', 'get_customer not_found', 'get_customer ok']);
  });

  it('rolls a failed write back and emits nothing', async () => {
    const app = testApp();
    ok(await app.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    const seen: unknown[] = [];
    app.bus.subscribe((event) => event.type === 'record.changed' && seen.push(event));
    const duplicate = await app.call('create_customer', { name: 'Ada 2', email: 'ADA@example.com' });
    expect(duplicate).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already exists') },
    });
    expect(seen).toEqual([]);
    expect(app.store.sqlite.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 1 });
  });

  it('turns an unexpected exception into an internal error that says where to look', async () => {
    const app = testApp();
    const contract = defineContract({
      name: 'explode',
      domain: 'test',
      reveals: [],
      title: 'Explode',
      description: 'Fails.',
      input: z.strictObject({}),
      output: z.object({}),
      annotations: { readOnlyHint: true },
    });
    const deps = (app.catalogue as unknown as { deps: ConstructorParameters<typeof Catalogue>[0] }).deps;
    const catalogue = new Catalogue(deps, [
      implement(contract, () => {
        throw new TypeError('x is undefined');
      }),
    ]);
    const result = await catalogue.call('explode', {}, { caller: { kind: 'ui', name: 't' }, face: 'ui' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringContaining("x is undefined. The details are in Officina's log"),
      },
    });
  });

  it('checks outputs against the contract, so no face ever sends a malformed record', async () => {
    const app = testApp();
    const contract = defineContract({
      name: 'liar',
      domain: 'test',
      reveals: [],
      title: 'Liar',
      description: 'Returns the wrong shape.',
      input: z.strictObject({}),
      output: z.object({ id: z.number() }),
      annotations: { readOnlyHint: true },
    });
    const deps = (app.catalogue as unknown as { deps: ConstructorParameters<typeof Catalogue>[0] }).deps;
    const catalogue = new Catalogue(deps, [implement(contract, () => ({ id: 'nope' }) as never)]);
    const result = await catalogue.call('liar', {}, { caller: { kind: 'ui', name: 't' }, face: 'ui' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
