#!/usr/bin/env node
// `npm run bench`: the benchmarks in order, then one summary table. Timings are reported against
// the targets as PASS/MISS for the reader and never fail the run (DESIGN.md: tests never assert
// timings); the exit code is non-zero only when a benchmark crashed.
//
//   node bench/run.mjs                 all of them (after `npm run build`)
//   node bench/run.mjs startup 1m      only some: floor, sdk, startup, 1m, live, sales, orders, vault, tools,
//                                      scraper, workflows
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCreateOrderBench } from './create-order.mjs';
import { runCustomers1mBench } from './customers-1m.mjs';
import { runLiveBench } from './live.mjs';
import { ROOT } from './lib/fixtures.mjs';
import { runMcpFloorBench } from './mcp-floor.mjs';
import { runSalesBench } from './sales.mjs';
import { runScraperBench } from './scraper.mjs';
import { runSdkSideBySideBench } from './sdk-side-by-side.mjs';
import { heading, table, verdict } from './lib/stats.mjs';
import { runStartupBench } from './startup.mjs';
import { runToolListBench } from './tool-list.mjs';
import { runVaultBench } from './vault.mjs';
import { runWorkflowsBench } from './workflows.mjs';

const BENCHMARKS = [
  { key: 'floor', title: '1. stdio vs floor', run: runMcpFloorBench },
  { key: 'sdk', title: '2. SDK client side by side', run: runSdkSideBySideBench },
  { key: 'startup', title: '3. start-up', run: runStartupBench },
  { key: '1m', title: '4. 1M customers', run: runCustomers1mBench },
  { key: 'live', title: '5. live sharing', run: runLiveBench },
  { key: 'sales', title: '6. sales at size', run: runSalesBench },
  { key: 'orders', title: '7. create_order, small DB', run: runCreateOrderBench },
  { key: 'vault', title: '8. document vault', run: runVaultBench },
  { key: 'tools', title: '9. tools/list weight', run: runToolListBench },
  { key: 'scraper', title: '10. scraper', run: runScraperBench },
  { key: 'workflows', title: '11. workflows', run: runWorkflowsBench },
];

function environment() {
  const version = (path) =>
    JSON.parse(readFileSync(join(ROOT, 'node_modules', ...path.split('/'), 'package.json'), 'utf8')).version;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout: fine
  }
  return [
    `Node ${process.versions.node} (${process.execPath}), ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    `Officina ${commit}; @modelcontextprotocol/sdk ${version('@modelcontextprotocol/sdk')}, ` +
      `server-memory ${version('@modelcontextprotocol/server-memory')}, better-sqlite3 ${version('better-sqlite3')}`,
  ].join('\n');
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.key === w));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.key).join(', ')}.`);
  process.exit(2);
}

console.log(heading('Officina benchmarks'));
console.log(environment());
const started = Date.now();
const summary = [];
let crashed = false;
for (const bench of BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.key))) {
  try {
    for (const row of await bench.run())
      summary.push([bench.title, row.name, row.value, row.target, row.ok === null ? '' : verdict(row.ok)]);
  } catch (error) {
    // Keep going: one broken benchmark should not hide the others' figures.
    crashed = true;
    console.error(`\n${bench.title} CRASHED:\n${error instanceof Error ? error.stack : String(error)}`);
    summary.push([
      bench.title,
      'crashed',
      error instanceof Error ? error.message.split('\n')[0].slice(0, 60) : String(error),
      '',
      'CRASH',
    ]);
  }
}

console.log(heading('Summary'));
console.log(table(['benchmark', 'measure', 'value', 'target', ''], summary));
const misses = summary.filter((r) => r[4] === 'MISS').length;
console.log(
  `\n${summary.filter((r) => r[4] === 'PASS').length} PASS, ${misses} MISS${crashed ? ', some CRASHED' : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
process.exitCode = crashed ? 1 : 0;
