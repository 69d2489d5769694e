import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { Cursor, IdLike, Limit, SortColumn, SortDirection, Timestamp, listOf } from './schemas.js';
import { Render, Selectors, WebUrl } from './scraper.js';

export const MONITOR_STATUSES = ['pending', 'ok', 'changed', 'error'] as const;

/** Minutes between checks: a number, or "15m", "2h", "1d". */
export const Interval = z
  .union([z.number(), z.string().trim()])
  .transform((value, ctx) => {
    const minutes = typeof value === 'number' ? value : parseDuration(value);
    if (minutes === undefined || !Number.isFinite(minutes)) {
      ctx.addIssue({ code: 'custom', message: 'Give the interval in minutes, or like "30m", "6h" or "1d"' });
      return z.NEVER;
    }
    if (minutes < 5) ctx.addIssue({ code: 'custom', message: 'Check a page at most every 5 minutes' });
    if (minutes > 43_200) ctx.addIssue({ code: 'custom', message: 'Check a page at least every 30 days' });
    return Math.round(minutes);
  })
  .describe('Minutes between checks (≥ 5), or "30m", "6h", "1d"');

function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(m|min|minutes?|h|hours?|d|days?)$/i.exec(text);
  if (!match) return /^\d+$/.test(text) ? Number(text) : undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 'm').toLowerCase()[0];
  return unit === 'd' ? amount * 1440 : unit === 'h' ? amount * 60 : amount;
}

const IgnoreSelectors = z
  .array(z.string().min(1).max(1000))
  .max(50)
  .describe('CSS selectors of parts not compared (ads, clocks)');
const IgnorePatterns = z
  .array(z.string().min(1).max(500))
  .max(50)
  .describe('Regular expressions; text they match is not compared');

/** Where a monitor's changes are also sent: a URL that receives each change as JSON (POST). */
const WebhookUrl = WebUrl.describe('POST each change here as JSON (private hosts if allowed)');

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

