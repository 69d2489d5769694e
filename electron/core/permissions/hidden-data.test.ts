import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import { contracts } from '../../../shared/contracts.js';
import { DATA_KINDS, type DataKind } from '../../../shared/data-kinds.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';
import { assistantCalls, leaks, seedSentinels, SENTINELS } from '../../../test/hidden-data.js';
import { giveEveryToolset, ok, tempDir, testApp } from '../../../test/helpers.js';

const claude = { kind: 'mcp', name: 'claude' } as const;
type Entries = { items: (ActivityEntry & { input_hidden?: boolean })[] };

/** An assistant with every toolset: what it may see is down to the kinds of data hidden. */
async function vaultApp() {
  const vault = tempDir();
  const app = testApp({ vault });
  await giveEveryToolset(app);
  return { app, vault };
}

/** Every answer an assistant gets from calling every operation it can reach, once each, in order. */
async function sweep(hidden: DataKind[]) {
  const { app, vault } = await vaultApp();
  const seeded = await seedSentinels(app, vault);
  ok(await app.call('update_assistant_permissions', { hidden_data: hidden }));
  const calls = assistantCalls(seeded);
  const answers: { name: string; text: string; ok: boolean }[] = [];
  for (const [name, input] of calls) {
    const envelope = await app.call(name, input, claude, 'mcp');
    answers.push({ name, text: JSON.stringify(envelope), ok: envelope.ok });
  }
  return { app, calls, answers };
}

