import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ResourceUpdatedNotificationSchema, type TextResourceContents } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { giveEveryToolset, ok, testApp } from '../../test/helpers.js';
import { appSource, createMcpServer } from './server.js';

async function connect() {
  const app = testApp({ runWorkflows: true });
  await giveEveryToolset(app);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(app)).connect(serverSide);
  const client = new Client({ name: 'workflow-test', version: '1' });
  await client.connect(clientSide);
  return { app, client };
}

const steps = [
  { id: 'add', name: 'Add', tool_name: 'create_customer', parameters: { name: 'Ada', email: '{{ context.email }}' } },
  { id: 'find', name: 'Find', tool_name: 'get_customer', parameters: { customer_id: '{{ steps.add.output.id }}' } },
  { id: 'pause', kind: 'delay', seconds: 0.05 },
];

describe('workflows over MCP', () => {
  it('creates and runs a workflow with progress, and serves the run as a resource that tells of its updates', async () => {
    const { client } = await connect();
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'create_workflow',
          'execute_workflow',
          'get_execution_status',
          'list_workflow_templates',
        ]),
      );
      const created = await client.callTool({
        name: 'create_workflow',
        arguments: { workflow_id: 'w', name: 'W', steps },
      });
      expect(created.isError).toBeFalsy();
      // The run is made by an assistant: it has the assistant's rights, and says so.
      const progress: number[] = [];
      const result = await client.callTool(
        {
          name: 'execute_workflow',
          arguments: { workflow_id: 'w', context: { email: 'ada@example.com' }, wait: true },
        },
        undefined,
        { onprogress: (p) => void progress.push(p.progress) },
      );
      const run = result.structuredContent as {
        execution_id: number;
        status: string;
        rights: string;
        steps: { status: string }[];
      };
      expect(run).toMatchObject({ status: 'completed', rights: 'assistant' });
      expect(run.steps.map((s) => s.status)).toEqual(['completed', 'completed', 'completed']);
      expect(progress).toEqual([1, 2, 3]);

      const read = await client.readResource({ uri: `officina://runs/${run.execution_id}` });
      const body = JSON.parse((read.contents[0] as TextResourceContents).text) as { status: string };
      expect(body.status).toBe('completed');
      const templates = await client.listResourceTemplates();
      expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain('officina://runs/{id}');

      // A run started without waiting: its subscriber hears each step.
      const updates: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
      const started = await client.callTool({
        name: 'execute_workflow',
        arguments: { workflow_id: 'w', context: { email: 'bob@example.com' }, wait: false },
      });
      const second = started.structuredContent as { execution_id: number };
      const uri = `officina://runs/${second.execution_id}`;
      await client.subscribeResource({ uri });
      for (let i = 0; i < 200 && !updates.includes(uri); i++) await new Promise((r) => setTimeout(r, 20));
      expect(updates).toContain(uri);
    } finally {
      await client.close();
    }
  });

  it('refuses to run what the person keeps from the assistant, with the reason, and keeps person-only tools out', async () => {
    const { app, client } = await connect();
    try {
      ok(await app.call('update_assistant_permissions', { toolsets: ['customers', 'workflows'] }));
      const made = await client.callTool({
        name: 'create_workflow',
        arguments: {
          name: 'Stock',
          steps: [{ id: 's', tool_name: 'adjust_inventory', parameters: { product_id: 1, quantity: 1 } }],
        },
      });
      expect(made.isError).toBe(true);
      expect(JSON.stringify(made.content)).toContain('Sales toolset');
      const widen = await client.callTool({
        name: 'validate_workflow',
        arguments: { steps: [{ id: 'w', tool_name: 'update_assistant_permissions', parameters: {} }] },
      });
      const checked = widen.structuredContent as { valid: boolean; problems: { message: string }[] };
      expect(checked.valid).toBe(false);
      expect(checked.problems[0]?.message).toContain('reserved for the person');
    } finally {
      await client.close();
    }
  });
});
