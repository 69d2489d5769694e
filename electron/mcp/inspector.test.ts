import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { giveEveryToolsetIn, tempDir } from '../../test/helpers.js';
import { CLI, ROOT } from '../../test/mcp-process.js';

// The MCP Inspector's CLI (a devDependency; it needs Node ≥ 22.19, which this Node is) drives the real
// `officina` over stdio and over HTTP, as a client other than our SDK would, and lints every tool's
// schemas for portability with --strict: no finding, warnings included, is allowed. Every toolset is
// given and output schemas are listed, so all the schemas Officina can send are linted.
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
const TOKEN = randomBytes(24).toString('base64url');
const ASSISTANT_TOOLS = contracts.filter((c) => c.faces.includes('mcp')).length;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs = 45_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${args.slice(0, 4).join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const inspector = (target: string[], method: string[]) =>
  run(process.execPath, [INSPECTOR, '--cli', ...target, ...method]);

/** What --strict reports: every finding, warning or error, is a line starting so. */
function findings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^(Warning|Error): tool|^Schema portability:/.test(line));
}

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--output-schemas'],
    { env: { ...process.env, OFFICINA_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /serving (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', () => reject(new Error(`serve exited:\n${stderr}`)));
  });
}

describe('the MCP Inspector CLI (strict) against officina', () => {
  it('over stdio: lists every tool with no schema finding, and calls one', async () => {
    const dataDir = tempDir();
    await giveEveryToolsetIn(dataDir);
    const server = [process.execPath, CLI, 'mcp', '--data-dir', dataDir, '--vault', join(dataDir, 'vault')];
    const listed = await inspector([...server, '--output-schemas'], ['--method', 'tools/list', '--strict']);
    expect(findings(listed.stderr)).toEqual([]);
    expect(listed.code, listed.stderr).toBe(0);
    const { tools } = JSON.parse(listed.stdout) as ListToolsResult;
    expect(tools).toHaveLength(ASSISTANT_TOOLS);
    expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);

    const called = await inspector(server, [
      '--method',
      'tools/call',
      '--tool-name',
      'create_customer',
      '--tool-arg',
      'name=Ada Lovelace',
      'email=ada@example.com',
    ]);
    expect(called.code, called.stderr).toBe(0);
    expect(JSON.parse(called.stdout)).toMatchObject({ structuredContent: { id: 1, email: 'ada@example.com' } });
  }, 60_000);

  it('over Streamable HTTP with the bearer token: lists every tool with no schema finding', async () => {
    const dataDir = tempDir();
    await giveEveryToolsetIn(dataDir);
    const { child, url } = await startServe(dataDir);
    try {
      const listed = await inspector(
        [`${url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${TOKEN}`],
        ['--method', 'tools/list', '--strict'],
      );
      expect(findings(listed.stderr)).toEqual([]);
      expect(listed.code, listed.stderr).toBe(0);
      const { tools } = JSON.parse(listed.stdout) as ListToolsResult;
      expect(tools).toHaveLength(ASSISTANT_TOOLS);
      expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
