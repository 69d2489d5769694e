import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { CRASH_STEPS } from './crash-steps.js';

// A real process running workflows is killed with SIGKILL mid-run; a new one must finish every run,
// running no step twice that is not safe to repeat. out/node is built by test/global-setup.ts.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const RUNS = 30;

type Summary = { execution_id: number; status: string; error_step: string | null };

function runChild(dataDir: string, runs: number): Promise<{ killedAfterMs: number }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'workflow-crash-child.mjs')], {
      env: { ...process.env, OFFICINA_ROOT: ROOT, DATA_DIR: dataDir, RUNS: String(runs), WORKFLOW: 'crash' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended (${code ?? signal}) before it was killed: ${stderr}`));
    });
    // Killed once a random number of steps has completed (not after a time: a loaded machine could
    // finish every run first, and the test would prove nothing).
    const target = 10 + Math.floor(Math.random() * (runs * CRASH_STEPS.length - 40));
    const started = Date.now();
    child.stdout.on('data', (c: Buffer) => {
      if (!c.toString().includes('ready')) return;
      const db = new Database(join(dataDir, 'officina.db'), { readonly: true, timeout: 5000 });
      const count = db.prepare("SELECT COUNT(*) AS n FROM workflow_step_runs WHERE status = 'completed'").pluck();
      const poll = setInterval(() => {
        if ((count.get() as number) < target && Date.now() - started < 60_000) return;
        clearInterval(poll);
        db.close();
        child.kill('SIGKILL');
        child.once('exit', () => done({ killedAfterMs: Date.now() - started }));
      }, 2);
    });
  });
}

describe('a workflow process killed with SIGKILL', () => {
  it('resumes every run at the step that had not completed, and runs no unsafe step twice', async () => {
    const dataDir = tempDir();
    {
      const setup = testApp({ dataDir });
      ok(await setup.call('create_workflow', { workflow_id: 'crash', name: 'Crash', steps: CRASH_STEPS }));
      await setup.close();
    }
    await runChild(dataDir, RUNS);

    const app = testApp({ dataDir, runWorkflows: false });
    // What the kill left: runs not finished (else the test proved nothing), some cut off mid-step.
    const left = ok<{ items: Summary[] }>(await app.call('list_executions', { workflow_id: 'crash', limit: 500 }));
    const unfinished = left.items.filter((r) => r.status !== 'completed');
    expect(unfinished.length).toBeGreaterThan(0);
    app.services.workflowEngine.start();
    await app.services.workflowEngine.idle();
    // A step that writes a file and was cut off is the person's call: here, as a person would, look
    // whether the file is there, then skip the step or run it again.
    const waiting = ok<{ items: Summary[] }>(
      await app.call('list_executions', { status: 'needs_decision', limit: 500 }),
    );
    for (const run of waiting.items) {
      expect(run.error_step).toBe('note');
      const there = (await app.call('read_document', { document_id: `crash/run-${run.execution_id}.md` })).ok;
      ok(
        await app.call('retry_execution', {
          execution_id: run.execution_id,
          from: there ? 'skip_step' : 'failed_step',
        }),
      );
    }
    await app.services.workflowEngine.idle();

    const runs = ok<{ items: Summary[] }>(await app.call('list_executions', { workflow_id: 'crash', limit: 500 }));
    expect(runs.items).toHaveLength(RUNS);
    expect(runs.items.filter((r) => r.status !== 'completed')).toEqual([]);
    const customers = ok<{ items: { email: string }[] }>(await app.call('list_customers', { limit: 500 }));
    expect(customers.items).toHaveLength(RUNS);
    // Each run's customer was made by exactly one call that took effect.
    await app.catalogue.drain();
    const made = ok<{ items: { caller: string; outcome: string }[] }>(
      await app.call('list_activity', { operation: 'create_customer', outcome: 'ok', limit: 500 }),
    );
    const perRun = new Map<string, number>();
    for (const entry of made.items) perRun.set(entry.caller, (perRun.get(entry.caller) ?? 0) + 1);
    expect([...perRun.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perRun.size).toBe(RUNS);
  });
});
