import type { z } from 'zod';
import { DEFAULT_SETTINGS, Settings, type updateSettings } from '../../../shared/settings.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';

type SettingsPatch = z.output<typeof updateSettings.input>;
const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Business settings, one row per key; missing keys fall back to the defaults. */
export class SettingsService {
  private readonly store: Store;
  private readonly clock: Clock;
  /** Read by many calls (an order's tax rate, a list's time zone): compiled once. */
  private readonly read;

  constructor(deps: { store: Store; clock: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.read = this.store.prepare((q) => q.selectFrom('settings').select(['key', 'value']).where('key', 'in', KEYS));
  }

  get(): Settings {
    const rows = this.read.all();
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    // A value written by an older or newer version that no longer validates falls back to the default.
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = Settings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  update(patch: SettingsPatch, events: EventSink): Settings {
    const now = this.clock.now().toISOString();
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    for (const [key, value] of entries) {
      this.store.run(
        this.store.query
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now })),
      );
    }
    if (entries.length > 0) events.emit({ type: 'settings.changed' });
    return this.get();
  }
}
