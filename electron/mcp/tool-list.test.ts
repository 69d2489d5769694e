import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type ListToolsResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { claudeDesktopConfig } from '../../shared/settings.js';
import { DEFAULT_TOOLSETS } from '../../shared/toolsets.js';
import { assistantCalls, seedSentinels } from '../../test/hidden-data.js';
import { giveEveryToolset, giveEveryToolsetIn, ok, tempDir, testApp } from '../../test/helpers.js';
import { BareClient, CLI, ROOT } from '../../test/mcp-process.js';
import { TOOLSETS, type Officina } from '../core/app.js';
import { appSource, createMcpServer } from './server.js';
import type * as ToolListModule from './tool-list.js';
import { toolFor, type ToolOptions } from './tools.js';

/** The compiled module, reading the list the build wrote beside it. */
type BuiltToolList = typeof ToolListModule;

// Decimal kilobytes: the stricter reading of the targets.
const KB = 1000;
// Issue 11's target for every toolset is 60 KB, met at 74 tools (58.6 KB). Workflows (14 tools),
// rendering, notifications, trash, backups and import mapping brought 90 tools to 73.6 KB: a MISS
// that `node bench/run.mjs tools` reports. This guard stops further growth until descriptions are
// trimmed back toward 60 KB; lower it as they are.
const ALL_TOOLS_BUDGET = 75 * KB;
const DEFAULT_BUDGET = 25 * KB;
const OUT = join(ROOT, 'out', 'node');

async function connect(app: Officina, options: ToolOptions = {}): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(app, options)).connect(serverSide);
  const client = new Client({ name: 'tool-list-test', version: '1' });
  await client.connect(clientSide);
  return client;
}

/** tools/list from a real `officina mcp`, as bytes on the wire (the result object, as JSON). */
async function listOverStdio(dataDir: string, args: string[] = [], env?: NodeJS.ProcessEnv) {
  const client = new BareClient(dataDir, args, env);
  try {
    await client.initialize();
    const answer = await client.request('list', 'tools/list');
    const result = answer['result'] as ListToolsResult | undefined;
    if (!result) throw new Error(`tools/list failed: ${JSON.stringify(answer)}\n${client.stderr}`);
    return { bytes: JSON.stringify(result).length, tools: result.tools, stderr: client.stderr };
  } finally {
    await client.end();
  }
}

type Snippet = { mcpServers: { officina: { command: string; args: string[] } } };

const domainOf = new Map<string, string>(contracts.map((c) => [c.name, c.domain]));
const toolsetsIn = (tools: Tool[]) => [...new Set(tools.map((t) => domainOf.get(t.name)))];

