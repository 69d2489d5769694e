import type { z } from 'zod';
import { AppPreferences, DEFAULT_APP_PREFERENCES, type updateAppPreferences } from '../../../shared/app-preferences.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';

const KEY = 'app_preferences';

/** The person's app preferences, one settings row; read by each check (the scheduler's pause). */
export class AppPreferencesService {
  private readonly store: Store;
  private readonly clock: Clock;

  constructor(deps: { store: Store; clock: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  get(): AppPreferences {
    const row = this.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
      { value: string } | undefined;
    if (!row) return DEFAULT_APP_PREFERENCES;
    // A value another version wrote that no longer validates falls back to the defaults.
    const parsed = AppPreferences.safeParse({ ...DEFAULT_APP_PREFERENCES, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : DEFAULT_APP_PREFERENCES;
  }

  update(patch: z.output<typeof updateAppPreferences.input>, events: EventSink): AppPreferences {
    const next = { ...this.get(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.store.sqlite
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(KEY, JSON.stringify(next), this.clock.now().toISOString());
    events.emit({ type: 'settings.changed' });
    return next;
  }
}
