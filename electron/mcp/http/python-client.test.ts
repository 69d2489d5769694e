import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { CLI, ROOT } from '../../../test/mcp-process.js';
import { startServe } from '../../../test/serve-process.js';

const SCRIPT = join(ROOT, 'test', 'python', 'mcp_client.py');

/** Whether python3 can import the Python MCP SDK (the PyPI package `mcp`). */
const pythonSdk = spawnSync('python3', ['-c', 'import mcp'], { stdio: 'ignore' }).status === 0;

interface PythonRun {
  ok: boolean;
  tools?: string[];
  completion?: string[];
  error?: string;
}

function python(args: string[]): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as PythonRun);
      } catch {
        reject(new Error(`mcp_client.py printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
}

// A second-language client. Its package cannot be installed on these machines: PyPI is unreachable
// (only the npm registry and Debian's archive are) and Debian packages no python3-mcp. Where
// `python3 -c "import mcp"` works (after `pip install mcp`), this runs.
describe.skipIf(!pythonSdk)(
  'the Python MCP SDK (skipped without it: PyPI is unreachable here and Debian has no python3-mcp)',
  () => {
    it('over Streamable HTTP with the token: lists the tools and completes a prompt argument', async () => {
      const served = await startServe(tempDir('officina-python-'));
      const run = await python(['http', `${served.url}/mcp`, served.token]);
      expect(run.error).toBeUndefined();
      expect(run.tools).toContain('list_customers');
      expect(run.completion).toEqual(['week']);
    }, 60_000);

    it('over Streamable HTTP without the token: refused with 401 and the Bearer challenge saying where the token is', async () => {
      const served = await startServe(tempDir('officina-python-'));
      const run = await python(['http', `${served.url}/mcp`]);
      expect(run.ok).toBe(false);
      expect(run.error).toMatch(/401/);
    }, 60_000);

    it('over stdio: lists the tools', async () => {
      const dataDir = tempDir('officina-python-');
      const run = await python([
        'stdio',
        process.execPath,
        CLI,
        'mcp',
        '--data-dir',
        dataDir,
        '--vault',
        join(dataDir, 'vault'),
        '--log-level',
        'warn',
      ]);
      expect(run.error).toBeUndefined();
      expect(run.tools).toContain('list_customers');
    }, 60_000);
  },
);