describe('data the person has not shared with assistants', () => {
  it('the sweep calls every operation an assistant can reach', async () => {
    const { app } = await vaultApp();
    const reachable = app.catalogue.list('mcp').map((c) => c.name);
    const called = new Set(assistantCalls({ vault: '' } as never).map(([name]) => name));
    expect(reachable.filter((name) => !called.has(name))).toEqual([]);
  });

  it('with nothing hidden, the sweep finds every sentinel (so it can see a leak)', async () => {
    const { answers } = await sweep([]);
    const all = answers.map((a) => a.text).join('\n');
    for (const kind of DATA_KINDS) {
      expect(
        SENTINELS[kind].filter((s) => !all.includes(s)),
        kind,
      ).toEqual([]);
    }
  });

  it.each(DATA_KINDS.map((kind) => [kind]))(
    'with %s hidden, no operation shows an assistant any of it',
    async (kind) => {
      const { app, answers } = await sweep([kind]);
      const leaked = answers.flatMap((a) => leaks(a.text, kind).map((s) => `${a.name}: ${s}`));
      expect(leaked).toEqual([]);
      // Hidden is hidden everywhere: nothing the assistant is shown still reveals the kind unredacted.
      for (const contract of app.catalogue.list('mcp')) {
        const denied = contract.reveals.filter((k) => k === kind && !contract.redacts.includes(k));
        expect(denied, contract.name).toEqual([]);
      }
      // Others kinds stay usable: something answered.
      expect(answers.filter((a) => a.ok).length).toBeGreaterThan(10);
    },
    60_000,
  );

  it('refuses what it cannot redact, saying where the person shares it, and hides it from the list', async () => {
    const { app, vault } = await vaultApp();
    const s = await seedSentinels(app, vault);
    ok(await app.call('update_assistant_permissions', { hidden_data: ['documents'] }));
    const names = app.catalogue.list('mcp').map((c) => c.name);
    for (const name of ['read_document', 'download_document', 'diff_document_versions', 'list_documents']) {
      expect(names).not.toContain(name);
    }
    expect(names).toContain('get_order');
    // The issue's scenario: turning read_document off was not enough; hiding documents is.
    for (const [name, input] of [
      ['download_document', { document_id: 'private/plan.md' }],
      ['diff_document_versions', { document_id: 'private/plan.md', from_version: s.firstVersionId }],
    ] as const) {
      expect(await app.call(name, input, claude, 'mcp')).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'The person has not shared documents with assistants (Settings → Assistant permissions).',
        },
      });
    }
    // An import from a file in the vault would read a document: refused; inline CSV is not a document.
    const fromVault = await app.call(
      'import_csv',
      { entity: 'products', file_path: `${vault}/data/products.csv` },
      claude,
      'mcp',
    );
    expect(fromVault).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await app.call('import_csv', { entity: 'products', content: 'sku,name,price\nA-1,A,1\n' }, claude, 'mcp'),
    ).toMatchObject({ ok: true });
    // The person is never restricted.
    expect(
      ok<{ content: string }>(await app.call('download_document', { document_id: 'private/plan.md' })).content,
    ).toContain('SENTINEL-DOC-BODY');
    // Workflows are assistants too.
    expect(
      await app.call('read_document', { document_id: 'private/plan.md' }, { kind: 'workflow', name: 'w1' }, 'workflow'),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('with customers hidden, sales still work, without names, emails or addresses', async () => {
    const { app, vault } = await vaultApp();
    const s = await seedSentinels(app, vault);
    ok(await app.call('update_assistant_permissions', { hidden_data: ['customers'] }));
    const analytics = ok<{ customer: { name: string; revenue: number } | null; top_customers: { name: string }[] }>(
      await app.call('get_customer_analytics', { customer_id: s.customerId }, claude, 'mcp'),
    );
    expect(analytics.customer?.revenue).toBeGreaterThan(0);
    expect(JSON.stringify(analytics)).not.toContain('Zenobia');
    const order = ok<{ customer_id: number; customer_name: string; shipping_address: unknown; total: number }>(
      await app.call('get_order', { order_id: s.shippedOrderId }, claude, 'mcp'),
    );
    expect(order).toMatchObject({ customer_id: s.customerId, shipping_address: null });
    expect(order.customer_name).toMatch(/not shared customers/);
    expect(
      ok<{ destination: unknown }>(await app.call('get_shipment', { shipment_id: s.shipmentId }, claude, 'mcp'))
        .destination,
    ).toBeNull();
    const refused = await app.call('get_customer', { customer_id: s.customerId }, claude, 'mcp');
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'The person has not shared customers with assistants (Settings → Assistant permissions).',
      },
    });
    // The person still sees everything.
    expect(
      ok<{ customer_name: string }>(await app.call('get_order', { order_id: s.shippedOrderId })).customer_name,
    ).toBe('Zenobia Sentinel');
  });

  it('list_activity hides the input of calls the assistant may not read: hidden kinds, turned-off tools, person-only', async () => {
    const { app } = await vaultApp();
    const person = (name: string, input: unknown) => app.call(name, input);
    ok(await person('create_customer', { name: 'Zenobia Sentinel', email: 'zenobia@sentinel.test' }));
    ok(await person('get_customer', { email: 'zenobia@sentinel.test' }));
    ok(await person('list_customers', { query: 'zenobia' }));
    ok(await person('create_product', { sku: 'SNTL-WIDGET', name: 'Sentinel Widget', price: 1 }));
    await person('add_allowed_folder', { path: tempDir() });
    // The issue's scenario: get_customer and list_customers off, nothing hidden.
    ok(await person('update_assistant_permissions', { disabled_tools: ['get_customer', 'list_customers'] }));
    await app.catalogue.drain();
    const entries = ok<Entries>(await app.call('list_activity', { limit: 100 }, claude, 'mcp')).items;
    const byOp = (op: string) => entries.filter((e) => e.operation === op);
    for (const op of ['get_customer', 'list_customers', 'update_assistant_permissions', 'add_allowed_folder']) {
      expect(byOp(op).length, op).toBeGreaterThan(0);
      for (const entry of byOp(op)) expect(entry, op).toMatchObject({ input: null, input_hidden: true });
    }
    // What the assistant may read stays readable.
    expect(byOp('create_product')[0]?.input).toMatchObject({ sku: 'SNTL-WIDGET' });
    expect(byOp('create_customer')[0]?.input).toMatchObject({ email: 'zenobia@sentinel.test' });

    ok(await person('update_assistant_permissions', { hidden_data: ['customers'] }));
    const now = ok<Entries>(await app.call('list_activity', { limit: 100 }, claude, 'mcp')).items;
    expect(JSON.stringify(now)).not.toMatch(/zenobia/i);
    expect(now.find((e) => e.operation === 'create_customer')).toMatchObject({ input: null, input_hidden: true });
    // A failed call's message may quote its input: hidden with it.
    ok(await person('update_assistant_permissions', { hidden_data: [] }));
    await person('get_customer', { email: 'nobody@sentinel.test' });
    ok(await person('update_assistant_permissions', { hidden_data: ['customers'] }));
    await app.catalogue.drain();
    const failed = ok<Entries>(await app.call('list_activity', { outcome: 'error' }, claude, 'mcp')).items;
    expect(failed[0]).toMatchObject({
      operation: 'get_customer',
      input: null,
      error_message: null,
      input_hidden: true,
    });
    // The person sees every input.
    const all = ok<Entries>(await person('list_activity', { limit: 100 })).items;
    expect(all.some((e) => e.input_hidden)).toBe(false);
    expect(JSON.stringify(all)).toContain('zenobia@sentinel.test');
  });

  it('logs uploaded content as a short description, for everyone', async () => {
    const { app } = await vaultApp();
    const content = Buffer.alloc(459_003, 7).toString('base64');
    ok(await app.call('upload_document', { content, encoding: 'base64', destination: 'big.bin' }));
    ok(await app.call('upload_document', { content: 'short text', destination: 'small.txt' }));
    ok(await app.call('import_csv', { entity: 'products', content: 'sku,name,price\nA-1,A,1\n' }));
    await app.catalogue.drain();
    const entries = ok<Entries>(await app.call('list_activity', {})).items;
    const inputOf = (op: string, n = 0) => entries.filter((e) => e.operation === op)[n]?.input;
    expect(inputOf('upload_document', 1)).toMatchObject({
      content: '[base64, 612,004 characters]',
      destination: 'big.bin',
    });
    expect(inputOf('upload_document', 0)).toMatchObject({ content: '[text, 10 characters]' });
    expect(inputOf('import_csv')).toMatchObject({ content: '[text, 23 characters]', entity: 'products' });
  });

  it('the person chooses what is hidden; assistants can neither read nor change it', async () => {
    const { app } = await vaultApp();
    const saved = ok<AssistantPermissions>(
      await app.call('update_assistant_permissions', { hidden_data: ['documents', 'customers', 'documents'] }),
    );
    expect(saved.hidden_data).toEqual(['customers', 'documents']);
    for (const face of ['mcp', 'workflow'] as const) {
      const refused = await app.call(
        'update_assistant_permissions',
        { hidden_data: [] },
        { kind: face, name: 'x' },
        face,
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(app.services.permissions.get().hidden_data).toEqual(['customers', 'documents']);
    const unknown = await app.call('update_assistant_permissions', { hidden_data: ['secrets'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'hidden_data.0' }] } });
  });

  it('reads permissions saved before hidden_data existed as hiding nothing', async () => {
    const dataDir = tempDir();
    const first = testApp({ dataDir });
    first.store.sqlite
      .prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('assistant_permissions', ?, ?)`)
      .run(
        JSON.stringify({ mode: 'full', disabled_tools: ['delete_customer'], confirm_destructive: true }),
        new Date().toISOString(),
      );
    expect(first.services.permissions.get()).toMatchObject({
      mode: 'full',
      disabled_tools: ['delete_customer'],
      confirm_destructive: true,
      hidden_data: [],
    });
    expect(first.catalogue.list('mcp').map((c) => c.name)).toContain('get_customer');
    expect(ok<AssistantPermissions>(await first.call('get_assistant_permissions', {})).hidden_data).toEqual([]);
  });

  it('reads rules it cannot understand (a kind from a newer Officina) as read-only with nothing shared', async () => {
    const app = testApp();
    app.store.sqlite
      .prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('assistant_permissions', ?, ?)`)
      .run(
        JSON.stringify({ mode: 'full', disabled_tools: [], confirm_destructive: false, hidden_data: ['payroll'] }),
        new Date().toISOString(),
      );
    expect(app.services.permissions.get()).toMatchObject({ mode: 'read_only', hidden_data: [...DATA_KINDS] });
    // Left: the reads that show nothing of the person's (settings; public web pages; workflow runs, which
    // withhold every kind they could show).
    const harmless = contracts
      .filter(
        (c) =>
          c.faces.includes('mcp') &&
          c.annotations.readOnlyHint === true &&
          c.reveals.every((kind) => c.redacts.includes(kind)),
      )
      .map((c) => c.name);
    expect(harmless).toEqual(expect.arrayContaining(['get_settings', 'scrape_website']));
    expect(
      app.catalogue
        .list('mcp')
        .map((c) => c.name)
        .sort(),
    ).toEqual(harmless.sort());
  });
});
