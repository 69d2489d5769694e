// Benchmark 11: the workflow engine (issue 13). After `npm run build:node`:
//   node bench/workflows.mjs [--runs N] [--crash-runs N]
// a. engine overhead per `op` step: a run of 200 steps calling a cheap read (get_settings) against
//    200 direct calls of it; the difference per step is what the engine adds, its durable records
//    (before and after each step) included. Target ≤ 1 ms.
// b. 1,000 runs of a 5-step workflow queued at once: none lost, runs/s.
// c. crash: 100 runs of a 5-step workflow in a real process killed with SIGKILL at random moments,
//    again and again until they are done; every run completes, no unsafe step ran twice, and the
//    safe steps re-run after a kill are counted.
// d. pruning half of a ~100 MB run history: on a database made before incremental vacuum (no full
//    VACUUM any more: the file keeps its size until the person compacts it, whose one VACUUM — what
//    the first prune used to do — is timed too), and on a new database (incremental vacuum: the file
//    shrinks in the prune).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { ROOT, importCore, settle } from './lib/fixtures.mjs';
import { heading, int, ms, verdict } from './lib/stats.mjs';

const PERSON = { caller: { kind: 'ui', name: 'bench' }, face: 'ui' };
const OVERHEAD_TARGET_MS = 1;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function call(app, name, input) {
  const envelope = await app.catalogue.call(name, input, PERSON);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
  return envelope.data;
}

function freshDir() {
  const dir = mkdtempSync(join(tmpdir(), 'officina-bench-wf-'));
  return { dataDir: join(dir, 'data'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function overhead(print) {
  const { createOfficina } = await importCore('app.js');
  const dir = freshDir();
  const app = createOfficina({ dataDir: dir.dataDir, watchVault: false, logLevel: 'warn', runMonitors: false });
  try {
    const STEPS = 200;
    await call(app, 'create_workflow', {
      workflow_id: 'reads',
      name: 'Reads',
      steps: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, tool_name: 'get_settings', parameters: {} })),
    });
    const direct = [];
    const viaRun = [];
    for (let round = 0; round < 7; round++) {
      await settle(50);
      let t = performance.now();
      for (let i = 0; i < STEPS; i++)
        await app.catalogue.call(
          'get_settings',
          {},
          { caller: { kind: 'workflow', name: 'bench' }, face: 'workflow', rights: 'person' },
        );
      direct.push((performance.now() - t) / STEPS);
      t = performance.now();
      const run = await call(app, 'execute_workflow', { workflow_id: 'reads', wait: true });
      if (run.status !== 'completed') throw new Error(`run ended ${run.status}: ${run.error}`);
      viaRun.push((performance.now() - t) / STEPS);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const perStep = median(viaRun) - median(direct);
    print(
      `get_settings direct ${ms(median(direct))}, as a workflow step ${ms(median(viaRun))} (median of 7 runs of ${STEPS} steps): ` +
        `overhead ${ms(perStep)} per step ${verdict(perStep <= OVERHEAD_TARGET_MS)}`,
    );
    return {
      name: 'engine overhead per op step (durable records incl.)',
      value: ms(perStep),
      target: `≤ ${OVERHEAD_TARGET_MS} ms`,
      ok: perStep <= OVERHEAD_TARGET_MS,
    };
  } finally {
    await app.close();
    dir.remove();
  }
}

async function concurrent(print, runs) {
  const { createOfficina } = await importCore('app.js');
  const rows = [];
  for (const width of [16, 64]) {
    const dir = freshDir();
    const app = createOfficina({
      dataDir: dir.dataDir,
      watchVault: false,
      logLevel: 'warn',
      runMonitors: false,
      workflowConcurrency: width,
    });
    try {
      const customer = await call(app, 'create_customer', { name: 'Bench', email: 'bench@example.com' });
      await call(app, 'create_workflow', {
        workflow_id: 'five',
        name: 'Five',
        steps: [
          { id: 'settings', tool_name: 'get_settings', parameters: {} },
          { id: 'customer', tool_name: 'get_customer', parameters: { customer_id: '{{ context.customer_id }}' } },
          {
            id: 'shape',
            kind: 'transform',
            output: { email: '{{ steps.customer.output.email }}', n: '{{ context.n * 2 }}' },
          },
          { id: 'check', kind: 'condition', if: 'steps.shape.output.n >= 0', then: 'note', else: null },
          { id: 'note', kind: 'transform', output: '{{ steps.shape.output.email }} #{{ context.n }}' },
        ],
      });
      await settle();
      const t = performance.now();
      for (let i = 0; i < runs; i++)
        await call(app, 'execute_workflow', {
          workflow_id: 'five',
          context: { n: i, customer_id: customer.id },
          wait: false,
        });
      await app.services.workflowEngine.idle();
      const seconds = (performance.now() - t) / 1000;
      const counts = app.store.sqlite.prepare('SELECT status, COUNT(*) AS n FROM workflow_runs GROUP BY status').all();
      const completed = counts.find((c) => c.status === 'completed')?.n ?? 0;
      const lost = runs - completed;
      print(
        `${int(runs)} runs × 5 steps, ${width} at once: ${int(runs / seconds)} runs/s, ${int((runs * 5) / seconds)} steps/s; completed ${int(completed)}, lost ${lost} ${verdict(lost === 0)}`,
      );
      rows.push({
        name: `${int(runs)} concurrent 5-step runs (${width} at once)`,
        value: `${int(runs / seconds)} runs/s, lost ${lost}`,
        target: 'none lost',
        ok: lost === 0,
      });
    } finally {
      await app.close();
      dir.remove();
    }
  }
  return rows;
}

function child(dataDir, runs, killAfter) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'workflow-crash-child.mjs')], {
      env: {
        ...process.env,
        OFFICINA_ROOT: ROOT,
        DATA_DIR: dataDir,
        RUNS: String(runs),
        WORKFLOW: 'crash',
        CONCURRENCY: '8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (c) => (stderr += c));
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`crash child ended (${code ?? signal}): ${stderr}`));
    });
    proc.stdout.on('data', (c) => {
      if (String(c).includes('ready')) setTimeout(() => proc.kill('SIGKILL'), killAfter);
    });
  });
}

