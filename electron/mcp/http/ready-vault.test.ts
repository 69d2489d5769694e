import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { createOfficina } from '../../core/app.js';
import { loadOrCreateToken } from '../../core/security/token.js';
import { startHttpServer } from './server.js';

describe('/ready and a vault folder that goes away', () => {
  it('answers 503 with the reason while the vault folder is away, and 200 again once it is back', async () => {
    const dataDir = tempDir('officina-ready-vault-');
    const vault = join(tempDir(), 'vault');
    mkdirSync(vault);
    writeFileSync(join(vault, 'kept.txt'), 'kept');
    const http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      token: loadOrCreateToken(dataDir, undefined),
      staticDir: join(dataDir, 'no-ui'),
    });
    const app = createOfficina({ dataDir, vault, logLevel: 'silent', watchOtherProcesses: false });
    try {
      http.setApp(app);
      await app.ready;
      expect((await fetch(`${http.url}/ready`)).status).toBe(200);

      renameSync(vault, `${vault}-unplugged`);
      const away = await fetch(`${http.url}/ready`);
      expect(away.status).toBe(503);
      expect(await away.json()).toEqual({
        ready: false,
        reason: 'vault_unavailable',
        problem: expect.stringMatching(/^The vault folder .* is not there \(disk unplugged/),
      });
      // The process itself is fine, and still answers.
      expect((await fetch(`${http.url}/health`)).status).toBe(200);

      renameSync(`${vault}-unplugged`, vault);
      const back = await fetch(`${http.url}/ready`);
      expect(back.status).toBe(200);
      expect(await back.json()).toEqual({ ready: true });
    } finally {
      await http.close();
      await app.close();
    }
  });
});
