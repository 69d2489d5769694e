import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_PREFERENCES } from '../../../shared/app-preferences.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

describe('app preferences', () => {
  it('start with updates and open-at-login off, persist, and are the person’s only', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir });
    expect(ok(await app.call('get_app_preferences', {}))).toEqual(DEFAULT_APP_PREFERENCES);
    expect(DEFAULT_APP_PREFERENCES.auto_update).toBe(false);
    expect(ok(await app.call('update_app_preferences', { open_at_login: true, schedules_paused: true }))).toEqual({
      open_at_login: true,
      auto_update: false,
      schedules_paused: true,
    });
    const byAssistant = await app.call(
      'update_app_preferences',
      { schedules_paused: false },
      { kind: 'mcp', name: 'x' },
      'mcp',
    );
    expect(byAssistant).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await app.close();
    const again = testApp({ dataDir });
    expect(again.services.appPreferences.get()).toMatchObject({ open_at_login: true, schedules_paused: true });
  });
});
