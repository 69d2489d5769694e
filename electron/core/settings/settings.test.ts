import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AppInfo, Settings } from '../../../shared/settings.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { loadOrCreateToken, tokenPath } from '../security/token.js';

describe('settings', () => {
  it('starts from defaults and keeps partial updates', async () => {
    const app = testApp();
    expect(ok<Settings>(await app.call('get_settings', {}))).toEqual({
      default_country: 'US',
      currency: 'USD',
      tax_rate_bps: 0,
      time_zone: 'UTC',
      business_name: '',
      business_address: '',
      business_tax_id: '',
      business_email: '',
      business_phone: '',
    });
    const events: string[] = [];
    app.bus.subscribe((e) => events.push(e.type));
    const updated = ok<Settings>(
      await app.call('update_settings', { currency: 'eur', tax_rate_bps: 1900, time_zone: 'Europe/Berlin' }),
    );
    expect(updated).toMatchObject({
      default_country: 'US',
      currency: 'EUR',
      tax_rate_bps: 1900,
      time_zone: 'Europe/Berlin',
      business_name: '',
    });
    expect(events).toContain('settings.changed');
    expect(ok<Settings>(await app.call('get_settings', {})).currency).toBe('EUR');
  });

  it('survives a restart', async () => {
    const dataDir = tempDir();
    const first = testApp({ dataDir });
    ok(await first.call('update_settings', { default_country: 'JP' }));
    await first.close();
    const second = testApp({ dataDir });
    expect(ok<Settings>(await second.call('get_settings', {})).default_country).toBe('JP');
  });

  it('tells the person how to connect Claude Desktop, with absolute paths', async () => {
    const dataDir = tempDir();
    const app = testApp({
      dataDir,
      vault: `${dataDir}/vault`,
      cliPath: '/opt/officina/bin/officina.mjs',
      nodePath: '/opt/node24/bin/node',
    });
    const info = ok<AppInfo>(await app.call('get_app_info', {}));
    expect(JSON.parse(info.claude_desktop_config)).toEqual({
      mcpServers: {
        officina: {
          command: '/opt/node24/bin/node',
          args: ['/opt/officina/bin/officina.mjs', 'mcp', '--data-dir', dataDir, '--vault', `${dataDir}/vault`],
        },
      },
    });
    expect(info).toMatchObject({ data_dir: dataDir, vault_exists: false, http_mcp_url: null });
  });

  it('reveals the token to the person only, and keeps the token file private', async () => {
    const dataDir = tempDir();
    const token = loadOrCreateToken(dataDir, undefined);
    expect(statSync(tokenPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(dataDir, undefined)).toBe(token);
    const app = testApp({ dataDir });
    expect(ok<{ token: string }>(await app.call('reveal_mcp_token', {})).token).toBe(token);
    expect(await app.call('reveal_mcp_token', {}, { kind: 'mcp', name: 'x' }, 'mcp')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
