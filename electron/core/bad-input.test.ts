import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { ok, testApp } from '../../test/helpers.js';
import type { Officina } from './app.js';

/** Everything a user stored, minus the activity log (which records the rejected calls, as it should). */
function snapshot(app: Officina): string {
  const tables = ['customers', 'settings', 'change_feed'];
  return JSON.stringify(tables.map((t) => app.store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

const HUGE = 'x'.repeat(100_000);

/** Per operation: inputs that must be refused, and the field the error must name. */
const cases: Record<string, [input: unknown, path: string][]> = {
  create_customer: [
    [{ email: 'a@b.co' }, 'name'],
    [{ name: 'A' }, 'email'],
    [{ name: 'A', email: 'not-an-email' }, 'email'],
    [{ name: '   ', email: 'a@b.co' }, 'name'],
    [{ name: HUGE, email: 'a@b.co' }, 'name'],
    [{ name: 'A', email: `${HUGE}@b.co` }, 'email'],
    [{ name: 42, email: 'a@b.co' }, 'name'],
    [{ name: 'A', email: 'a@b.co', phone: 'call me' }, 'phone'],
    [{ name: 'A', email: 'a@b.co', address: { line1: 'x', country: 'Narnia' } }, 'address.country'],
    [{ name: 'A', email: 'a@b.co', address: { city: 'Rome' } }, 'address.line1'],
    [{ name: 'A', email: 'a@b.co', status: 'deleted' }, 'status'],
    [{ name: 'A', email: 'a@b.co', tags: 'vip' }, 'tags'],
    [{ name: 'A', email: 'a@b.co', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
    [{ name: 'A', email: 'a@b.co', notes: HUGE }, 'notes'],
    [{ name: 'A', email: 'a@b.co', id: 7 }, 'id'],
  ],
  get_customer: [
    [{}, 'customer_id'],
    [{ customer_id: 1, email: 'a@b.co' }, 'customer_id'],
    [{ customer_id: -1 }, 'customer_id'],
    [{ customer_id: 1.5 }, 'customer_id'],
    [{ customer_id: 'abc' }, 'customer_id'],
    [{ customer_id: '1; DROP TABLE customers' }, 'customer_id'],
    [{ email: 'nope' }, 'email'],
  ],
  update_customer: [
    [{ name: 'A' }, 'customer_id'],
    [{ customer_id: 1, name: null }, 'name'],
    [{ customer_id: 1, email: null }, 'email'],
    [{ customer_id: 1, email: 'bad' }, 'email'],
    [{ customer_id: 1, status: 'gone' }, 'status'],
    [{ customer_id: 1, expected_version: 0 }, 'expected_version'],
    [{ customer_id: 1, favourite_colour: 'blue' }, 'favourite_colour'],
  ],
  list_customers: [
    [{ limit: 0 }, 'limit'],
    [{ limit: -5 }, 'limit'],
    [{ limit: 1_000_000 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ offset: 1e12 }, 'offset'],
    [{ status: 'archived' }, 'status'],
    [{ sort: 'random' }, 'sort'],
    [{ cursor: 'not a cursor!' }, 'cursor'],
    [{ cursor: 'eyJ4IjoxfQ' }, 'cursor'],
    [{ query: HUGE }, 'query'],
    [{ page: 2 }, 'page'],
  ],
  delete_customer: [
    [{}, 'customer_id'],
    [{ customer_id: 0 }, 'customer_id'],
    [{ customer_id: 1, force: true }, 'force'],
  ],
  get_settings: [[{ verbose: true }, 'verbose']],
  update_settings: [
    [{ currency: 'EURO' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ default_country: 'ZZ' }, 'default_country'],
    [{ tax_rate_bps: -1 }, 'tax_rate_bps'],
    [{ tax_rate_bps: 10_001 }, 'tax_rate_bps'],
    [{ tax_rate_bps: 8.25 }, 'tax_rate_bps'],
    [{ time_zone: 'Mars/Olympus' }, 'time_zone'],
    [{ token: 'steal' }, 'token'],
  ],
  get_app_info: [[{ x: 1 }, 'x']],
  reveal_mcp_token: [[{ x: 1 }, 'x']],
  rotate_mcp_token: [
    [{ token: 'my-own-choice-of-token' }, 'token'],
    [{ x: 1 }, 'x'],
  ],
  get_assistant_permissions: [[{ x: 1 }, 'x']],
  update_assistant_permissions: [
    [{ mode: 'god' }, 'mode'],
    [{ disabled_tools: 'delete_customer' }, 'disabled_tools'],
    [{ disabled_tools: ['no_such_tool'] }, 'disabled_tools'],
    [{ confirm_destructive: 'yes' }, 'confirm_destructive'],
    [{ allow_paths: ['/'] }, 'allow_paths'],
  ],
  list_activity: [
    [{ limit: 0 }, 'limit'],
    [{ caller_kind: 'robot' }, 'caller_kind'],
    [{ outcome: 'maybe' }, 'outcome'],
    [{ cursor: '!!' }, 'cursor'],
  ],
  list_activity_facets: [[{ x: 1 }, 'x']],
  get_activity_retention: [[{ days: 1 }, 'days']],
  update_activity_retention: [
    [{ days: 0 }, 'days'],
    [{ days: -30 }, 'days'],
    [{ days: 1.5 }, 'days'],
    [{ days: 3651 }, 'days'],
    [{ days: '90' }, 'days'],
    [{ max_rows: 99 }, 'max_rows'],
    [{ max_rows: 100_000_001 }, 'max_rows'],
    [{ max_rows: 'lots' }, 'max_rows'],
    [{ max_rows: Number.POSITIVE_INFINITY }, 'max_rows'],
    [{ keep: 'forever' }, 'keep'],
  ],
  export_activity: [
    [{}, 'format'],
    [{ format: 'xlsx' }, 'format'],
    [{ format: 'CSV' }, 'format'],
    [{ format: 'csv', since: 'yesterday' }, 'since'],
    [{ format: 'csv', until: '2026-13-45' }, 'until'],
    [{ format: 'csv', since: 1_700_000_000 }, 'since'],
    [{ format: 'csv', since: '2026-02-01', until: '2026-01-01' }, 'until'],
    [{ format: 'csv', since: '2026-01-01', until: '2026-01-01' }, 'until'],
    [{ format: 'csv', outcome: 'maybe' }, 'outcome'],
    [{ format: 'csv', caller_kind: 'robot' }, 'caller_kind'],
    [{ format: 'csv', operation: HUGE }, 'operation'],
    [{ format: 'csv', limit: 10 }, 'limit'],
  ],
  list_allowed_folders: [[{ path: '/' }, 'path']],
  add_allowed_folder: [
    [{}, 'path'],
    [{ path: 42 }, 'path'],
    [{ path: '' }, 'path'],
    [{ path: HUGE }, 'path'],
    [{ path: 'relative/folder' }, 'path'],
    [{ path: '~/Documents' }, 'path'],
    [{ path: '/' }, 'path'],
    [{ path: homedir() }, 'path'],
    [{ path: join(homedir(), '.ssh') }, 'path'],
    [{ path: '/no/such/folder/anywhere' }, 'path'],
    [{ path: '/tmp/a\u0000b' }, 'path'],
    [{ path: 'C:\\Windows' }, 'path'],
    [{ path: '/tmp', recursive: true }, 'recursive'],
  ],
  remove_allowed_folder: [
    [{}, 'path'],
    [{ path: ['/tmp'] }, 'path'],
    [{ path: 'relative/folder' }, 'path'],
    [{ path: '/tmp/%2e%2e/etc' }, 'path'],
  ],
};

describe('bad input', () => {
  it('has cases for every operation', () => {
    expect(Object.keys(cases).sort()).toEqual(contracts.map((c) => c.name).sort());
  });

  for (const contract of contracts) {
    it(`${contract.name}: refuses malformed input with invalid_input naming the field, and changes nothing`, async () => {
      const app = testApp();
      ok(await app.call('create_customer', { name: 'Existing', email: 'existing@example.com' }));
      await app.catalogue.drain();
      const before = snapshot(app);
      const generic: [unknown, string][] = [
        ['a string', ''],
        [[1, 2], ''],
        [42, ''],
      ];
      for (const [input, path] of [...generic, ...(cases[contract.name] ?? [])]) {
        const result = await app.call(contract.name, input);
        expect(result.ok, `${contract.name} accepted ${JSON.stringify(input).slice(0, 80)}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message.length).toBeLessThan(2_000);
        if (path)
          expect(
            result.error.issues?.map((i) => i.path),
            JSON.stringify(result.error),
          ).toContain(path);
      }
      expect(snapshot(app)).toBe(before);
    });
  }

  it('answers unknown ids with not_found naming the field, and changes nothing', async () => {
    const app = testApp();
    const before = snapshot(app);
    for (const [name, input] of [
      ['get_customer', { customer_id: 12345 }],
      ['get_customer', { email: 'nobody@example.com' }],
      ['update_customer', { customer_id: 12345, name: 'X' }],
      ['delete_customer', { customer_id: 12345 }],
    ] as const) {
      const result = await app.call(name, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
      if (!result.ok) expect(result.error.issues?.[0]?.path).toMatch(/customer_id|email/);
    }
    expect(snapshot(app)).toBe(before);
  });
});
