// Benchmark 1: Officina's stdio MCP server against the floor (an SDK server whose tool does nothing),
// both driven by a bare JSON-RPC client. Targets: sequential p50 ≤ 1.3× floor; pipelined
// throughput ≥ 0.9× floor.
import { performance } from 'node:perf_hooks';
import { BareClient } from './lib/bare-client.mjs';
import { claudeDesktopCommand, FLOOR_SERVER, NODE, settle, smallDataDir } from './lib/fixtures.mjs';
import { heading, int, median, ms, ratio, summarize, table, verdict } from './lib/stats.mjs';

export const TARGET_P50_RATIO = 1.3;
export const TARGET_THROUGHPUT_RATIO = 0.9;

const ROUNDS = 3;
const WARMUP_CALLS = 500;
const SEQUENTIAL_CALLS = 2000; // in all, split over the rounds
const PIPELINE_WARMUP = 2000;
const PIPELINED_CALLS = 20000; // per round

/**
 * The servers stay up side by side and take turns, round after round: on a shared 2-core machine a
 * burst of someone else's work then blurs every server a little instead of one a lot.
 */
async function measureAll(servers) {
  for (const server of servers) {
    server.client = new BareClient(server.command, server.args);
    server.samples = [];
    server.rates = [];
    server.afterBurst = [];
    server.cpuPerCall = [];
  }
  try {
    for (const server of servers) {
      await server.client.initialize();
      // JIT and caches warm before anything is timed.
      for (let i = 0; i < WARMUP_CALLS; i++) await server.client.callTool(server.tool, server.argsFor(i));
      await server.client.pipelined(server.tool, server.argsFor, PIPELINE_WARMUP);
      server.payloadBytes = JSON.stringify(await server.client.callTool(server.tool, server.argsFor(0))).length;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of servers) {
        const { client, tool, argsFor } = server;
        await settle(100);
        for (let i = 0; i < SEQUENTIAL_CALLS / ROUNDS; i++) {
          const started = performance.now();
          await client.callTool(tool, argsFor(i));
          server.samples.push(performance.now() - started);
        }
        await settle(100);
        const cpuBefore = client.cpuSeconds();
        const run = await client.pipelined(tool, argsFor, PIPELINED_CALLS);
        if (run.errors > 0)
          throw new Error(`${server.name}: ${run.errors} of ${PIPELINED_CALLS} pipelined calls failed`);
        server.rates.push(PIPELINED_CALLS / (run.elapsed / 1000));
        // The next call, at once: a server still busy after its last response (cleaning up after the
        // burst) makes whoever calls next wait. Not part of the latency figures above.
        const started = performance.now();
        await client.callTool(tool, argsFor(0));
        server.afterBurst.push(performance.now() - started);
        // CPU time barely moves when other work shares the machine, unlike calls/s; it includes the
        // clean-up after the burst, which the calls/s figure does not see.
        const cpuAfter = client.cpuSeconds();
        if (cpuBefore !== null && cpuAfter !== null)
          server.cpuPerCall.push(((cpuAfter - cpuBefore) * 1e6) / PIPELINED_CALLS);
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.client.close()));
  }
  return servers.map((s) => ({
    name: s.name,
    ...summarize(s.samples),
    callsPerSecond: median(s.rates),
    rates: s.rates,
    afterBurst: Math.max(...s.afterBurst),
    cpuPerCall: s.cpuPerCall.length ? median(s.cpuPerCall) : NaN,
    payloadBytes: s.payloadBytes,
  }));
}

export async function runMcpFloorBench({ print = console.log } = {}) {
  print(heading('1. stdio MCP: Officina get_customer vs the floor server (bare JSON-RPC client)'));
  const data = await smallDataDir(1000);
  try {
    // Officina is started exactly as Claude Desktop would start it.
    const officinaCommand = await claudeDesktopCommand(data.dataDir, data.vault);
    const noArgs = () => ({});
    const [floor, floorPayload, officina] = await measureAll([
      { name: 'floor (noop)', command: NODE, args: [FLOOR_SERVER], tool: 'noop', argsFor: noArgs },
      // For the reader only (no target): the same do-nothing server returning an Officina-sized result.
      {
        name: 'floor (customer-sized result)',
        command: NODE,
        args: [FLOOR_SERVER, '--payload'],
        tool: 'noop',
        argsFor: noArgs,
      },
      {
        name: 'officina (get_customer)',
        command: officinaCommand.command,
        args: officinaCommand.args,
        tool: 'get_customer',
        argsFor: (i) => ({ customer_id: 1 + (i % data.count) }),
      },
    ]);

    print(
      `${ROUNDS} interleaved rounds; in all ${int(SEQUENTIAL_CALLS)} sequential calls per server (after ${int(WARMUP_CALLS)} warm-up), ` +
        `and per round ${int(PIPELINED_CALLS)} calls written at once (calls/s = median of rounds). ` +
        `Officina: get_customer on ${data.count} seeded customers, ids cycled.`,
    );
    print(
      table(
        [
          'server',
          'p50',
          'p95',
          'max',
          'calls/s (rounds)',
          'median calls/s',
          'next call after burst (max)',
          'server CPU/call',
          'result bytes',
        ],
        [floor, floorPayload, officina].map((s) => [
          s.name,
          ms(s.p50),
          ms(s.p95),
          ms(s.max),
          s.rates.map((r) => int(r)).join(' / '),
          int(s.callsPerSecond),
          ms(s.afterBurst),
          Number.isFinite(s.cpuPerCall) ? `${s.cpuPerCall.toFixed(1)} µs` : 'n/a',
          int(s.payloadBytes),
        ]),
      ),
    );
    const p50Ratio = officina.p50 / floor.p50;
    const throughputRatio = officina.callsPerSecond / floor.callsPerSecond;
    print(
      `(info) Officina vs the customer-sized floor: p50 ${ratio(officina.p50 / floorPayload.p50)}, ` +
        `calls/s ${ratio(officina.callsPerSecond / floorPayload.callsPerSecond)}`,
    );
    const rows = [
      {
        name: 'stdio p50 vs floor',
        value: `${ms(officina.p50)} vs ${ms(floor.p50)} = ${ratio(p50Ratio)}`,
        target: `≤ ${ratio(TARGET_P50_RATIO)}`,
        ok: p50Ratio <= TARGET_P50_RATIO,
      },
      {
        name: 'stdio pipelined calls/s vs floor',
        value: `${int(officina.callsPerSecond)} vs ${int(floor.callsPerSecond)} = ${ratio(throughputRatio)}`,
        target: `≥ ${ratio(TARGET_THROUGHPUT_RATIO)}`,
        ok: throughputRatio >= TARGET_THROUGHPUT_RATIO,
      },
    ];
    for (const r of rows) print(`${verdict(r.ok)}  ${r.name}: ${r.value} (target ${r.target})`);
    return rows;
  } finally {
    data.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMcpFloorBench();
