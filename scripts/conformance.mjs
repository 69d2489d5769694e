#!/usr/bin/env node
// `npm run conformance`: the official MCP conformance suite (@modelcontextprotocol/conformance) against
// `officina serve`'s /mcp. The suite cannot send a bearer token, so serve runs with --no-auth on
// loopback. Builds nothing: run `npm run build:node` first.
//
// Every failing scenario must be listed in scripts/conformance-expected-failures.json with a reason;
// the run fails on a failure that is not listed AND on a listed one that now passes (or no longer
// exists), so the list stays true. A scenario fails when any of its checks is FAILURE or WARNING (the
// suite's own rule for baselines). Per-scenario results: test-output/conformance/.
//
// Note: tools-call-simple-text and tools-call-error need fixture tools Officina does not have. They
// passed while an unknown tool was an isError text result; it is now the spec's -32602 "Unknown tool".
//
//   node scripts/conformance.mjs [--verbose]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'officina.mjs');
const BUILT_ENTRY = join(ROOT, 'out', 'node', 'electron', 'cli', 'main.js');
const SUITE = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const EXPECTED_FILE = join(ROOT, 'scripts', 'conformance-expected-failures.json');
const RESULTS_DIR = join(ROOT, 'test-output', 'conformance');
const READY_TIMEOUT_MS = 30_000;
const SUITE_TIMEOUT_MS = 10 * 60_000;
const verbose = process.argv.includes('--verbose');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

function readExpected() {
  const list = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${EXPECTED_FILE} must be a list of { scenario, reason }`);
  const expected = new Map();
  for (const entry of list) {
    if (typeof entry?.scenario !== 'string' || typeof entry?.reason !== 'string' || entry.reason.trim() === '') {
      throw new Error(
        `${EXPECTED_FILE}: every entry needs a scenario and an honest reason, got ${JSON.stringify(entry)}`,
      );
    }
    if (expected.has(entry.scenario)) throw new Error(`${EXPECTED_FILE}: ${entry.scenario} is listed twice`);
    expected.set(entry.scenario, entry.reason);
  }
  return expected;
}

async function waitForReady(url, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`officina serve exited (${server.exitCode ?? server.signalCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`officina serve was not ready at ${url}/ready within ${READY_TIMEOUT_MS / 1000} s`);
}

function runSuite(mcpUrl) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [SUITE, 'server', '--url', mcpUrl, '--output-dir', RESULTS_DIR], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    const keep = (chunk) => {
      output += chunk;
      if (verbose) process.stdout.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the conformance suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes\n${output}`));
    }, SUITE_TIMEOUT_MS);
    child.once('error', reject);
    // The suite exits 1 whenever a scenario fails; we judge from its per-scenario results instead.
    child.once('exit', () => {
      clearTimeout(timer);
      resolveRun(output);
    });
  });
}

/** scenario → checks, from <RESULTS_DIR>/server-<scenario>-<ISO timestamp>/checks.json. */
function readResults() {
  const results = new Map();
  for (const dir of readdirSync(RESULTS_DIR)) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
    const file = join(RESULTS_DIR, dir, 'checks.json');
    if (match && existsSync(file)) results.set(match[1], JSON.parse(readFileSync(file, 'utf8')));
  }
  return results;
}

function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    server.kill('SIGTERM');
  });
}

async function main() {
  if (!existsSync(BUILT_ENTRY)) throw new Error('Officina is not built: run `npm run build:node` first.');
  if (!existsSync(SUITE)) throw new Error('@modelcontextprotocol/conformance is not installed: run `npm install`.');
  const expected = readExpected();

  const dataDir = mkdtempSync(join(tmpdir(), 'officina-conformance-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server;
  let serverLog = '';
  const cleanUp = async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal) => void cleanUp().finally(() => process.kill(process.pid, signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--no-auth',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
        '--vault',
        join(dataDir, 'v'),
        '--log-level',
        'warn',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout.on('data', (chunk) => (serverLog += chunk));
    server.stderr.on('data', (chunk) => (serverLog += chunk));
    await waitForReady(url, server);

    rmSync(RESULTS_DIR, { recursive: true, force: true });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const output = await runSuite(`${url}/mcp`);
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`officina serve died during the suite:\n${serverLog}`);

    // The scenarios the suite set out to run; one that crashed leaves no results file and counts as failed.
    const planned = [...output.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
    if (planned.length === 0) throw new Error(`the conformance suite ran no scenarios:\n${output}`);
    const results = readResults();

    const passed = [];
    const expectedFailures = [];
    const unexpected = [];
    const stale = [];
    for (const scenario of planned) {
      const checks = results.get(scenario);
      const bad = checks
        ? checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')
        : [
            {
              name: scenario,
              status: 'FAILURE',
              errorMessage: 'the scenario crashed (no results); run with --verbose',
            },
          ];
      if (bad.length === 0) {
        passed.push(scenario);
        if (expected.has(scenario)) stale.push(scenario);
      } else if (expected.has(scenario)) {
        expectedFailures.push(scenario);
      } else {
        unexpected.push({ scenario, bad });
      }
    }
    const unknown = [...expected.keys()].filter((s) => !planned.includes(s));

    for (const { scenario, bad } of unexpected) {
      console.log(`✗ ${scenario} failed unexpectedly:`);
      for (const check of bad)
        console.log(`    ${check.status} ${check.name}: ${check.errorMessage ?? check.description ?? ''}`);
    }
    for (const scenario of stale)
      console.log(`✓ ${scenario} now passes: remove it from scripts/conformance-expected-failures.json`);
    for (const scenario of unknown)
      console.log(`? ${scenario} is listed as an expected failure but the suite no longer runs it: remove it`);
    if (verbose) for (const scenario of expectedFailures) console.log(`~ ${scenario}: ${expected.get(scenario)}`);

    const problems = unexpected.length + stale.length + unknown.length;
    console.log(
      `conformance: ${passed.length} passed, ${expectedFailures.length} expected failures, ${unexpected.length} unexpected` +
        (stale.length ? `, ${stale.length} expected failures now passing` : '') +
        (unknown.length ? `, ${unknown.length} listed but not run` : '') +
        ` (results in ${RESULTS_DIR})`,
    );
    return problems === 0 ? 0 : 1;
  } catch (error) {
    console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
    if (serverLog) console.error(`officina serve said:\n${serverLog}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

process.exitCode = await main();
