import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ResourceUpdatedNotificationSchema, type TextResourceContents } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../test/helpers.js';
import { appSource, createMcpServer } from './server.js';

describe('documents over MCP: resources, subscriptions, summarize_document', () => {
  it('reads a document by its nested path, notifies a subscriber of an outside edit, and builds the prompt', async () => {
    const vault = tempDir();
    const app = testApp({ vault, watchVault: true });
    await app.ready;
    ok(
      await app.call('upload_document', {
        content: '# Plan\n\nShip the mugs in May.\n',
        destination: 'projects/2026/plan.md',
      }),
    );
    ok(
      await app.call('upload_document', {
        content: Buffer.from([0, 1, 2, 255]).toString('base64'),
        encoding: 'base64',
        destination: 'bin/blob.dat',
      }),
    );

    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(appSource(app)).connect(serverSide);
    const client = new Client({ name: 'docs-test', version: '1' });
    await client.connect(clientSide);
    try {
      const uri = 'officina://documents/projects/2026/plan.md';
      const read = await client.readResource({ uri });
      expect(read.contents).toEqual([{ uri, mimeType: 'text/markdown', text: '# Plan\n\nShip the mugs in May.\n' }]);
      const binary = await client.readResource({ uri: 'officina://documents/bin/blob.dat' });
      expect(binary.contents[0]).toMatchObject({ mimeType: 'application/octet-stream', blob: 'AAEC/w==' });
      const page = await client.readResource({ uri: 'officina://documents?path=projects/2026' });
      expect(JSON.parse((page.contents[0] as TextResourceContents).text).items).toHaveLength(1);

      const updated: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      await client.subscribeResource({ uri });
      writeFileSync(join(vault, 'projects', '2026', 'plan.md'), '# Plan\n\nShip the mugs in June.\n');
      await expect.poll(() => updated.includes(uri), { timeout: 3_000, interval: 20 }).toBe(true);
      expect(((await client.readResource({ uri })).contents[0] as TextResourceContents).text).toContain('June');

      const prompt = await client.getPrompt({
        name: 'summarize_document',
        arguments: { document_id: 'projects/2026/plan.md' },
      });
      const attached = prompt.messages[1]?.content;
      expect(attached?.type === 'resource' ? (attached.resource as TextResourceContents).text : '').toContain('June');
      await expect(
        client.getPrompt({ name: 'summarize_document', arguments: { document_id: 'bin/blob.dat' } }),
      ).rejects.toThrow(/without text/);
      await expect(client.readResource({ uri: 'officina://documents/../etc/passwd' })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});