async function crash(print, total) {
  const { createOfficina } = await importCore('app.js');
  const { CRASH_STEPS } = await importCore('workflows/crash-steps.js');
  const dir = freshDir();
  try {
    {
      const setup = createOfficina({
        dataDir: dir.dataDir,
        watchVault: false,
        logLevel: 'warn',
        runMonitors: false,
        runWorkflows: false,
      });
      await call(setup, 'create_workflow', { workflow_id: 'crash', name: 'Crash', steps: CRASH_STEPS });
      await setup.close();
    }
    const safe = new Set(['read', 'pause', 'tag', 'customer']); // idempotent, or transactional (record commits with the write)
    let kills = 0;
    let safeReruns = 0;
    let cutOffUnsafe = 0;
    const unfinished = () => {
      const db = new Database(join(dir.dataDir, 'officina.db'), { readonly: true });
      try {
        const left = db
          .prepare("SELECT COUNT(*) AS n FROM workflow_runs WHERE status IN ('queued','running','waiting')")
          .get().n;
        const inFlight = db
          .prepare(
            "SELECT step_id FROM workflow_step_runs s JOIN workflow_runs r ON r.id = s.run_id WHERE s.status = 'running' AND r.status = 'running'",
          )
          .all();
        return { left, inFlight };
      } finally {
        db.close();
      }
    };
    for (let round = 0; round < 40; round++) {
      await child(dir.dataDir, round === 0 ? total : 0, 50 + Math.floor(Math.random() * 450));
      kills++;
      const { left, inFlight } = unfinished();
      for (const r of inFlight) {
        if (safe.has(r.step_id)) safeReruns++;
        else cutOffUnsafe++;
      }
      if (left === 0) break;
    }
    // Whatever is left finishes here; a file write that was cut off is decided as a person would.
    const app = createOfficina({ dataDir: dir.dataDir, watchVault: false, logLevel: 'warn', runMonitors: false });
    try {
      await app.services.workflowEngine.idle();
      const waiting = await call(app, 'list_executions', { status: 'needs_decision', limit: 500 });
      for (const run of waiting.items) {
        const there = (
          await app.catalogue.call('read_document', { document_id: `crash/run-${run.execution_id}.md` }, PERSON)
        ).ok;
        await call(app, 'retry_execution', {
          execution_id: run.execution_id,
          from: there ? 'skip_step' : 'failed_step',
        });
      }
      await app.services.workflowEngine.idle();
      await app.catalogue.drain();
      const db = app.store.sqlite;
      const completed = db.prepare("SELECT COUNT(*) AS n FROM workflow_runs WHERE status = 'completed'").get().n;
      const twiceCustomers = db
        .prepare(
          "SELECT COUNT(*) AS n FROM (SELECT caller FROM activity WHERE operation = 'create_customer' AND outcome = 'ok' GROUP BY caller HAVING COUNT(*) > 1)",
        )
        .get().n;
      const customers = db
        .prepare("SELECT COUNT(*) AS n FROM customers WHERE email LIKE 'run-%@crash.example'")
        .get().n;
      const twiceFiles = db
        .prepare(
          "SELECT COUNT(*) AS n FROM (SELECT d.id FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.path LIKE 'crash/%' GROUP BY d.id HAVING COUNT(v.id) > 1)",
        )
        .get().n;
      const twice = twiceCustomers + twiceFiles + Math.max(0, customers - total);
      print(
        `${total} runs, ${kills} kill -9s: ${completed}/${total} completed; non-idempotent steps executed twice: ${twice} ` +
          `${verdict(twice === 0 && completed === total)}; safe steps re-run after a kill: ${safeReruns}; ` +
          `unsafe steps cut off and left to a decision: ${waiting.items.length} (${cutOffUnsafe} seen in flight)`,
      );
      return [
        {
          name: `crash: ${total} runs, ${kills} × kill -9`,
          value: `${completed}/${total} done, ${twice} twice`,
          target: 'all done, 0 twice',
          ok: twice === 0 && completed === total,
        },
        {
          name: 'crash: idempotent steps re-run / unsafe left to decide',
          value: `${safeReruns} / ${waiting.items.length}`,
          target: 'reported',
          ok: null,
        },
      ];
    } finally {
      await app.close();
    }
  } finally {
    dir.remove();
  }
}

