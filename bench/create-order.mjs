// Benchmark 7: create_order throughput on a small, fresh database, as 6d measures it on the big one
// (5 items, sequential awaited calls through the catalogue: validation, service, SQL, output check,
// activity log, change feed). Seconds instead of the big seed's minutes, to iterate on the write
// path; 6d stays the figure of record. Target ≥ 2,000/s on the 2-core box.
//
//   node bench/create-order.mjs [--calls N] [--rounds N]   (after `npm run build:node`)
import { performance } from 'node:perf_hooks';
import { giveEveryToolset, importCore, settle, smallDataDir } from './lib/fixtures.mjs';
import { heading, int, ms, summarize, verdict } from './lib/stats.mjs';
import { random } from './seed-customers.mjs';

const TARGET_PER_S = 2000;
const PRODUCTS = 100;
const CALLER = { caller: { kind: 'mcp', name: 'bench' }, face: 'mcp' };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function call(app, name, input) {
  const envelope = await app.catalogue.call(name, input, CALLER);
  if (!envelope.ok) throw new Error(`${name} ${JSON.stringify(input)} failed: ${envelope.error.message}`);
  return envelope.data;
}

export async function runCreateOrderBench({
  print = console.log,
  calls = option('calls', 3000),
  warmup = 200,
  rounds = option('rounds', 3),
} = {}) {
  print(heading('7. create_order on a small database'));
  const dir = await smallDataDir(1000);
  const { createOfficina } = await importCore('app.js');
  const app = createOfficina({ dataDir: dir.dataDir, vault: dir.vault, watchVault: false, logLevel: 'warn' });
  try {
    await giveEveryToolset(app);
    // Ample stock, as the big seed's first products have: no call runs short.
    for (let i = 1; i <= PRODUCTS; i++)
      await call(app, 'create_product', { sku: `B-${i}`, name: `Bench ${i}`, price: 1 + i / 4, initial_stock: 1e8 });
    const active = app.store.sqlite
      .prepare("SELECT id FROM customers WHERE status = 'active' ORDER BY id")
      .pluck()
      .all();
    const next = random(31);
    const input = () => {
      const ids = new Set();
      while (ids.size < 5) ids.add(1 + Math.floor(next() * PRODUCTS));
      return {
        customer_id: active[Math.floor(next() * active.length)],
        items: [...ids].map((product_id) => ({ product_id, quantity: 1 + Math.floor(next() * 3) })),
      };
    };
    for (let i = 0; i < warmup; i++) await call(app, 'create_order', input());
    const results = [];
    for (let round = 0; round < rounds; round++) {
      await settle();
      const latencies = [];
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        await call(app, 'create_order', input());
        latencies.push(performance.now() - t);
      }
      const perSecond = calls / ((performance.now() - started) / 1000);
      // CPU time (user + system) per call: less at the mercy of other work on a shared box than wall time.
      const used = process.cpuUsage(cpu);
      const cpuPerCall = (used.user + used.system) / 1000 / calls;
      const lat = summarize(latencies);
      results.push(perSecond);
      print(
        `round ${round + 1}: ${int(calls)} calls, ${int(perSecond)}/s (p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}, ` +
          `max ${ms(lat.max)}; CPU ${ms(cpuPerCall)} per call)`,
      );
    }
    const best = Math.max(...results);
    print(`best of ${rounds}: ${int(best)}/s; target ≥ ${int(TARGET_PER_S)}/s ${verdict(best >= TARGET_PER_S)}`);
    return [
      {
        name: `create_order, 5 items, small DB (best of ${rounds})`,
        value: `${int(best)}/s`,
        target: `≥ ${int(TARGET_PER_S)}/s`,
        ok: best >= TARGET_PER_S,
      },
    ];
  } finally {
    await app.close();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCreateOrderBench();
