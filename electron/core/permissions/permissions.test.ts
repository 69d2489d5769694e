import { describe, expect, it } from 'vitest';
import type { AssistantPermissions } from '../../../shared/permissions.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

const claude = { kind: 'mcp', name: 'claude' } as const;

describe('assistant permissions', () => {
  it('turned-off tools vanish from the assistant faces and are refused, while the person keeps them', async () => {
    const app = testApp();
    ok(await app.call('update_assistant_permissions', { disabled_tools: ['delete_customer', 'update_customer'] }));
    const names = app.catalogue.list('mcp').map((c) => c.name);
    expect(names).not.toContain('delete_customer');
    expect(names).toContain('get_customer');
    const c = ok<{ id: number }>(
      await app.call('create_customer', { name: 'A', email: 'a@example.com' }, claude, 'mcp'),
    );
    const refused = await app.call('delete_customer', { customer_id: c.id }, claude, 'mcp');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('turned "delete_customer" off') },
    });
    expect(await app.call('delete_customer', { customer_id: c.id })).toMatchObject({ ok: true });
  });

  it('read-only mode hides and refuses every write for assistants and workflows', async () => {
    const app = testApp();
    ok(await app.call('update_assistant_permissions', { mode: 'read_only' }));
    expect(app.catalogue.list('mcp').every((c) => c.annotations.readOnlyHint === true)).toBe(true);
    for (const face of ['mcp', 'workflow'] as const) {
      const result = await app.call(
        'create_customer',
        { name: 'A', email: 'a@example.com' },
        { kind: face, name: 'x' },
        face,
      );
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('read-only') },
      });
    }
    expect(app.store.sqlite.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 });
    expect(ok(await app.call('list_customers', {}, claude, 'mcp'))).toMatchObject({ items: [] });
  });

  it('asks before destructive calls when required, and refuses where the client cannot ask', async () => {
    const app = testApp();
    ok(await app.call('update_assistant_permissions', { confirm_destructive: true }));
    const c = ok<{ id: number }>(
      await app.call('create_customer', { name: 'A', email: 'a@example.com' }, claude, 'mcp'),
    );
    const unasked = await app.call('delete_customer', { customer_id: c.id }, claude, 'mcp');
    expect(unasked).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('cannot ask') },
    });
    const declined = await app.catalogue.call(
      'delete_customer',
      { customer_id: c.id },
      { caller: claude, face: 'mcp', confirm: async () => false },
    );
    expect(declined).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('declined') },
    });
    const asked: string[] = [];
    const allowed = await app.catalogue.call(
      'delete_customer',
      { customer_id: c.id },
      {
        caller: claude,
        face: 'mcp',
        confirm: async (message) => (asked.push(message), true),
      },
    );
    expect(allowed).toMatchObject({ ok: true });
    expect(asked[0]).toMatch(/claude wants to run "Delete customer"/);
  });

  it('cannot be read or changed by an assistant, and rejects unknown tool names', async () => {
    const app = testApp();
    for (const name of ['get_assistant_permissions', 'update_assistant_permissions']) {
      for (const face of ['mcp', 'workflow'] as const) {
        const result = await app.call(name, { mode: 'full' }, { kind: face, name: 'x' }, face);
        expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('update_assistant_permissions');
    const typo = await app.call('update_assistant_permissions', { disabled_tools: ['delete_custmer'] });
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'disabled_tools' }] } });
    // Person-only tools are not the assistant's to switch: they are never on its faces anyway.
    const personOnly = await app.call('update_assistant_permissions', { disabled_tools: ['reveal_mcp_token'] });
    expect(personOnly).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('applies a change made by another process at once', async () => {
    const dataDir = tempDir();
    const desktop = testApp({ dataDir });
    const server = testApp({ dataDir });
    ok(await desktop.call('update_assistant_permissions', { mode: 'read_only' }));
    const refused = await server.call('create_customer', { name: 'A', email: 'a@example.com' }, claude, 'mcp');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const now = ok<AssistantPermissions>(await server.call('get_assistant_permissions', {}));
    expect(now.mode).toBe('read_only');
  });
});
