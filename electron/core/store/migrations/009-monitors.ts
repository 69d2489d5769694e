import type { Migration } from './index.js';

/**
 * Page monitors and what they saw. A snapshot keeps the page's text after the monitor's ignore rules,
 * so a diff between two snapshots is exactly what the person is told about; `changed` marks the
 * snapshots that differ from the one before (the first one is the baseline). The scheduler finds due
 * monitors through the partial index on next_check_at, one indexed read per wake-up.
 */
export const m009Monitors: Migration = {
  id: 9,
  name: 'scraper: page monitors and snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE monitors (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        name TEXT NOT NULL,
        selectors TEXT,                          -- JSON name → selector, or NULL for the page's text
        ignore_selectors TEXT NOT NULL DEFAULT '[]',
        ignore_patterns TEXT NOT NULL DEFAULT '[]',
        interval_minutes INTEGER,                -- NULL: checked only when asked
        respect_robots INTEGER NOT NULL DEFAULT 1,
        enabled INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'pending',  -- pending | ok | changed | error
        last_checked_at TEXT,
        last_changed_at TEXT,
        next_check_at TEXT,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        consecutive_misses INTEGER NOT NULL DEFAULT 0,
        change_count INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX monitors_due ON monitors (next_check_at) WHERE enabled = 1 AND interval_minutes IS NOT NULL;
      CREATE INDEX monitors_url ON monitors (url);

      CREATE TABLE monitor_snapshots (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        taken_at TEXT NOT NULL,
        content TEXT NOT NULL,
        hash TEXT NOT NULL,
        changed INTEGER NOT NULL,
        diff TEXT,
        added_lines INTEGER NOT NULL DEFAULT 0,
        removed_lines INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX monitor_snapshots_by_monitor ON monitor_snapshots (monitor_id, id);
    `);
  },
};
