// A real Officina process running workflows, for crash tests (electron/core/workflows/crash.test.ts,
// bench/workflows.mjs, cancel.test.ts): it opens DATA_DIR with the engine on, queues RUNS runs of CRASH_WORKFLOW when
// asked, says "ready" on stdout, and runs until it is killed (SIGKILL, at a random moment).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = process.env.OFFICINA_ROOT;
const { createOfficina } = await import(pathToFileURL(join(root, 'out', 'node', 'electron', 'core', 'app.js')).href);
const app = createOfficina({
  dataDir: process.env.DATA_DIR,
  logLevel: 'silent',
  // On for a test that cancels from another process (its cancel reaches this one through the change feed).
  watchOtherProcesses: process.env.WATCH_OTHERS === '1',
  watchVault: false,
  runMonitors: false,
  workflowConcurrency: Number(process.env.CONCURRENCY ?? 8),
});
const runs = Number(process.env.RUNS ?? 0);
for (let i = 0; i < runs; i++) {
  const result = await app.catalogue.call(
    'execute_workflow',
    { workflow_id: process.env.WORKFLOW, context: { n: i }, wait: false },
    { caller: { kind: 'ui', name: 'crash-test' }, face: 'ui' },
  );
  if (!result.ok) {
    process.stderr.write(`${JSON.stringify(result.error)}\n`);
    process.exit(2);
  }
}
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
