// Benchmark 3: start-up as Claude Desktop sees it: spawn → reply to `initialize`, with the exact
// command of the Claude Desktop snippet (absolute Node 24 + absolute bin/officina.mjs mcp --data-dir D
// --vault V), against the floor server. Target: Officina ≤ floor + 50 ms (medians).
//
// Also shown, without a target: the time to the tools/list reply (hosts ask for it right after
// initialize) and to the first tool result. `officina mcp` may answer initialize before it has opened
// the store, so those are where any deferred cost lands.
import { performance } from 'node:perf_hooks';
import { BareClient } from './lib/bare-client.mjs';
import { claudeDesktopCommand, FLOOR_SERVER, NODE, settle, smallDataDir } from './lib/fixtures.mjs';
import { heading, median, ms, table, verdict } from './lib/stats.mjs';

export const TARGET_EXTRA_MS = 50;
const RUNS = 10;

/** One cold start: spawn, initialize, tools/list, first tool call, then close stdin and wait for the exit. */
async function startOnce(command, args, tool, toolArgs) {
  const client = new BareClient(command, args);
  try {
    // initialize is written at once: it waits in the pipe until the server reads it, as with a host.
    await client.initialize();
    const initialized = performance.now() - client.spawnedAt;
    const list = await client.request('tools/list', {});
    if (list.error) throw new Error(`tools/list failed: ${JSON.stringify(list.error)}`);
    const listed = performance.now() - client.spawnedAt;
    await client.callTool(tool, toolArgs);
    const firstCall = performance.now() - client.spawnedAt;
    const closing = performance.now();
    await client.close();
    return { initialized, listed, firstCall, exit: performance.now() - closing };
  } catch (error) {
    await client.close();
    throw error;
  }
}

export async function runStartupBench({ print = console.log } = {}) {
  print(heading('3. Start-up: spawn → initialize reply (Claude Desktop command) vs floor'));
  const data = await smallDataDir(1000);
  try {
    const officinaCommand = await claudeDesktopCommand(data.dataDir, data.vault);
    print(`Officina command: ${officinaCommand.command} ${officinaCommand.args.join(' ')}`);
    const runs = { floor: [], officina: [] };
    // One unmeasured start each, so both measure a warm OS file cache.
    await startOnce(NODE, [FLOOR_SERVER], 'noop', {});
    await startOnce(officinaCommand.command, officinaCommand.args, 'get_customer', { customer_id: 1 });
    // Alternating, so drift in the machine's load affects both alike.
    for (let i = 0; i < RUNS; i++) {
      runs.floor.push(await startOnce(NODE, [FLOOR_SERVER], 'noop', {}));
      await settle(50);
      runs.officina.push(
        await startOnce(officinaCommand.command, officinaCommand.args, 'get_customer', { customer_id: 1 + i }),
      );
      await settle(50);
    }
    const stat = (list, key) => median(list.map((r) => r[key]));
    const medians = (list) => ({
      init: stat(list, 'initialized'),
      listed: stat(list, 'listed'),
      first: stat(list, 'firstCall'),
      exit: stat(list, 'exit'),
    });
    const floor = medians(runs.floor);
    const officina = medians(runs.officina);
    print(`Medians of ${RUNS} alternating cold starts (data dir with ${data.count} customers):`);
    print(
      table(
        [
          'server',
          '→ initialize',
          '→ tools/list',
          '→ first result',
          'stdin closed → exit',
          '→ initialize, each run (ms)',
        ],
        [
          ['floor (noop)', floor, runs.floor],
          ['officina (get_customer)', officina, runs.officina],
        ].map(([name, m, list]) => [
          name,
          ms(m.init),
          ms(m.listed),
          ms(m.first),
          ms(m.exit),
          list.map((r) => r.initialized.toFixed(0)).join(' '),
        ]),
      ),
    );
    const extra = officina.init - floor.init;
    const rows = [
      {
        name: 'start-up (spawn → initialize) vs floor',
        value: `${ms(officina.init)} vs ${ms(floor.init)} = +${ms(extra)}`,
        target: `≤ floor + ${TARGET_EXTRA_MS} ms`,
        ok: extra <= TARGET_EXTRA_MS,
      },
    ];
    print(
      `(info) spawn → tools/list reply: officina ${ms(officina.listed)} vs floor ${ms(floor.listed)} = +${ms(officina.listed - floor.listed)}`,
    );
    print(
      `(info) spawn → first tool result: officina ${ms(officina.first)} vs floor ${ms(floor.first)} = +${ms(officina.first - floor.first)}`,
    );
    for (const r of rows) print(`${verdict(r.ok)}  ${r.name}: ${r.value} (target ${r.target})`);
    return rows;
  } finally {
    data.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runStartupBench();