/**
 * ~`mb` MB of finished runs, written straight to the store as a long history would have been: half
 * of them old (what the prune deletes), half recent (what stays, and what a full VACUUM must copy).
 */
function fillHistory(app, mb) {
  const context = JSON.stringify({ text: 'x'.repeat(100_000) });
  const recent = new Date().toISOString();
  const insert = app.store.sqlite.prepare(
    `INSERT INTO workflow_runs (workflow_id, version, status, context, rights, started_by, trigger, depth,
       created_at, finished_at, updated_at) VALUES ('w', 1, 'completed', ?, 'person', 'bench', 'manual', 0, ?, ?, ?)`,
  );
  app.store.transaction(() => {
    for (let i = 0; i < mb * 10; i++) {
      const at = i % 2 === 0 ? '2020-01-01T00:00:00.000Z' : recent;
      insert.run(context, at, at, at);
    }
  });
  app.store.checkpoint();
}

async function prune(print, mb) {
  const { createOfficina } = await importCore('app.js');
  const open = (dataDir) =>
    createOfficina({ dataDir, watchVault: false, logLevel: 'warn', runMonitors: false, runWorkflows: false });
  const timed = async (fn) => {
    const started = performance.now();
    const result = await fn();
    return { result, ms: performance.now() - started };
  };
  const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const rows = [];
  // An older database: no auto_vacuum.
  {
    const dir = freshDir();
    try {
      await open(dir.dataDir).close();
      const raw = new Database(join(dir.dataDir, 'officina.db'));
      raw.pragma('auto_vacuum = NONE');
      raw.exec('VACUUM');
      raw.close();
      const app = open(dir.dataDir);
      try {
        fillHistory(app, mb);
        const pruned = await timed(() => call(app, 'prune_executions', { older_than_days: 30 }));
        const compacted = await timed(() => call(app, 'compact_database', {}));
        print(
          `older database, ${MB(pruned.result.file_bytes_before)}: prune ${ms(pruned.ms)} (${pruned.result.compaction}, ` +
            `file ${MB(pruned.result.file_bytes_after)}); the person's compact_database (one full VACUUM) ` +
            `${ms(compacted.ms)} → ${MB(compacted.result.file_bytes_after)}`,
        );
        rows.push(
          {
            name: `prune ${mb} MB, older database`,
            value: ms(pruned.ms),
            target: 'no full VACUUM',
            ok: pruned.result.compaction === 'needed',
          },
          { name: `compact_database ${mb} MB (person's)`, value: ms(compacted.ms), target: 'reported', ok: null },
        );
      } finally {
        await app.close();
      }
    } finally {
      dir.remove();
    }
  }
  // A new database: incremental vacuum from its first table.
  {
    const dir = freshDir();
    try {
      const app = open(dir.dataDir);
      try {
        fillHistory(app, mb);
        const pruned = await timed(() => call(app, 'prune_executions', { older_than_days: 30 }));
        print(
          `new database, ${MB(pruned.result.file_bytes_before)}: prune ${ms(pruned.ms)} (${pruned.result.compaction}), ` +
            `file ${MB(pruned.result.file_bytes_after)}`,
        );
        rows.push({
          name: `prune ${mb} MB, new database`,
          value: `${ms(pruned.ms)}, ${MB(pruned.result.file_bytes_after)} left`,
          target: 'file shrinks',
          ok: pruned.result.file_bytes_after < pruned.result.file_bytes_before * 0.6,
        });
      } finally {
        await app.close();
      }
    } finally {
      dir.remove();
    }
  }
  return rows;
}

export async function runWorkflowsBench({
  print = console.log,
  runs = option('runs', 1000),
  crashRuns = option('crash-runs', 100),
  pruneMb = option('prune-mb', 100),
} = {}) {
  print(heading('11. workflow engine'));
  return [
    await overhead(print),
    ...(await concurrent(print, runs)),
    ...(await crash(print, crashRuns)),
    ...(await prune(print, pruneMb)),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await runWorkflowsBench();
