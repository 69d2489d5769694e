import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  LoggingMessageNotificationSchema,
  type CallToolResult,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../shared/operation.js';
import { giveEveryToolset, ok, tempDir, testApp } from '../../test/helpers.js';
import type { Officina } from '../core/app.js';
import { Catalogue } from '../core/catalogue/catalogue.js';
import { implement } from '../core/catalogue/operation.js';
import { startHttpServer } from './http/server.js';
import { appSource, createMcpServer } from './server.js';

interface Heard {
  level: LoggingLevel;
  logger?: string;
  data: unknown;
}

/** A client of `app` over MCP (in memory), keeping every log message it is sent. */
async function connect(app: Officina, everyToolset = true): Promise<{ client: Client; heard: Heard[] }> {
  // Imports and every other tool of these tests, whatever a new installation's toolsets are.
  if (everyToolset) await giveEveryToolset(app);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(app)).connect(serverSide);
  const client = new Client({ name: 'log-reader', version: '1' });
  const heard: Heard[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void heard.push(n.params));
  await client.connect(clientSide);
  return { client, heard };
}

const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

/** Messages arrive before the call's answer on the same connection; this lets the handler run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const CSV = 'name,email\nAda Lovelace,ada@example.com\nNo Email,\nGrace Hopper,grace@example.com\n';

describe('MCP log messages (notifications/message)', () => {
  it('an import and a vault rebuild say how they went, at info', async () => {
    const vault = tempDir();
    mkdirSync(join(vault, 'notes'));
    writeFileSync(join(vault, 'notes', 'plan.md'), '# Plan\n');
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    const { client, heard } = await connect(app);
    await client.setLoggingLevel('info');

    const imported = await call(client, 'import_csv', { entity: 'customers', content: CSV, on_error: 'skip_bad_rows' });
    expect(imported.isError).toBeFalsy();
    await call(client, 'import_csv', { entity: 'customers', content: CSV.replaceAll('example', 'example2') });
    await settle();
    expect(heard).toEqual([
      {
        level: 'info',
        logger: 'import_csv',
        data: 'CSV import of customers: 2 of 3 rows imported; 1 row refused (first: line 3).',
      },
      {
        level: 'info',
        logger: 'import_csv',
        data: 'CSV import of customers: nothing imported, as on_error is reject_all; 1 row refused (first: line 3).',
      },
    ]);

    const rebuilt = await call(client, 'rebuild_index', {});
    expect(rebuilt.isError).toBeFalsy();
    await settle();
    expect(heard).toContainEqual({
      level: 'info',
      logger: 'rebuild_index',
      data: expect.stringMatching(/^Vault index rebuilt: 1 documents \(/),
    });
    await client.close();
  });

  it('a refused call is a warning, a missing record a notice, naming the tool and the reason', async () => {
    const app = testApp();
    const { client, heard } = await connect(app);
    await call(client, 'create_customer', { name: 'No Email' });
    await call(client, 'get_customer', { customer_id: 999 });
    ok(await app.call('update_assistant_permissions', { hidden_data: ['customers'] }));
    await call(client, 'list_customers', {});
    await settle();
    expect(heard).toEqual([
      {
        level: 'warning',
        logger: 'create_customer',
        data: expect.stringMatching(/^create_customer: Invalid input .*email.*\(error code: invalid_input\)$/),
      },
      { level: 'notice', logger: 'get_customer', data: expect.stringContaining('(error code: not_found)') },
      {
        level: 'warning',
        logger: 'list_customers',
        data: expect.stringContaining('has not shared customers with assistants'),
      },
    ]);
    await client.close();
  });

  it('an internal failure is an error; logging/setLevel filters, and debug waits until asked for', async () => {
    const base = testApp();
    const chatty = implement(
      defineContract({
        name: 'chatty',
        // A toolset every installation gives assistants, so the call is not refused for its domain.
        domain: 'customers',
        reveals: [],
        title: 'Chatty',
        description: 'Logs at every level, then fails when asked to.',
        input: z.strictObject({ fail: z.boolean() }),
        output: z.object({ said: z.number() }),
        annotations: { readOnlyHint: true },
      }),
      (ctx, input) => {
        ctx.log.debug('debug detail');
        ctx.log.info('info line');
        ctx.log.warn('warning line');
        if (input.fail) throw new Error('the disk ate it');
        return { said: 3 };
      },
    );
    const deps = (base.catalogue as unknown as { deps: ConstructorParameters<typeof Catalogue>[0] }).deps;
    const app: Officina = { ...base, catalogue: new Catalogue(deps, [chatty]) };
    const { client, heard } = await connect(app, false);
    const levels = async (fail: boolean) => {
      heard.length = 0;
      await call(client, 'chatty', { fail });
      await settle();
      return heard.map((h) => h.level);
    };

    // Until the client sets a level: info and up.
    expect(await levels(false)).toEqual(['info', 'warning']);
    await client.setLoggingLevel('debug');
    expect(await levels(true)).toEqual(['debug', 'info', 'warning', 'error']);
    expect(heard.at(-1)?.data).toMatch(
      /^chatty: chatty failed unexpectedly: the disk ate it.*\(error code: internal\)$/,
    );
    await client.setLoggingLevel('error');
    expect(await levels(true)).toEqual(['error']);
    await client.setLoggingLevel('emergency');
    expect(await levels(true)).toEqual([]);
    await client.close();
  });

  it('over Streamable HTTP, a call’s log messages come on its own stream', async () => {
    const token = randomBytes(24).toString('base64url');
    const dir = tempDir();
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token,
      staticDir: join(dir, 'ui'),
    });
    const app = testApp({ dataDir: join(dir, 'data'), token, httpUrl: http.url });
    await giveEveryToolset(app);
    http.setApp(app);
    try {
      const client = new Client({ name: 'http-log-reader', version: '1' });
      const heard: Heard[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void heard.push(n.params));
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      await call(client, 'import_csv', { entity: 'customers', content: CSV });
      await call(client, 'create_customer', { name: 'No Email' });
      // No waiting: what belongs to a call has arrived when its answer has.
      expect(heard.map((h) => [h.level, h.logger])).toEqual([
        ['info', 'import_csv'],
        ['warning', 'create_customer'],
      ]);
      await client.close();
    } finally {
      await http.close();
    }
  });
});
