import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../test/helpers.js';

// What `serve`'s /ready answers once the app is attached (electron/mcp/http/server.ts; before that it
// is 503 "starting", electron/mcp/http/lifecycle.test.ts): a container orchestrator sends traffic
// only when this says ready, so ready must mean the migrations ran and the vault's first scan is done.
describe('readiness', () => {
  it('is "starting" until the first vault scan is done, and ready only with every file indexed', async () => {
    const vault = tempDir('officina-ready-vault-');
    const files = 300;
    for (let i = 0; i < files; i++) {
      const folder = join(vault, `folder-${i % 10}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `note-${i}.md`), `# Note ${i}\n\nSome text for note ${i}.\n`);
    }
    // createOfficina opens the store and applies the migrations before it returns.
    const app = testApp({ vault, watchVault: true });
    expect(app.readiness()).toEqual({
      ready: false,
      reason: 'starting',
      problem: 'Officina is starting: the vault is being scanned.',
    });

    await expect.poll(() => app.readiness().ready, { timeout: 15_000, interval: 5 }).toBe(true);
    const listed = ok<{ items: unknown[] }>(await app.call('list_documents', { recursive: true, limit: 500 }));
    expect(listed.items).toHaveLength(files);
    expect(app.readiness()).toEqual({ ready: true, reason: null, problem: null });
  });
});
