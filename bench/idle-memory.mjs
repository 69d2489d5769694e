// Benchmark 11: what an idle `officina serve` holds in memory, beside the SDK's bare Streamable HTTP
// server (bench/http-floor-server.mjs) started in the same run. Each is started fresh, given one MCP
// client session (initialize, tools/list, one tool call, closed again) as a host would, left to
// settle, and its resident memory read from /proc. Target: serve ≤ the floor + 20 MB.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { NODE, ROOT, settle, smallDataDir } from './lib/fixtures.mjs';
import { BENCH_TOKEN, memory, startServe } from './lib/serve.mjs';
import { heading, median, table, verdict } from './lib/stats.mjs';

export const TARGET_ABOVE_FLOOR_MB = 20;
const ROUNDS = 3;
const SETTLE_MS = 5_000;

async function startFloor() {
  const child = spawn(NODE, [join(ROOT, 'bench', 'http-floor-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One MCP session as a host opens it: initialize, tools/list, one call; then closed. */
async function oneSession(url, tool, args, headers = {}) {
  const client = new Client({ name: 'bench-idle', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  await client.listTools();
  await client.callTool({ name: tool, arguments: args });
  await client.close();
}

export async function runIdleMemoryBench({ print = console.log } = {}) {
  print(heading('11. Idle memory: officina serve vs the SDK bare Streamable HTTP server'));
  const data = await smallDataDir(1000);
  const serveRss = [];
  const floorRss = [];
  const detail = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const floor = await startFloor();
      const served = await startServe({ dataDir: data.dataDir, vault: data.vault });
      try {
        await oneSession(floor.url, 'noop', {});
        // A page of customers, ~30% with an address and ~60% with a phone: reads that check countries.
        await oneSession(served.url, 'list_customers', { limit: 50 }, { authorization: `Bearer ${BENCH_TOKEN}` });
        await settle(SETTLE_MS);
        const f = memory(floor.pid);
        const s = memory(served.pid);
        floorRss.push(f.rss);
        serveRss.push(s.rss);
        detail.push(
          `round ${round + 1}: serve ${s.rss.toFixed(1)} MB (anon ${s.anon.toFixed(1)}, file ${s.file.toFixed(1)}), ` +
            `floor ${f.rss.toFixed(1)} MB (anon ${f.anon.toFixed(1)}, file ${f.file.toFixed(1)})`,
        );
      } finally {
        await served.stop();
        await floor.stop();
      }
    }
  } finally {
    data.remove();
  }
  for (const line of detail) print(line);
  const serve = median(serveRss);
  const floor = median(floorRss);
  const above = serve - floor;
  const ok = above <= TARGET_ABOVE_FLOOR_MB;
  print(
    table(
      ['', 'RSS (median of 3)', 'target', ''],
      [
        ['officina serve, idle', `${serve.toFixed(1)} MB`, '', ''],
        ['SDK bare Streamable HTTP server', `${floor.toFixed(1)} MB`, '', ''],
        ['serve above the floor', `${above.toFixed(1)} MB`, `≤ ${TARGET_ABOVE_FLOOR_MB} MB`, verdict(ok)],
      ],
    ),
  );
  return [
    {
      name: 'idle serve RSS above the bare SDK HTTP server',
      value: `+${above.toFixed(1)} MB (${serve.toFixed(1)} vs ${floor.toFixed(1)})`,
      target: `≤ +${TARGET_ABOVE_FLOOR_MB} MB`,
      ok,
    },
  ];
}
