import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import { ok, testApp } from '../../../test/helpers.js';
import type { Clock } from '../catalogue/context.js';
import { CSV_COLUMNS, csvCell } from './export.js';

interface ExportResult {
  filename: string;
  content_type: string;
  content: string;
  count: number;
}

/** An RFC 4180 reader, strict about what it accepts, to read the exports back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n')
          throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

describe('csvCell', () => {
  it('quotes per RFC 4180 only when needed, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(1.25)).toBe('1.25');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('=HYPERLINK("http://evil.example","open")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""open"")"',
    );
    // Only at the start: a formula sign inside the text is just text.
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x-y@z')).toBe('x-y@z');
  });
});

describe('export_activity', () => {
  const clock: Clock = { now: () => new Date('2026-03-04T05:06:07.089Z') };
  const assistant = { kind: 'mcp' as const, name: '=HYPERLINK("http://evil.example","click")' };

  async function seeded() {
    const app = testApp({ clock });
    ok(
      await app.call(
        'create_customer',
        { name: '@SUM(1+1)', email: 'ann@example.com', notes: 'line one\nline two, with "quotes"' },
        assistant,
        'mcp',
      ),
    );
    ok(await app.call('create_customer', { name: '-Dash', email: 'dash@example.com' }));
    await app.call('get_customer', { customer_id: 999 }, assistant, 'mcp');
    await app.catalogue.drain();
    return app;
  }

  it('CSV: a header, RFC 4180 quoting, formula cells defused, and every entry oldest first', async () => {
    const app = await seeded();
    const result = ok<ExportResult>(await app.call('export_activity', { format: 'csv' }));
    expect(result.filename).toBe('officina-activity-2026-03-04T05-06-07Z.csv');
    expect(result.content_type).toBe('text/csv; charset=utf-8');
    expect(result.count).toBe(3);

    const rows = parseCsv(result.content);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    const record = (row: string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));
    const [first, second, third] = rows.slice(1).map(record);
    expect(first).toMatchObject({
      caller_kind: 'mcp',
      caller: `'${assistant.name}`,
      operation: 'create_customer',
      outcome: 'ok',
      error_message: '',
    });
    // The input column is the logged input as JSON: it starts with "{", so nothing to defuse, and reads back whole.
    expect(JSON.parse(first?.['input'] ?? '')).toEqual({
      name: '@SUM(1+1)',
      email: 'ann@example.com',
      notes: 'line one\nline two, with "quotes"',
    });
    expect(second).toMatchObject({ caller: 'test', operation: 'create_customer' });
    expect(third).toMatchObject({ operation: 'get_customer', outcome: 'not_found' });
    expect(third?.['error_message']).toMatch(/999/);
    expect(Number(first?.['id'])).toBeLessThan(Number(second?.['id']));
    for (const row of rows.slice(1)) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('JSON Lines: one entry per line, as list_activity returns them', async () => {
    const app = await seeded();
    const result = ok<ExportResult>(await app.call('export_activity', { format: 'jsonl', caller_kind: 'mcp' }));
    expect(result.filename).toBe('officina-activity-2026-03-04T05-06-07Z.jsonl');
    expect(result.content_type).toBe('application/x-ndjson; charset=utf-8');
    expect(result.content.endsWith('\n')).toBe(true);
    const lines = result.content.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const entries = lines.map((line) => JSON.parse(line) as ActivityEntry);
    const listed = ok<{ items: ActivityEntry[] }>(await app.call('list_activity', { caller_kind: 'mcp' }));
    expect(entries).toEqual(listed.items.reverse());
    expect(entries[0]?.caller).toBe(assistant.name);
  });

  it('filters by operation, outcome and time (since inclusive, until exclusive)', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const app = testApp({ clock: { now: () => new Date(now) } });
    for (let day = 0; day < 5; day++) {
      ok(await app.call('create_customer', { name: `Day ${day}`, email: `day${day}@example.com` }));
      await app.call('get_customer', { customer_id: 999 });
      now += 24 * 60 * 60 * 1000;
    }
    await app.catalogue.drain();
    const exported = async (input: Record<string, unknown>) =>
      ok<ExportResult>(await app.call('export_activity', { format: 'jsonl', ...input }))
        .content.trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ActivityEntry);

    expect(await exported({ operation: 'get_customer' })).toHaveLength(5);
    expect((await exported({ outcome: 'error' })).every((e) => e.outcome === 'not_found')).toBe(true);
    const window = await exported({ since: '2026-01-02', until: '2026-01-04T00:00:00Z', operation: 'create_customer' });
    expect(window.map((e) => (e.input as { name: string }).name)).toEqual(['Day 1', 'Day 2']);
    expect(await exported({ since: '2026-01-03T00:00:00+01:00', operation: 'create_customer' })).toHaveLength(3);
    expect(await exported({ since: '2027-01-01' })).toEqual([]);
    const empty = ok<ExportResult>(await app.call('export_activity', { format: 'csv', since: '2027-01-01' }));
    expect(empty).toMatchObject({ count: 0, content: `${CSV_COLUMNS.join(',')}\r\n` });
  });

  it('refuses more than 100,000 entries with invalid_input asking to narrow the range', async () => {
    const app = testApp({ clock });
    const insert = app.store.sqlite.prepare(
      `INSERT INTO activity (at, caller_kind, caller, operation, input, outcome, error_message, duration_ms, process_id)
       VALUES (?, 'mcp', 'bulk', ?, '{}', 'ok', NULL, 1, 'seed')`,
    );
    app.store.sqlite.transaction(() => {
      for (let i = 0; i < 100_001; i++)
        insert.run(i < 50_000 ? '2026-01-01T00:00:00.000Z' : '2026-02-01T00:00:00.000Z', 'get_customer');
    })();
    const refused = await app.call('export_activity', { format: 'csv' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/100,001 entries/);
      expect(refused.error.message).toMatch(/at most 100,000/);
      expect(refused.error.message).toMatch(/Narrow it/);
    }
    const narrowed = ok<ExportResult>(await app.call('export_activity', { format: 'csv', until: '2026-01-15' }));
    expect(narrowed.count).toBe(50_000);
    expect(narrowed.content.split('\r\n')).toHaveLength(50_002);
  });

  it('is for the person only', async () => {
    const app = await seeded();
    expect(await app.call('export_activity', { format: 'csv' }, assistant, 'mcp')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(app.catalogue.list('mcp').map((c) => c.name)).not.toContain('export_activity');
  });
});
