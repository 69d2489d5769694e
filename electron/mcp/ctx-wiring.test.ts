import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../shared/operation.js';
import { createOfficina, type Officina } from '../core/app.js';
import { Catalogue } from '../core/catalogue/catalogue.js';
import { implement } from '../core/catalogue/operation.js';
import { appSource, createMcpServer } from './server.js';

const slow = defineContract({
  name: 'slow_count',
  // A toolset a new installation gives assistants.
  domain: 'customers',
  reveals: [],
  title: 'Slow count',
  description: 'Counts to n, reporting progress and logging, until cancelled.',
  input: z.strictObject({ n: z.number().int().min(1) }),
  output: z.object({ counted: z.number() }),
  annotations: { readOnlyHint: true },
});

const slowOp = implement(slow, async (ctx, input) => {
  ctx.log.info(`counting to ${input.n}`);
  for (let i = 1; i <= input.n; i++) {
    if (ctx.signal.aborted) throw new Error('cancelled');
    ctx.progress(i, input.n, `at ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { counted: input.n };
});

let app: Officina | undefined;
afterEach(async () => {
  const dir = app?.config.dataDir;
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An app whose catalogue holds one long operation, so ctx's progress, log and signal can be watched over MCP. */
async function connect(): Promise<Client> {
  app = createOfficina({ dataDir: mkdtempSync(join(tmpdir(), 'officina-ctx-')), logLevel: 'silent' });
  const deps = (app.catalogue as unknown as { deps: ConstructorParameters<typeof Catalogue>[0] }).deps;
  const withSlow: Officina = { ...app, catalogue: new Catalogue(deps, [slowOp]) };
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(appSource(withSlow)).connect(serverSide);
  const client = new Client({ name: 'ctx-test', version: '1' });
  await client.connect(clientSide);
  return client;
}

describe('ctx over MCP', () => {
  it('turns ctx.progress into progress notifications and ctx.log into log messages', async () => {
    const client = await connect();
    await client.setLoggingLevel('info');
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(String(n.params.data)));
    const progress: [number, number | undefined][] = [];
    const result = (await client.callTool({ name: 'slow_count', arguments: { n: 3 } }, undefined, {
      onprogress: (p) => progress.push([p.progress, p.total]),
    })) as CallToolResult;
    expect(result.structuredContent).toEqual({ counted: 3 });
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(logs).toContain('counting to 3');
  });

  it('aborts ctx.signal when the client cancels the call', async () => {
    const client = await connect();
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow_count', arguments: { n: 1000 } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('changed my mind'), 30);
    await expect(call).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app?.catalogue.drain();
    const entries = app?.store.sqlite
      .prepare("SELECT outcome, error_message FROM activity WHERE operation = 'slow_count'")
      .all();
    expect(entries).toEqual([{ outcome: 'cancelled', error_message: 'Cancelled by the caller before it finished' }]);
  });
});