describe('the tool list', () => {
  it('weighs at most 25 KB with a new installation’s toolsets and 72 KB with all of them', async () => {
    const dataDir = tempDir();
    const fresh = await listOverStdio(dataDir);
    expect(toolsetsIn(fresh.tools)).toEqual(DEFAULT_TOOLSETS);
    expect(fresh.bytes).toBeLessThanOrEqual(DEFAULT_BUDGET);

    await giveEveryToolsetIn(dataDir);
    const all = await listOverStdio(dataDir);
    expect(toolsetsIn(all.tools)).toEqual(TOOLSETS);
    expect(all.tools.length).toBe(contracts.filter((c) => c.faces.includes('mcp')).length);
    expect(all.bytes).toBeLessThanOrEqual(ALL_TOOLS_BUDGET);

    // Output schemas only for clients that ask; the same tools otherwise.
    const withOutput = await listOverStdio(dataDir, ['--output-schemas']);
    expect(withOutput.tools.every((t) => t.outputSchema?.type === 'object')).toBe(true);
    expect(withOutput.tools.map((t) => ({ ...t, outputSchema: undefined }))).toEqual(
      all.tools.map((t) => ({ ...t, outputSchema: undefined })),
    );
  }, 60_000);

  it('--toolsets and OFFICINA_TOOLSETS give one server’s clients fewer toolsets, never more than the person gave', async () => {
    const dataDir = tempDir();
    const narrowed = await listOverStdio(dataDir, ['--toolsets', 'documents,sales']);
    // sales is not given on a new installation: the flag cannot add it.
    expect(toolsetsIn(narrowed.tools)).toEqual(['documents']);
    await giveEveryToolsetIn(dataDir);
    const fromEnv = await listOverStdio(dataDir, [], { OFFICINA_TOOLSETS: 'sales, activity' });
    expect(toolsetsIn(fromEnv.tools)).toEqual(['sales', 'activity']);
    const flagWins = await listOverStdio(dataDir, ['--toolsets', 'customers'], { OFFICINA_TOOLSETS: 'sales' });
    expect(toolsetsIn(flagWins.tools)).toEqual(['customers']);
  }, 60_000);

  it('the Claude Desktop snippet carries a choice of toolsets, and the server it starts keeps to it', async () => {
    const dataDir = tempDir();
    await giveEveryToolsetIn(dataDir);
    const info = {
      node_path: process.execPath,
      cli_path: CLI,
      data_dir: dataDir,
      vault: join(dataDir, 'vault'),
      run_as_node: false,
    };
    const follows = JSON.parse(claudeDesktopConfig(info)) as Snippet;
    expect(follows.mcpServers.officina.args).not.toContain('--toolsets');
    const chosen = JSON.parse(claudeDesktopConfig(info, ['documents', 'activity'])) as Snippet;
    const { command, args } = chosen.mcpServers.officina;
    expect(args.slice(-2)).toEqual(['--toolsets', 'documents,activity']);
    const client = new Client({ name: 'claude-desktop', version: '1' });
    await client.connect(new StdioClientTransport({ command, args }));
    try {
      expect(toolsetsIn((await client.listTools()).tools)).toEqual(['documents', 'activity']);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('says what is wrong with a --toolsets that names no toolset, in every tool call and on stderr', async () => {
    const dataDir = tempDir();
    const client = new BareClient(dataDir, ['--toolsets', 'customers,custmers']);
    try {
      await client.initialize();
      const answer = await client.request('call', 'tools/call', { name: 'list_customers', arguments: {} });
      const result = answer['result'] as CallToolResult;
      expect(result.isError).toBe(true);
      const message = `--toolsets (or OFFICINA_TOOLSETS) names "custmers", which is not a toolset. The toolsets are: ${TOOLSETS.join(', ')}.`;
      expect(result.content).toEqual([{ type: 'text', text: `${message}\n(error code: invalid_input)` }]);
      expect(client.stderr).toContain(message);
    } finally {
      await client.end();
    }
    // serve says so and stops before it starts anything or writes its token.
    const serveDir = tempDir();
    const serve = spawnSync(
      process.execPath,
      [CLI, 'serve', '--port', '0', '--data-dir', serveDir, '--toolsets', 'sails'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(serve.status).toBe(2);
    expect(serve.stderr).toContain('--toolsets (or OFFICINA_TOOLSETS) names "sails", which is not a toolset.');
    expect(readdirSync(serveDir)).toEqual([]);
  }, 30_000);

  it('tells connected clients at once when the person changes the toolsets', async () => {
    const app = testApp();
    const client = await connect(app);
    const before = (await client.listTools()).tools;
    expect(toolsetsIn(before)).toEqual(DEFAULT_TOOLSETS);
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    ok(await app.call('update_assistant_permissions', { toolsets: ['sales'] }));
    await changed;
    expect(toolsetsIn((await client.listTools()).tools)).toEqual(['sales']);
    const refused = (await client.callTool({ name: 'list_customers', arguments: {} })) as CallToolResult;
    expect(refused).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/Customers toolset/) }] });
    // Resources and prompts read through the tools, so they follow them.
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates.some((t) => t.startsWith('officina://orders'))).toBe(true);
    expect(templates.filter((t) => /^officina:\/\/(customers|documents)/.test(t))).toEqual([]);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['sales_report']);
    await client.close();
  });

  it('with --output-schemas, every result an assistant gets passes the SDK client’s check against its tool’s schema', async () => {
    const vault = tempDir();
    const app = testApp({ vault });
    const seeded = await seedSentinels(app, vault);
    await giveEveryToolset(app);
    const client = await connect(app, { outputSchemas: true });
    const { tools } = await client.listTools();
    let checked = 0;
    for (const [name, input] of assistantCalls(seeded)) {
      // The client throws when structuredContent does not match the listed outputSchema.
      const result = (await client.callTool({ name, arguments: input })) as CallToolResult;
      if (!result.isError) checked++;
    }
    expect(checked).toBeGreaterThan(40);
    // And the schemas do constrain: a customer without its fields is not one.
    const schema = tools.find((t) => t.name === 'get_customer')?.outputSchema;
    const validate = new AjvJsonSchemaValidator().getValidator(schema ?? {});
    expect(validate({ id: 'seven' }).valid).toBe(false);
    await client.close();
  }, 60_000);

  it('is converted at build time, and that list is used only by the build it came from', async () => {
    const built = (await import(pathToFileURL(join(OUT, 'electron', 'mcp', 'tool-list.js')).href)) as BuiltToolList;
    const tools = built.readToolList();
    expect(tools, 'out/node/electron/mcp/tool-list.json, written by scripts/build-tool-list.mjs').toBeDefined();
    for (const contract of contracts.filter((c) => c.faces.includes('mcp'))) {
      expect(tools?.[contract.name], contract.name).toEqual(toolFor(contract, { outputSchemas: true }));
    }
    // A copy of the compiled tree whose contracts then change: its list no longer counts.
    const root = tempDir();
    cpSync(join(OUT, 'shared'), join(root, 'shared'), { recursive: true });
    mkdirSync(join(root, 'electron', 'mcp'), { recursive: true });
    for (const file of ['tool-schemas.js', 'tools.js', 'tool-list.json']) {
      copyFileSync(join(OUT, 'electron', 'mcp', file), join(root, 'electron', 'mcp', file));
    }
    const copy = join(root, 'electron', 'mcp', 'tool-list.json');
    expect(built.readToolList(copy, root)).toEqual(tools);
    appendFileSync(join(root, 'shared', 'customers.js'), '\n// a contract changed after the list was built\n');
    expect(built.readToolList(copy, root)).toBeUndefined();
  });
});
