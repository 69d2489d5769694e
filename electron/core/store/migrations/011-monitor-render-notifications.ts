import type { Migration } from './index.js';

/**
 * Monitors that run a page's scripts (`render`), and notifications that are not lost: each change a
 * monitor finds becomes a notification (the person's inbox, read or unread), and each channel it goes
 * out on (a webhook) a delivery with its attempts, last error and next try, so a failure is visible
 * and retried — by whichever process is running, after a crash too.
 */
export const m011MonitorRenderNotifications: Migration = {
  id: 11,
  name: 'scraper: monitors render pages; change notifications and their deliveries',
  up(db) {
    db.exec(`
      ALTER TABLE monitors ADD COLUMN render TEXT NOT NULL DEFAULT 'auto';   -- auto | never | always
      ALTER TABLE monitors ADD COLUMN webhook_url TEXT;

      CREATE TABLE monitor_notifications (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        snapshot_id INTEGER REFERENCES monitor_snapshots (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,                      -- what changed, after the monitor's ignore rules
        diff TEXT NOT NULL,
        added_lines INTEGER NOT NULL,
        removed_lines INTEGER NOT NULL,
        read_at TEXT
      );
      CREATE INDEX monitor_notifications_by_monitor ON monitor_notifications (monitor_id, id);
      CREATE INDEX monitor_notifications_unread ON monitor_notifications (id) WHERE read_at IS NULL;

      CREATE TABLE notification_deliveries (
        id INTEGER PRIMARY KEY,
        notification_id INTEGER NOT NULL REFERENCES monitor_notifications (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,                   -- webhook
        target TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | delivered | failed (given up)
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at TEXT,
        next_attempt_at TEXT,
        delivered_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE state = 'pending';
      CREATE INDEX notification_deliveries_by_notification ON notification_deliveries (notification_id);
    `);
  },
};
