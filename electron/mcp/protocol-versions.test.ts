import { join } from 'node:path';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { inspectorCli, inspectorError } from '../../test/inspector-cli.js';
import { BareClient, CLI } from '../../test/mcp-process.js';
import { startServe } from '../../test/serve-process.js';

/**
 * `officina mcp` as the Inspector starts it, with its settings in the environment: `options` go
 * before the command, which ends the line (after `--`, everything is the command's).
 */
function stdio(dataDir: string): (options: string[]) => string[] {
  return (options) => [
    ...options,
    '-e',
    `OFFICINA_DATA_DIR=${dataDir}`,
    '-e',
    `OFFICINA_VAULT=${join(dataDir, 'vault')}`,
    '-e',
    'OFFICINA_LOG_LEVEL=warn',
    '--',
    process.execPath,
    CLI,
    'mcp',
  ];
}

/** /mcp of a running serve, with its token. */
function http(url: string, token: string): (options: string[]) => string[] {
  return (options) => [`${url}/mcp`, '--header', `Authorization: Bearer ${token}`, ...options];
}

const MODERN = '2026-07-28';

describe('MCP protocol revisions', () => {
  it('initialize settles on the client’s revision when the SDK speaks it, else on the newest', async () => {
    const bare = new BareClient(tempDir('officina-revisions-'));
    try {
      for (const [asked, answered] of [
        ['2024-11-05', '2024-11-05'],
        [LATEST_PROTOCOL_VERSION, LATEST_PROTOCOL_VERSION],
        [MODERN, LATEST_PROTOCOL_VERSION],
      ] as const) {
        const answer = await bare.request(`init-${asked}`, 'initialize', {
          protocolVersion: asked,
          capabilities: {},
          clientInfo: { name: 'pinned', version: '1' },
        });
        expect((answer['result'] as { protocolVersion: string }).protocolVersion, asked).toBe(answered);
      }
      // A client of the revisions without initialize starts with server/discover: -32022 and what is spoken.
      const discover = await bare.request('discover', 'server/discover', {
        _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN },
      });
      expect(discover['error']).toEqual({
        code: -32022,
        message: expect.stringContaining(`does not speak MCP revision ${MODERN}`),
        data: { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: MODERN },
      });
    } finally {
      await bare.end();
    }
  });

  it('the Inspector pinned to 2026-07-28 is told which revisions Officina speaks (stdio and HTTP)', async () => {
    const dataDir = tempDir('officina-revisions-');
    const served = await startServe(tempDir('officina-revisions-serve-'));
    for (const target of [stdio(dataDir), http(served.url, served.token)]) {
      const run = await inspectorCli(target(['--method', 'tools/list', '--protocol-era', 'modern']));
      expect(run.code, run.stderr).not.toBe(0);
      const message = inspectorError(run)?.message ?? '';
      expect(message, run.stderr).toContain(`does not speak MCP revision ${MODERN}`);
      expect(message).toContain(SUPPORTED_PROTOCOL_VERSIONS.join(', '));
    }
  }, 90_000);

  it('the Inspector free to choose (--protocol-era auto) falls back to initialize and works (stdio and HTTP)', async () => {
    const dataDir = tempDir('officina-revisions-');
    const served = await startServe(tempDir('officina-revisions-serve-'));
    for (const target of [stdio(dataDir), http(served.url, served.token)]) {
      const run = await inspectorCli(target(['--method', 'tools/list', '--protocol-era', 'auto', '--format', 'json']));
      expect(run.code, run.stderr).toBe(0);
      const tools = (JSON.parse(run.stdout) as { result: { tools: { name: string }[] } }).result.tools;
      expect(tools.map((t) => t.name)).toContain('list_customers');
    }
  }, 90_000);

  it('over HTTP, a request whose MCP-Protocol-Version header names a revision not spoken is 400 -32022', async () => {
    const served = await startServe(tempDir('officina-revisions-serve-'));
    const res = await fetch(`${served.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${served.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2099-01-01',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32022,
        message: expect.stringContaining('does not speak MCP revision 2099-01-01'),
        data: { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: '2099-01-01' },
      },
    });
  }, 30_000);
});