/** One channel a notification goes out on (a webhook), with its attempts. */
export const NotificationDelivery = z.object({
  id: z.number().int(),
  channel: z.enum(['webhook']),
  target: z.string(),
  state: z.enum(DELIVERY_STATES).describe('pending (sending or to be retried), delivered, failed (given up)'),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  last_attempt_at: Timestamp.nullable(),
  next_attempt_at: Timestamp.nullable(),
  delivered_at: Timestamp.nullable(),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

export const Monitor = z.object({
  id: z.number().int(),
  url: z.string(),
  name: z.string(),
  selectors: z.record(z.string(), z.unknown()).nullable().describe('What is watched; null: the page’s main text'),
  ignore_selectors: z.array(z.string()),
  ignore_patterns: z.array(z.string()),
  interval_minutes: z.number().int().nullable().describe('null: checked only when asked'),
  respect_robots: z.boolean(),
  enabled: z.boolean(),
  status: z.enum(MONITOR_STATUSES).describe('pending (never checked), ok, changed (last check found a change), error'),
  last_checked_at: Timestamp.nullable(),
  last_changed_at: Timestamp.nullable(),
  next_check_at: Timestamp.nullable(),
  last_error: z.string().nullable(),
  consecutive_failures: z.number().int(),
  change_count: z.number().int(),
  render: Render,
  webhook_url: z.string().nullable(),
  unread_notifications: z.number().int().describe('Changes the person has not looked at yet'),
  notification_problem: NotificationDelivery.nullable().describe(
    'The newest webhook delivery that failed (being retried, or given up), if any',
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Monitor = z.infer<typeof Monitor>;

export const MonitorCheck = z.object({
  monitor: Monitor.nullable().describe('The persisted monitor; null when previous_content was compared without one'),
  changed: z.boolean().describe('True only when the text differs after the ignore rules'),
  baseline: z.boolean().describe('True when this check was the first: nothing to compare with yet'),
  not_modified: z.boolean().describe('The site answered 304: the page has not changed'),
  current_content: z
    .record(z.string(), z.array(z.string()))
    .describe('What is watched now: selector name → values ("page" for the main text)'),
  diff: z.string().nullable().describe('Unified diff from the previous check'),
  added: z.array(z.string()).describe('Lines that appeared'),
  removed: z.array(z.string()).describe('Lines that went away'),
  warnings: z.array(z.string()),
});
export type MonitorCheck = z.infer<typeof MonitorCheck>;

const monitorSettings = {
  name: z.string().trim().min(1).max(200).optional(),
  ignore_selectors: IgnoreSelectors.optional(),
  ignore_patterns: IgnorePatterns.optional(),
  respect_robots: z.boolean().optional().describe('false: fetch even where robots.txt says no (for your own site)'),
  render: Render.optional(),
};

export const monitorWebsiteChanges = defineContract({
  name: 'monitor_website_changes',
  domain: 'scraper',
  title: 'Monitor a web page for changes',
  description:
    'Check a page for changes in `selectors` (default: the main text). The first call keeps a monitor and a ' +
    'baseline; later calls return the diff since the last check (whitespace ignored); `interval` also checks on ' +
    'a schedule; previous_content compares with that instead.',
  input: z.strictObject({
    url: WebUrl,
    selectors: Selectors.optional(),
    previous_content: z.record(z.string(), z.unknown()).optional(),
    interval: Interval.optional(),
    ...monitorSettings,
    webhook_url: WebhookUrl.optional(),
  }),
  output: MonitorCheck,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  reveals: [],
});

/** status asc: problems first (error, changed, ok, pending, paused). Never-checked monitors sort last by date. */
export const MONITOR_SORTS = ['created_at', 'name', 'last_checked_at', 'last_changed_at', 'status'] as const;

export const listMonitors = defineContract({
  name: 'list_monitors',
  domain: 'scraper',
  title: 'List monitors',
  description: 'The page monitors, newest first (or `sort`/`order`), with their status and last change.',
  input: z.strictObject({
    status: z.enum(MONITOR_STATUSES).optional(),
    sort: SortColumn(MONITOR_SORTS, 'created_at'),
    order: SortDirection,
    limit: Limit(50),
    cursor: Cursor.optional(),
  }),
  output: listOf(Monitor),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const getMonitor = defineContract({
  name: 'get_monitor',
  domain: 'scraper',
  title: 'Get monitor',
  description: 'One page monitor: what it watches, its schedule, status and last error.',
  input: z.strictObject({ monitor_id: IdLike }),
  output: Monitor,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const updateMonitor = defineContract({
  name: 'update_monitor',
  domain: 'scraper',
  title: 'Update monitor',
  description:
    'Change a monitor (interval null: only when asked). New selectors or ignore rules start a new baseline, ' +
    'so the change itself is not reported.',
  input: z.strictObject({
    monitor_id: IdLike,
    selectors: Selectors.nullable().optional().describe('New selectors; null watches the page’s main text again'),
    interval: Interval.nullable().optional(),
    enabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    ignore_selectors: IgnoreSelectors.optional(),
    ignore_patterns: IgnorePatterns.optional(),
    respect_robots: z.boolean().optional(),
    render: Render.optional(),
    webhook_url: WebhookUrl.nullable().optional(),
  }),
  output: Monitor,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const deleteMonitor = defineContract({
  name: 'delete_monitor',
  domain: 'scraper',
  title: 'Delete monitor',
  description: 'Delete a monitor and its history of checks.',
  input: z.strictObject({ monitor_id: IdLike }),
  output: z.object({ id: z.number().int(), deleted: z.literal(true) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const checkMonitorNow = defineContract({
  name: 'check_monitor_now',
  domain: 'scraper',
  title: 'Check monitor now',
  description: 'Check a monitor’s page now, whatever its schedule, and return what changed since the last check.',
  input: z.strictObject({ monitor_id: IdLike }),
  output: MonitorCheck,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  reveals: [],
});

export const MonitorSnapshot = z.object({
  id: z.number().int(),
  taken_at: Timestamp,
  changed: z.boolean(),
  diff: z.string().nullable(),
  added_lines: z.number().int(),
  removed_lines: z.number().int(),
  content: z.record(z.string(), z.array(z.string())).nullable().describe('With include_content'),
});

export const getMonitorHistory = defineContract({
  name: 'get_monitor_history',
  domain: 'scraper',
  title: 'Get monitor history',
  description:
    'A monitor’s checks that found changes (every kept check with changes_only false), newest first, each ' +
    'with its diff. include_content adds what the page said then.',
  input: z.strictObject({
    monitor_id: IdLike,
    changes_only: z.boolean().default(true),
    include_content: z.boolean().optional(),
    limit: Limit(20, 200),
    cursor: Cursor.optional(),
  }),
  output: listOf(MonitorSnapshot),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
});

export const MonitorNotification = z.object({
  id: z.number().int(),
  monitor_id: z.number().int(),
  monitor_name: z.string(),
  url: z.string(),
  created_at: Timestamp,
  title: z.string(),
  body: z.string().describe('What changed, after the monitor’s ignore rules'),
  added_lines: z.number().int(),
  removed_lines: z.number().int(),
  read: z.boolean(),
  deliveries: z.array(NotificationDelivery),
});
export type MonitorNotification = z.infer<typeof MonitorNotification>;

export const listMonitorNotifications = defineContract({
  name: 'list_monitor_notifications',
  domain: 'scraper',
  title: 'List change notifications',
  description: 'Changes found by page monitors, newest first, with whether they were read and where they were sent.',
  input: z.strictObject({
    monitor_id: IdLike.optional(),
    unread_only: z.boolean().default(false),
    limit: Limit(50),
    cursor: Cursor.optional(),
  }),
  output: listOf(MonitorNotification).extend({ unread: z.number().int() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  reveals: [],
  faces: PERSON_ONLY,
});

export const markMonitorNotificationsRead = defineContract({
  name: 'mark_monitor_notifications_read',
  domain: 'scraper',
  title: 'Mark change notifications read',
  description: 'Mark notifications read: those given, those of one monitor, or all.',
  input: z
    .strictObject({
      notification_ids: z.array(IdLike).min(1).max(500).optional(),
      monitor_id: IdLike.optional(),
      all: z.boolean().optional(),
    })
    .refine(
      (v) =>
        [v.notification_ids, v.monitor_id, v.all || undefined].filter((x) => x !== undefined && x !== null).length ===
        1,
      {
        message: 'Give notification_ids, monitor_id, or all: true',
        path: ['notification_ids'],
      },
    ),
  output: z.object({ marked: z.number().int(), unread: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  reveals: [],
  faces: PERSON_ONLY,
});

export const retryMonitorNotification = defineContract({
  name: 'retry_monitor_notification',
  domain: 'scraper',
  title: 'Retry a notification',
  description: 'Send a notification that failed (or was given up) again now.',
  input: z.strictObject({ delivery_id: IdLike }),
  output: NotificationDelivery,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  reveals: [],
  faces: PERSON_ONLY,
});

export const monitorContracts = [
  monitorWebsiteChanges,
  listMonitors,
  getMonitor,
  updateMonitor,
  deleteMonitor,
  checkMonitorNow,
  getMonitorHistory,
  listMonitorNotifications,
  markMonitorNotificationsRead,
  retryMonitorNotification,
] as const;
