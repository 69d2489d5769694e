import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './mcp-process.js';
import { tempDir } from './helpers.js';

/** The MCP Inspector's launcher (a devDependency); `--cli` runs its command-line client. */
const INSPECTOR = join(
  ROOT,
  'node_modules',
  '@modelcontextprotocol',
  'inspector',
  'clients',
  'launcher',
  'build',
  'index.js',
);

export interface InspectorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mcp-inspector --cli <args>` on the project's Node, with a home of its own (it keeps a catalogue
 * and OAuth state there) and secrets in memory (there is no OS keychain here). `env` adds variables.
 */
export function inspectorCli(args: string[], env: Record<string, string> = {}): Promise<InspectorRun> {
  const home = tempDir('officina-inspector-home-');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [INSPECTOR, '--cli', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOME: home,
        MCP_INSPECTOR_SECRET_STORE: 'memory',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The error the Inspector prints as `{"error":{code,message,...}}` on stderr, if it printed one. */
export function inspectorError(run: InspectorRun): { code: string; message: string } | undefined {
  for (const line of run.stderr.split('\n').reverse()) {
    if (!line.startsWith('{"error"')) continue;
    return (JSON.parse(line) as { error: { code: string; message: string } }).error;
  }
  return undefined;
}
