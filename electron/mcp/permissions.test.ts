import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  ElicitRequestSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createOfficina, type Officina } from '../core/app.js';
import { DEFAULT_PERMISSIONS } from '../../shared/permissions.js';
import { appSource, createMcpServer } from './server.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/officina.mjs');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function tempApp(dataDir = mkdtempSync(join(tmpdir(), 'officina-perm-'))): Officina {
  const app = createOfficina({ dataDir, logLevel: 'silent' });
  cleanups.push(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

function firstText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

describe('assistant permissions over MCP', () => {
  it('a tool the person turns off in the app vanishes from another process’s tools/list, with list_changed', async () => {
    const desktop = tempApp();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        CLI,
        'mcp',
        '--data-dir',
        desktop.config.dataDir,
        '--vault',
        join(desktop.config.dataDir, 'vault'),
        '--log-level',
        'warn',
      ],
    });
    const client = new Client({ name: 'claude-desktop', version: '1' });
    await client.connect(transport);
    cleanups.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('delete_customer');

    const changed = new Promise<void>((resolveChanged) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolveChanged()),
    );
    await desktop.catalogue.call(
      'update_assistant_permissions',
      { disabled_tools: ['delete_customer'] },
      { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' },
    );
    await changed;
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('delete_customer');
    expect(names).toContain('get_customer');
    const refused = (await client.callTool({
      name: 'delete_customer',
      arguments: { customer_id: 1 },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(firstText(refused)).toMatch(/turned "delete_customer" off/);
  });

  it('an MCP client cannot read or change the permissions or the token', async () => {
    const app = tempApp();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    const client = new Client({ name: 'sneaky', version: '1' });
    await client.connect(clientSide);
    cleanups.push(() => client.close());
    const listed = (await client.listTools()).tools.map((t) => t.name);
    for (const name of [
      'get_assistant_permissions',
      'update_assistant_permissions',
      'reveal_mcp_token',
      'get_app_info',
      'connect_claude_desktop',
      'disconnect_claude_desktop',
      'get_claude_desktop_status',
    ]) {
      expect(listed).not.toContain(name);
      const result = (await client.callTool({
        name,
        arguments: { mode: 'full', disabled_tools: [] },
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(firstText(result)).toMatch(/forbidden/);
    }
    // Business settings are fair game, but cannot carry the person's rules in through a side door.
    const sideDoor = (await client.callTool({
      name: 'update_settings',
      arguments: { assistant_permissions: { mode: 'full' } },
    })) as CallToolResult;
    expect(sideDoor.isError).toBe(true);
    expect(app.services.permissions.get()).toEqual(DEFAULT_PERMISSIONS);
  });

  it('asks the person through MCP elicitation before a destructive tool, when required', async () => {
    const app = tempApp();
    await app.catalogue.call(
      'update_assistant_permissions',
      { confirm_destructive: true },
      { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' },
    );
    await app.catalogue.call(
      'create_customer',
      { name: 'A', email: 'a@example.com' },
      { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    const client = new Client({ name: 'asking-client', version: '1' }, { capabilities: { elicitation: {} } });
    const questions: string[] = [];
    let answer = false;
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      questions.push(request.params.message);
      return { action: 'accept', content: { allow: answer } };
    });
    await client.connect(clientSide);
    cleanups.push(() => client.close());

    const declined = (await client.callTool({
      name: 'delete_customer',
      arguments: { customer_id: 1 },
    })) as CallToolResult;
    expect(firstText(declined)).toMatch(/declined/);
    answer = true;
    const done = (await client.callTool({ name: 'delete_customer', arguments: { customer_id: 1 } })) as CallToolResult;
    expect(done.isError).toBeFalsy();
    expect(questions).toHaveLength(2);
    expect(questions[0]).toMatch(/asking-client wants to run "Delete customer"/);
  });
});
