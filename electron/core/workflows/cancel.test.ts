import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

// The engine runs in one process (the desktop core, or `serve`); the person may cancel from another
// on the same store (the UI of a second process, the assistant's stdio server). out/node is built by
// test/global-setup.ts.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

type StepRow = { status: string; error: string | null } | undefined;

async function until<T>(read: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cancelling a run from another process', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('stops the step under way in the process that runs it, not only before its next step', async () => {
    const dataDir = tempDir();
    {
      const setup = testApp({ dataDir });
      ok(
        await setup.call('create_workflow', {
          workflow_id: 'slow',
          name: 'Slow',
          steps: [
            // Five seconds: waited in memory by the engine, told to stop through its signal.
            { id: 'wait', kind: 'delay', seconds: 5 },
            { id: 'after', kind: 'transform', output: { reached: true } },
          ],
        }),
      );
      await setup.close();
    }
    child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'workflow-crash-child.mjs')], {
      env: { ...process.env, OFFICINA_ROOT: ROOT, DATA_DIR: dataDir, RUNS: '1', WORKFLOW: 'slow', WATCH_OTHERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((ready, fail) => {
      child!.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && ready());
      child!.once('exit', (code) => fail(new Error(`the engine process ended (${code}): ${stderr}`)));
    });
    const db = new Database(join(dataDir, 'officina.db'), { readonly: true, timeout: 5000 });
    const step = db.prepare<[string], StepRow>(
      'SELECT status, error FROM workflow_step_runs WHERE run_id = 1 AND step_id = ? AND item = -1',
    );
    try {
      await until(() => (step.get('wait')?.status === 'running' ? true : undefined), 'the delay to start');

      const other = testApp({ dataDir, runWorkflows: false });
      const cancelled = ok<{ status: string }>(await other.call('cancel_execution', { execution_id: 1 }));
      expect(cancelled.status).toBe('cancelled');

      // The engine's process hears of it through the store's change feed and cuts the delay short: the
      // step ends cancelled instead of completing, and the next step is never reached.
      const ended = await until(() => {
        const row = step.get('wait');
        return row && row.status !== 'running' ? row : undefined;
      }, 'the step to end');
      expect(ended).toEqual({ status: 'failed', error: 'The run was cancelled while this step was running.' });
      expect(step.get('after')).toBeUndefined();
      const run = ok<{ status: string; error: string }>(await other.call('get_execution_status', { execution_id: 1 }));
      expect(run.status).toBe('cancelled');
    } finally {
      db.close();
    }
  });
});
