// Benchmark 2: what an MCP host sees. The SDK's own Client over stdio calls Officina's get_customer and,
// side by side, read_graph on the official @modelcontextprotocol/server-memory (a small reference
// server on the same SDK). Target: Officina is not slower.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { claudeDesktopCommand, MEMORY_SERVER, NODE, settle, smallDataDir } from './lib/fixtures.mjs';
import { heading, int, ms, ratio, summarize, table, verdict } from './lib/stats.mjs';

const ROUNDS = 3;
const WARMUP_CALLS = 300;
const CALLS = 2000; // per server, split over the rounds

async function connect(name, command, args, env) {
  const client = new Client({ name: `bench-${name}`, version: '0.0.0' });
  // stderr is piped (and drained) so neither server's logging lands in the bench output.
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  transport.stderr?.resume();
  await client.connect(transport);
  // As a host does: tools/list first, which also lets the Client check results against output schemas.
  await client.listTools();
  return client;
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result;
}

export async function runSdkSideBySideBench({ print = console.log } = {}) {
  print(heading('2. SDK Client over stdio: Officina get_customer vs server-memory read_graph'));
  const data = await smallDataDir(1000);
  const memoryDir = mkdtempSync(join(tmpdir(), 'officina-bench-memory-'));
  const clients = [];
  try {
    const officinaCommand = await claudeDesktopCommand(data.dataDir, data.vault);
    const servers = [
      {
        name: 'officina get_customer',
        client: await connect('officina', officinaCommand.command, officinaCommand.args, {}),
        tool: 'get_customer',
        argsFor: (i) => ({ customer_id: 1 + (i % data.count) }),
      },
      {
        name: 'server-memory read_graph',
        client: await connect('memory', NODE, [MEMORY_SERVER], { MEMORY_FILE_PATH: join(memoryDir, 'memory.jsonl') }),
        tool: 'read_graph',
        argsFor: () => ({}),
      },
    ];
    clients.push(...servers.map((s) => s.client));

    // One customer-like entity, so read_graph returns a record of about the same size as a customer.
    await call(servers[1].client, 'create_entities', {
      entities: [
        {
          name: 'Zoë Müller',
          entityType: 'customer',
          observations: ['email zoe.muller@proton.me', 'phone +49 1761234567', 'status active', 'tags vip, newsletter'],
        },
      ],
    });

    for (const s of servers) {
      for (let i = 0; i < WARMUP_CALLS; i++) await call(s.client, s.tool, s.argsFor(i));
      s.bytes = JSON.stringify(await call(s.client, s.tool, s.argsFor(0))).length;
      s.samples = [];
    }
    // Interleaved rounds, as in benchmark 1, so a burst of other work on the machine hits both.
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of servers) {
        await settle(100);
        for (let i = 0; i < CALLS / ROUNDS; i++) {
          const started = performance.now();
          await call(s.client, s.tool, s.argsFor(i));
          s.samples.push(performance.now() - started);
        }
      }
    }

    const [officina, memory] = servers.map((s) => ({ ...s, ...summarize(s.samples) }));
    print(
      `${ROUNDS} interleaved rounds, ${int(CALLS)} sequential calls per server after ${WARMUP_CALLS} warm-up; Client validates results against output schemas.`,
    );
    print(
      table(
        ['server / tool', 'p50', 'p95', 'max', 'result bytes'],
        [officina, memory].map((s) => [s.name, ms(s.p50), ms(s.p95), ms(s.max), int(s.bytes)]),
      ),
    );
    const rows = [
      {
        name: 'SDK client p50: officina vs server-memory',
        value: `${ms(officina.p50)} vs ${ms(memory.p50)} = ${ratio(officina.p50 / memory.p50)}`,
        target: 'officina not slower (≤ 1.00×)',
        ok: officina.p50 <= memory.p50,
      },
      {
        name: 'SDK client p95: officina vs server-memory',
        value: `${ms(officina.p95)} vs ${ms(memory.p95)} = ${ratio(officina.p95 / memory.p95)}`,
        target: 'officina not slower (≤ 1.00×)',
        ok: officina.p95 <= memory.p95,
      },
    ];
    for (const r of rows) print(`${verdict(r.ok)}  ${r.name}: ${r.value} (target ${r.target})`);
    return rows;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    data.remove();
    rmSync(memoryDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSdkSideBySideBench();
