import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../../shared/contracts.js';
import { defineContract } from '../../../shared/operation.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';
import { DEFAULT_TOOLSETS, toolsetsOf } from '../../../shared/toolsets.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { createOfficina, TOOLSETS } from '../app.js';
import { systemClock } from '../catalogue/context.js';
import { PermissionsService } from './service.js';

const claude = { kind: 'mcp', name: 'claude' } as const;
const person = { kind: 'ui', name: 'test' } as const;

function toolsetsSeen(app: ReturnType<typeof testApp>): string[] {
  const names = new Set(app.catalogue.list('mcp').map((c) => c.domain));
  return TOOLSETS.filter((t) => names.has(t));
}

describe('toolsets', () => {
  it('are the domains of the operations assistants can call, so a new domain is a toolset by itself', () => {
    expect(TOOLSETS).toEqual([
      'customers',
      'sales',
      'data',
      'documents',
      'settings',
      'activity',
      'scraper',
      'workflows',
    ]);
    const probe = defineContract({
      name: 'run_probe',
      domain: 'probes',
      reveals: [],
      title: 'Run probe',
      description: 'A contract of a domain this Officina does not have yet.',
      input: z.strictObject({}),
      output: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: true },
    });
    const sets = toolsetsOf([...contracts, probe]);
    expect(sets.map((s) => s.name)).toEqual([...TOOLSETS, 'probes']);
    expect(sets.at(-1)?.tools).toEqual(['run_probe']);
    // Person-only operations (permissions, the token) are in no toolset: assistants never get them.
    expect(sets.flatMap((s) => s.tools)).not.toContain('update_assistant_permissions');
  });

  it('a new installation gives assistants the default toolsets, light enough for any client', async () => {
    const app = testApp();
    expect(toolsetsSeen(app)).toEqual(DEFAULT_TOOLSETS);
    expect(ok<AssistantPermissions>(await app.call('get_assistant_permissions', {})).toolsets).toEqual(
      DEFAULT_TOOLSETS,
    );
    const refused = await app.call('list_orders', {}, claude, 'mcp');
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          '"list_orders" is in the Sales toolset (sales), which the person has not given assistants ' +
          '(Officina → Settings → Assistant permissions → Toolsets).',
      },
    });
    // The person is never restricted.
    expect(await app.call('list_orders', {})).toMatchObject({ ok: true });
  });

  it('rules saved before toolsets existed keep every tool their assistants had, and nothing newer', () => {
    const app = testApp();
    app.store.sqlite
      .prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('assistant_permissions', ?, ?)`)
      .run(
        JSON.stringify({ mode: 'full', disabled_tools: ['delete_customer'], confirm_destructive: false }),
        new Date().toISOString(),
      );
    // The six there were then; the scraper came later and is not given to them without the person's say.
    const before = ['customers', 'sales', 'data', 'documents', 'settings', 'activity'];
    expect(app.services.permissions.get().toolsets).toEqual(before);
    expect(toolsetsSeen(app)).toEqual(before);
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('delete_customer');
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('scrape_website');
    const later = new PermissionsService({
      store: app.store,
      clock: systemClock,
      toolsets: [...TOOLSETS, 'workflows'],
    });
    expect(later.get().toolsets).toEqual(before);
  });

  it('the person chooses them: tools of the others vanish and are refused, for workflows too', async () => {
    const app = testApp();
    const saved = ok<AssistantPermissions>(
      await app.call('update_assistant_permissions', { toolsets: ['sales', 'customers', 'sales'] }),
    );
    expect(saved.toolsets).toEqual(['customers', 'sales']);
    expect(toolsetsSeen(app)).toEqual(['customers', 'sales']);
    expect(await app.call('list_orders', {}, claude, 'mcp')).toMatchObject({ ok: true });
    for (const face of ['mcp', 'workflow'] as const) {
      const refused = await app.call('list_documents', {}, { kind: face, name: 'x' }, face);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('Documents toolset (documents)') },
      });
    }
    // Per-tool switches still apply inside a toolset that is on.
    ok(await app.call('update_assistant_permissions', { disabled_tools: ['list_orders'] }));
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('list_orders');
    expect(app.catalogue.list('mcp').map((c) => c.name)).toContain('get_order');
  });

  it('refuses a toolset that does not exist, and cannot be changed by an assistant', async () => {
    const app = testApp();
    const typo = await app.call('update_assistant_permissions', { toolsets: ['customers', 'sails'] });
    expect(typo).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `Unknown toolsets: sails. The toolsets are: ${TOOLSETS.join(', ')}.`,
        issues: [{ path: 'toolsets' }],
      },
    });
    for (const face of ['mcp', 'workflow'] as const) {
      const widen = await app.call('update_assistant_permissions', { toolsets: [...TOOLSETS] }, claude, face);
      expect(widen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(app.services.permissions.get().toolsets).toEqual(DEFAULT_TOOLSETS);
  });

  it('--toolsets narrows what the person gave assistants in this process, and never widens it', async () => {
    const dataDir = tempDir();
    const desktop = testApp({ dataDir });
    ok(await desktop.call('update_assistant_permissions', { toolsets: ['customers', 'sales', 'documents'] }));
    const narrowed = testApp({ dataDir, toolsets: ['sales', 'activity'] });
    expect(toolsetsSeen(narrowed)).toEqual(['sales']);
    const notStarted = await narrowed.call('list_customers', {}, claude, 'mcp');
    expect(notStarted).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          '"list_customers" is in the Customers toolset (customers), which this Officina server was started without: ' +
          'it gives assistants only sales, activity (--toolsets or OFFICINA_TOOLSETS in the client’s configuration).',
      },
    });
    // activity is named by the process but not given by the person: still refused, and the person is why.
    const notGiven = await narrowed.call('list_activity', {}, claude, 'mcp');
    expect(notGiven).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('which the person has not given assistants') },
    });
    // The person widens it in the app: this process follows at once, within its --toolsets.
    ok(await desktop.call('update_assistant_permissions', { toolsets: [...TOOLSETS] }));
    expect(toolsetsSeen(narrowed)).toEqual(['sales', 'activity']);
    expect(await narrowed.call('list_customers', {}, person)).toMatchObject({ ok: true });
  });

  it('refuses to start with a --toolsets that names no toolset, before touching the data directory', () => {
    const dataDir = tempDir();
    expect(() => createOfficina({ dataDir, logLevel: 'silent', toolsets: ['customers', 'custmers'] })).toThrow(
      `--toolsets (or OFFICINA_TOOLSETS) names "custmers", which is not a toolset. The toolsets are: ${TOOLSETS.join(', ')}.`,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
