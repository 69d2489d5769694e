import { join } from 'node:path';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { giveEveryToolsetIn, tempDir } from '../../test/helpers.js';
import { inspectorCli } from '../../test/inspector-cli.js';
import { CLI } from '../../test/mcp-process.js';
import { startServe } from '../../test/serve-process.js';

// The MCP Inspector's CLI (a devDependency; it needs Node ≥ 22.19, which this Node is) drives the real
// `officina` over stdio and over HTTP, as a client other than our SDK would, and lints every tool's
// schemas for portability with --strict: no finding, warnings included, is allowed. Every toolset is
// given and output schemas are listed, so all the schemas Officina can send are linted.
const ASSISTANT_TOOLS = contracts.filter((c) => c.faces.includes('mcp')).length;

const inspector = (target: string[], method: string[]) => inspectorCli([...target, ...method]);

/** What --strict reports: every finding, warning or error, is a line starting so. */
function findings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^(Warning|Error): tool|^Schema portability:/.test(line));
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
    const { url, token } = await startServe(dataDir, ['--output-schemas']);
    const listed = await inspector(
      [`${url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${token}`],
      ['--method', 'tools/list', '--strict'],
    );
    expect(findings(listed.stderr)).toEqual([]);
    expect(listed.code, listed.stderr).toBe(0);
    const { tools } = JSON.parse(listed.stdout) as ListToolsResult;
    expect(tools).toHaveLength(ASSISTANT_TOOLS);
    expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);
  }, 60_000);
});
