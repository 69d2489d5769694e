// Benchmark 9: the weight of tools/list and how soon the first one is answered, Officina beside the
// reference servers (everything, filesystem, memory) in the same run. Each server is started cold, as
// a host starts it (Officina with the Claude Desktop snippet's command, on an existing data
// directory); the time is from the initialize reply to the first tools/list reply, which is when a
// host asks for it. Bytes: the tools/list result as JSON, as it goes over the wire.
// Targets: all of Officina's tools ≤ 60 KB, the toolsets a new installation gives ≤ 25 KB, the first
// tools/list ≤ 50 ms after initialize (medians).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BareClient } from './lib/bare-client.mjs';
import { claudeDesktopCommand, importCore, NODE, ROOT, settle } from './lib/fixtures.mjs';
import { heading, median, ms, table, verdict } from './lib/stats.mjs';

export const TARGET_ALL_BYTES = 60_000;
export const TARGET_DEFAULT_BYTES = 25_000;
export const TARGET_FIRST_LIST_MS = 50;
const RUNS = 7;

const reference = (name) => join(ROOT, 'node_modules', '@modelcontextprotocol', `server-${name}`, 'dist', 'index.js');

/** One cold start: spawn, initialize, then the first tools/list, timed from the initialize reply. */
async function firstList(command, args, env) {
  const client = new BareClient(command, args, env ? { env: { ...process.env, ...env } } : {});
  try {
    await client.initialize();
    const asked = performance.now();
    const answer = await client.request('tools/list', {});
    const elapsed = performance.now() - asked;
    if (answer.error) throw new Error(`tools/list failed: ${JSON.stringify(answer.error)}`);
    return { elapsed, bytes: JSON.stringify(answer.result).length, tools: answer.result.tools.length };
  } finally {
    await client.close();
  }
}

/** A data directory whose assistants get every toolset, as the person would set it in Settings. */
async function everyToolset(dataDir, vault) {
  const { createOfficina, TOOLSETS } = await importCore('app.js');
  const app = createOfficina({ dataDir, vault, watchOtherProcesses: false, watchVault: false, logLevel: 'warn' });
  try {
    const envelope = await app.catalogue.call(
      'update_assistant_permissions',
      { toolsets: [...TOOLSETS] },
      { caller: { kind: 'ui', name: 'bench' }, face: 'ui' },
    );
    if (!envelope.ok) throw new Error(envelope.error.message);
  } finally {
    await app.close();
  }
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

export async function runToolListBench({ print = console.log } = {}) {
  print(heading('9. tools/list: bytes and first-list ms, Officina vs the reference servers'));
  const dir = mkdtempSync(join(tmpdir(), 'officina-bench-tools-'));
  try {
    const fresh = { dataDir: join(dir, 'default'), vault: join(dir, 'vault') };
    const all = { dataDir: join(dir, 'all'), vault: join(dir, 'vault') };
    const defaults = await claudeDesktopCommand(fresh.dataDir, fresh.vault);
    const every = await claudeDesktopCommand(all.dataDir, all.vault);
    await everyToolset(all.dataDir, all.vault);
    const servers = [
      { name: 'officina, a new installation’s toolsets', ...defaults },
      { name: 'officina, every toolset', ...every },
      { name: 'officina, every toolset, --output-schemas', ...every, args: [...every.args, '--output-schemas'] },
      { name: 'server-everything', command: NODE, args: [reference('everything')] },
      { name: 'server-filesystem', command: NODE, args: [reference('filesystem'), dir] },
      {
        name: 'server-memory',
        command: NODE,
        args: [reference('memory')],
        env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
      },
    ];
    for (const server of servers) server.runs = [];
    // One unmeasured start each (a warm OS file cache for all), then alternating rounds.
    for (const server of servers) await firstList(server.command, server.args, server.env);
    for (let round = 0; round < RUNS; round++) {
      for (const server of servers) {
        server.runs.push(await firstList(server.command, server.args, server.env));
        await settle(50);
      }
    }
    for (const server of servers) {
      server.bytes = server.runs[0].bytes;
      server.tools = server.runs[0].tools;
      server.firstListMs = median(server.runs.map((r) => r.elapsed));
    }
    print(`Medians of ${RUNS} cold starts each, alternating; time from the initialize reply to the tools/list reply.`);
    print(
      table(
        ['server', 'tools', 'tools/list', 'bytes/tool', 'first list', 'each run (ms)'],
        servers.map((s) => [
          s.name,
          String(s.tools),
          kb(s.bytes),
          String(Math.round(s.bytes / s.tools)),
          ms(s.firstListMs),
          s.runs.map((r) => r.elapsed.toFixed(0)).join(' '),
        ]),
      ),
    );
    const [light, full] = servers;
    const rows = [
      {
        name: 'tools/list, every toolset',
        value: `${kb(full.bytes)} (${full.tools} tools)`,
        target: `≤ ${kb(TARGET_ALL_BYTES)}`,
        ok: full.bytes <= TARGET_ALL_BYTES,
      },
      {
        name: 'tools/list, a new installation',
        value: `${kb(light.bytes)} (${light.tools} tools)`,
        target: `≤ ${kb(TARGET_DEFAULT_BYTES)}`,
        ok: light.bytes <= TARGET_DEFAULT_BYTES,
      },
      ...[light, full].map((s) => ({
        name: `first tools/list after initialize, ${s === light ? 'new installation' : 'every toolset'}`,
        value: ms(s.firstListMs),
        target: `≤ ${TARGET_FIRST_LIST_MS} ms`,
        ok: s.firstListMs <= TARGET_FIRST_LIST_MS,
      })),
    ];
    for (const r of rows) print(`${verdict(r.ok)}  ${r.name}: ${r.value} (target ${r.target})`);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runToolListBench();
