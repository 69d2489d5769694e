import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { naturalOrder } from '../../../shared/schemas.js';
import { sql, type RawBuilder } from 'kysely';
import type { Monitor, MonitorCheck, listMonitors, updateMonitor } from '../../../shared/monitors.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { MonitorsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SelectorSpec } from './extract.js';
import { checkSelectors } from './selector-check.js';
import type { FetchedPage } from './fetcher.js';
import type { NotificationService } from './notifications.js';
import type { RenderMode } from './render/render-policy.js';
import type { ScraperService } from './service.js';
import type * as Diff from 'diff';
import type SafeRegex from 'safe-regex2';
import { lazyModule } from '../common/lazy-module.js';

const diffLib = lazyModule<typeof Diff>('diff');
const safeRegex = lazyModule<typeof SafeRegex>('safe-regex2');

type Row = Omit<MonitorsTable, 'id'> & { id: number };
type Selectors = Record<string, string | SelectorSpec>;
type Content = Record<string, string[]>;
type Reading = { content: Content; missing: string[] };
type MonitorPatch = Omit<z.output<typeof updateMonitor.input>, 'monitor_id'>;
/** Runs `write` in one transaction whose events reach the change feed and the bus (op or background). */
export type Commit = <T>(write: (events: EventSink) => T) => T;

/** A selector that matches nothing this many checks running is an error; before that, a hiccup. */
export const MISSES_BEFORE_ERROR = 3;
export const FAILURES_BEFORE_ERROR = 3;
/** Snapshots kept per monitor (the newest; the baseline of the current run is always among them). */
const SNAPSHOTS_KEPT = 100;
const MAX_BACKOFF_MINUTES = 24 * 60;
/** The key the page's main text is kept under when no selectors are given. */
const PAGE = 'page';

export interface MonitorSettings {
  name?: string | null | undefined;
  ignore_selectors?: string[] | null | undefined;
  ignore_patterns?: string[] | null | undefined;
  respect_robots?: boolean | null | undefined;
  render?: RenderMode | null | undefined;
  /** null (in an update) stops sending changes to a webhook. */
  webhook_url?: string | null | undefined;
}

type Prepared = { page: FetchedPage; warnings: string[] };

/**
 * Page monitors: what a page said at each check, after the monitor's ignore rules, and what changed.
 * Noise is the enemy: whitespace never counts, ignore rules apply to the snapshot itself (so the diff
 * and the notification agree), a change is reported only when its diff is not empty, and a selector
 * that stops matching is an error only after several checks in a row.
 */
export class MonitorService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly scraper: ScraperService;
  private readonly notifications: NotificationService;
  private readonly random: () => number;

  constructor(deps: {
    store: Store;
    clock: Clock;
    scraper: ScraperService;
    notifications: NotificationService;
    random?: () => number;
  }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.scraper = deps.scraper;
    this.notifications = deps.notifications;
    this.random = deps.random ?? Math.random;
  }

  /** Checks the rules a monitor is given before anything is stored or fetched (callers of update too). */
  async validate(selectors: Selectors | null | undefined, settings: MonitorSettings): Promise<void> {
    if (selectors) await checkSelectors(selectors);
    if (settings.ignore_selectors?.length) {
      await checkSelectors(
        Object.fromEntries(settings.ignore_selectors.map((s, i) => [String(i), s])),
        'ignore_selectors',
      );
    }
    compilePatterns(settings.ignore_patterns ?? []);
    // The address is checked now (scheme, private addresses written out); names are checked again when sent.
    if (settings.webhook_url) this.scraper.fetcher.checkUrl(settings.webhook_url, 'webhook_url');
  }

  /** The monitor watching `url` with these selectors, made (with a baseline to come) if there is none. */
  private findOrCreate(
    url: string,
    selectors: Selectors | null,
    settings: MonitorSettings & { interval?: number | null | undefined },
    events: EventSink,
  ): Row {
    const existing = this.find(url, selectors);
    if (existing) {
      const patch: MonitorPatch = {};
      if (settings.interval !== undefined && settings.interval !== null) patch.interval = settings.interval;
      for (const field of [
        'name',
        'ignore_selectors',
        'ignore_patterns',
        'respect_robots',
        'render',
        'webhook_url',
      ] as const) {
        if (settings[field] !== undefined && settings[field] !== null)
          (patch as Record<string, unknown>)[field] = settings[field];
      }
      return Object.keys(patch).length > 0 ? this.updateRow(existing.id, patch, events) : existing;
    }
    const now = this.clock.now();
    const interval = settings.interval ?? null;
    const id = this.store.insertRow('monitors', {
      url,
      name: settings.name ?? defaultName(url, selectors),
      selectors: selectorsJson(selectors),
      ignore_selectors: JSON.stringify(settings.ignore_selectors ?? []),
      ignore_patterns: JSON.stringify(settings.ignore_patterns ?? []),
      interval_minutes: interval,
      respect_robots: settings.respect_robots === false ? 0 : 1,
      enabled: 1,
      status: 'pending',
      last_checked_at: null,
      last_changed_at: null,
      // Spread over the first interval, so a hundred monitors made at once are not checked at once.
      next_check_at: interval === null ? null : this.later(now, interval * this.random()),
      last_error: null,
      consecutive_failures: 0,
      consecutive_misses: 0,
      change_count: 0,
      etag: null,
      last_modified: null,
      render: settings.render ?? 'auto',
      webhook_url: settings.webhook_url ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }).lastInsertRowid;
    events.emit({ type: 'monitor.changed', id, action: 'created' });
    return this.row(id);
  }

  row(id: number): Row {
    const row = this.store.first(this.store.query.selectFrom('monitors').selectAll().where('id', '=', id));
    if (!row) {
      throw new OpError('not_found', `There is no monitor with id ${id}. See list_monitors.`, [
        { path: 'monitor_id', message: 'No such monitor' },
      ]);
    }
    return row;
  }

  get(id: number): Monitor {
    return this.decorated([this.row(id)])[0] as Monitor;
  }

  /** Monitors as the faces show them, with their notifications' state. */
  private decorated(rows: Row[]): Monitor[] {
    const summaries = this.notifications.summaries(rows.map((r) => r.id));
    return rows.map((row) => toMonitor(row, summaries.get(row.id)));
  }

  list(input: z.output<typeof listMonitors.input>) {
    let query = this.store.query
      .selectFrom('monitors')
      .selectAll()
      .limit(input.limit + 1);
    if (input.status) query = query.where('status', '=', input.status);
    const { sort } = input;
    const order = naturalOrder(input.order, sort !== 'name' && sort !== 'status');
    // Newest first (the default) seeks by id; the other sorts page by position: monitors are few.
    const keyset = sort === 'created_at' && order === 'desc';
    const list = `monitors:${sort}:${order}`;
    let offset = 0;
    if (keyset) {
      query = query.orderBy('id', 'desc');
      if (input.cursor) {
        const [before] = decodeCursor('monitors', input.cursor, ['number']);
        query = query.where('id', '<', before as number);
      }
    } else {
      if (input.cursor) offset = decodeCursor(list, input.cursor, ['number'])[0] as number;
      query = query.orderBy(monitorOrder(sort, order)).orderBy('id', order).offset(offset);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: this.decorated(page),
      next_cursor:
        rows.length > input.limit && last
          ? keyset
            ? encodeCursor('monitors', [last.id])
            : encodeCursor(list, [offset + input.limit])
          : null,
    };
  }

  update(id: number, patch: MonitorPatch, events: EventSink): Monitor {
    return this.decorated([this.updateRow(id, patch, events)])[0] as Monitor;
  }

  private updateRow(id: number, patch: MonitorPatch, events: EventSink): Row {
    const row = this.row(id);
    const now = this.clock.now();
    const set: Partial<Omit<Row, 'id'>> = { updated_at: now.toISOString() };
    // New rules mean new text: the next check starts a new baseline instead of reporting the rules' effect.
    let rebaseline = false;
    if (patch.selectors !== undefined) {
      set.selectors = selectorsJson(patch.selectors);
      rebaseline ||= set.selectors !== row.selectors;
    }
    if (patch.ignore_selectors !== undefined) {
      set.ignore_selectors = JSON.stringify(patch.ignore_selectors);
      rebaseline ||= set.ignore_selectors !== row.ignore_selectors;
    }
    if (patch.ignore_patterns !== undefined) {
      set.ignore_patterns = JSON.stringify(patch.ignore_patterns);
      rebaseline ||= set.ignore_patterns !== row.ignore_patterns;
    }
    if (patch.render !== undefined) {
      set.render = patch.render;
      // The page read with its scripts (or without) is other text: a new baseline, not a change.
      rebaseline ||= set.render !== row.render;
    }
    if (patch.webhook_url !== undefined) set.webhook_url = patch.webhook_url;
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.respect_robots !== undefined) set.respect_robots = patch.respect_robots ? 1 : 0;
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
    if (patch.interval !== undefined) {
      set.interval_minutes = patch.interval;
      // A new schedule starts within a minute, so the person sees it work; then every interval.
      set.next_check_at = patch.interval === null ? null : this.later(now, this.random());
    }
    if (rebaseline) {
      set.status = 'pending';
      set.etag = null;
      set.last_modified = null;
      set.consecutive_misses = 0;
      this.store.run(this.store.query.deleteFrom('monitor_snapshots').where('monitor_id', '=', id));
    }
    this.store.run(this.store.query.updateTable('monitors').set(set).where('id', '=', id));
    events.emit({ type: 'monitor.changed', id, action: 'updated' });
    return this.row(id);
  }

  delete(id: number, events: EventSink): { id: number; deleted: true } {
    this.row(id);
    this.store.run(this.store.query.deleteFrom('monitors').where('id', '=', id));
    events.emit({ type: 'monitor.changed', id, action: 'deleted' });
    return { id, deleted: true };
  }

  history(input: {
    monitor_id: number;
    changes_only: boolean;
    include_content?: boolean | null | undefined;
    limit: number;
    cursor?: string | null | undefined;
  }) {
    this.row(input.monitor_id);
    let query = this.store.query
      .selectFrom('monitor_snapshots')
      .selectAll()
      .where('monitor_id', '=', input.monitor_id)
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.changes_only) query = query.where('changed', '=', 1);
    if (input.cursor) {
      const [before] = decodeCursor('monitor_history', input.cursor, ['number']);
      query = query.where('id', '<', before as number);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map((s) => ({
        id: s.id,
        taken_at: s.taken_at,
        changed: s.changed === 1,
        diff: s.diff,
        added_lines: s.added_lines,
        removed_lines: s.removed_lines,
        content: input.include_content ? (JSON.parse(s.content) as Content) : null,
      })),
      next_cursor: rows.length > input.limit && last ? encodeCursor('monitor_history', [last.id]) : null,
    };
  }

  /**
   * Fetches the monitor's page and compares it with the last snapshot. Failures (the site is down, a
   * selector stopped matching) are recorded on the monitor and answered, not thrown, when `quiet`
   * (the scheduler); an operation gets a failed fetch as its error.
   */
  async check(
    id: number,
    commit: Commit,
    signal: AbortSignal,
    options: { quiet?: boolean } = {},
  ): Promise<MonitorCheck> {
    const row = this.row(id);
    const baseline = this.lastSnapshot(id) !== undefined;
    let prepared: Prepared;
    try {
      prepared = await this.fetch(row, signal, baseline);
    } catch (error) {
      if (signal.aborted) throw error;
      const failure = error instanceof OpError ? error : new OpError('external', (error as Error).message);
      const monitor = commit((events) => this.recordFailure(this.row(id), failure.message, events));
      if (!options.quiet) throw failure;
      return emptyCheck(monitor, [failure.message]);
    }
    const { page, warnings } = prepared;
    const reading = await this.read(row, page);
    // Read again in the write: the other process may have checked or changed the monitor meanwhile.
    const check = commit((events) => this.record(this.row(id), page, reading, events));
    return { ...check, warnings: [...warnings, ...check.warnings] };
  }

  /**
   * The seed's first call for a page: fetched before anything is kept, so a page that cannot be read
   * leaves no monitor behind; then the monitor and its baseline are made in one transaction.
   */
  async create(
    url: string,
    selectors: Selectors | null,
    settings: MonitorSettings & { interval?: number | null | undefined },
    commit: Commit,
    signal: AbortSignal,
  ): Promise<MonitorCheck> {
    await this.validate(selectors, settings);
    const { page, warnings } = await this.fetchPage(url, settings, signal);
    const reading = await this.read(
      {
        selectors: selectorsJson(selectors),
        ignore_selectors: JSON.stringify(settings.ignore_selectors ?? []),
        ignore_patterns: JSON.stringify(settings.ignore_patterns ?? []),
      },
      page,
    );
    const check = commit((events) =>
      this.record(this.findOrCreate(url, selectors, settings, events), page, reading, events),
    );
    return { ...check, warnings: [...warnings, ...check.warnings] };
  }

  /** A page as a monitor reads it: fetched, and with its scripts run when the monitor says so. */
  private async fetchPage(
    url: string,
    options: {
      respect_robots?: boolean | null | undefined;
      render?: RenderMode | null | undefined;
      conditional?: { etag: string | null; lastModified: string | null } | undefined;
    },
    signal: AbortSignal,
  ): Promise<Prepared> {
    const render = options.render ?? 'auto';
    const page = await this.scraper.fetchForMonitor(url, {
      signal,
      robots: options.respect_robots !== false,
      // A page whose scripts always run may change with the same HTML (its data comes from elsewhere).
      conditional: render === 'always' ? undefined : options.conditional,
    });
    const prepared = await this.scraper.prepare(page, render, signal);
    return { page: prepared.page, warnings: prepared.warnings };
  }

  /** The monitor for a page and selectors, if one exists. */
  find(url: string, selectors: Selectors | null): Row | undefined {
    const key = selectorsJson(selectors);
    return this.store.first(
      this.store.query
        .selectFrom('monitors')
        .selectAll()
        .where('url', '=', url)
        .where((eb) => (key === null ? eb('selectors', 'is', null) : eb('selectors', '=', key)))
        .orderBy('id')
        .limit(1),
    );
  }

  private fetch(row: Row, signal: AbortSignal, baseline: boolean): Promise<Prepared> {
    return this.fetchPage(
      row.url,
      {
        respect_robots: row.respect_robots === 1,
        render: row.render as RenderMode,
        // Only with a baseline: a 304 says "same as before", which means nothing without one.
        conditional: baseline ? { etag: row.etag, lastModified: row.last_modified } : undefined,
      },
      signal,
    );
  }

  /** Compares a fetched page with the monitor's last snapshot and records the outcome (in a transaction). */
  private record(row: Row, page: FetchedPage, reading: Reading, events: EventSink): MonitorCheck {
    const id = row.id;
    const last = this.lastSnapshot(id);
    const now = this.clock.now();
    if (page.notModified && last) {
      this.store.run(
        this.store.query
          .updateTable('monitors')
          .set({ ...this.checked(row, now), status: row.status === 'error' ? 'ok' : row.status })
          .where('id', '=', id),
      );
      events.emit({ type: 'monitor.changed', id, action: 'checked' });
      return {
        ...emptyCheck(this.get(id), []),
        not_modified: true,
        current_content: JSON.parse(last.content) as Content,
      };
    }
    const { content, missing } = reading;
    const watched = parseSelectors(row.selectors);
    if (watched && missing.length === Object.keys(watched).length) {
      // Every selector matched nothing: a page being redesigned, or an error page served as 200.
      const misses = row.consecutive_misses + 1;
      const failed = misses >= MISSES_BEFORE_ERROR;
      const message =
        `The page has nothing for ${missing.map((m) => `"${m}"`).join(', ')} (check ${Math.min(misses, MISSES_BEFORE_ERROR)} of ` +
        `${MISSES_BEFORE_ERROR}${failed ? '; update the selectors' : ' before this is an error'}).`;
      this.store.run(
        this.store.query
          .updateTable('monitors')
          .set({
            ...this.checked(row, now),
            consecutive_misses: misses,
            last_error: message,
            status: failed ? 'error' : row.status,
          })
          .where('id', '=', id),
      );
      events.emit({ type: 'monitor.changed', id, action: failed ? 'failed' : 'checked' });
      return { ...emptyCheck(this.get(id), [message]), current_content: content };
    }
    const text = canonicalText(content);
    const comparison = last ? compare(canonicalText(JSON.parse(last.content) as Content), text) : undefined;
    const changed = comparison !== undefined && comparison.added.length + comparison.removed.length > 0;
    if (!last || changed) {
      const snapshotId = this.store.insertRow('monitor_snapshots', {
        monitor_id: id,
        taken_at: now.toISOString(),
        content: JSON.stringify(content),
        hash: createHash('sha256').update(text).digest('hex'),
        changed: changed ? 1 : 0,
        diff: changed ? (comparison?.diff ?? null) : null,
        added_lines: comparison?.added.length ?? 0,
        removed_lines: comparison?.removed.length ?? 0,
      }).lastInsertRowid as number;
      this.prune(id);
      if (changed && comparison) {
        // The same lines as the diff: the ignore rules have been applied to both already.
        this.notifications.create(
          {
            monitor: { id, name: row.name, url: row.url, webhook_url: row.webhook_url },
            snapshotId,
            diff: comparison.diff,
            added: comparison.added,
            removed: comparison.removed,
          },
          events,
        );
      }
    }
    this.store.run(
      this.store.query
        .updateTable('monitors')
        .set({
          ...this.checked(row, now),
          consecutive_misses: 0,
          last_error: null,
          status: changed ? 'changed' : 'ok',
          etag: page.etag,
          last_modified: page.lastModified,
          ...(changed ? { last_changed_at: now.toISOString(), change_count: row.change_count + 1 } : {}),
        })
        .where('id', '=', id),
    );
    events.emit({ type: 'monitor.changed', id, action: changed ? 'changed' : 'checked' });
    return {
      monitor: this.get(id),
      changed,
      baseline: !last,
      not_modified: false,
      current_content: content,
      diff: changed ? (comparison?.diff ?? null) : null,
      added: changed ? (comparison?.added ?? []) : [],
      removed: changed ? (comparison?.removed ?? []) : [],
      warnings: missing.length > 0 ? [`Nothing matched ${missing.map((m) => `"${m}"`).join(', ')} on the page.`] : [],
    };
  }

  /** The seed's call with previous_content: compare the page now with what the caller kept, store nothing. */
  async compareWith(
    url: string,
    selectors: Selectors | null,
    settings: MonitorSettings,
    previous: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<MonitorCheck> {
    const { page, warnings } = await this.fetchPage(url, settings, signal);
    const row = {
      selectors: selectorsJson(selectors),
      ignore_selectors: JSON.stringify(settings.ignore_selectors ?? []),
      ignore_patterns: JSON.stringify(settings.ignore_patterns ?? []),
    };
    const { content, missing } = await this.read(row, page);
    const before: Content = {};
    for (const [key, value] of Object.entries(previous)) {
      before[key] = Array.isArray(value) ? value.map(String) : [String(value)];
    }
    const patterns = compilePatterns(settings.ignore_patterns ?? []);
    const comparison = compare(canonicalText(clean(before, patterns)), canonicalText(content));
    const changed = comparison.added.length + comparison.removed.length > 0;
    return {
      monitor: null,
      changed,
      baseline: false,
      not_modified: false,
      current_content: content,
      diff: changed ? comparison.diff : null,
      added: comparison.added,
      removed: comparison.removed,
      warnings: [
        ...warnings,
        ...(missing.length > 0 ? [`Nothing matched ${missing.map((m) => `"${m}"`).join(', ')} on the page.`] : []),
      ],
    };
  }

  /** Monitors due for a check (scheduled, enabled, next_check_at reached), oldest due first. */
  due(limit: number): number[] {
    const now = this.clock.now().toISOString();
    return this.store
      .all(
        this.store.query
          .selectFrom('monitors')
          .select('id')
          .where('enabled', '=', 1)
          .where('interval_minutes', 'is not', null)
          .where('next_check_at', '<=', now)
          .orderBy('next_check_at')
          .limit(limit),
      )
      .map((r) => r.id);
  }

  /** When the next scheduled check is due, if any. */
  nextDue(): Date | undefined {
    const row = this.store.first(
      this.store.query
        .selectFrom('monitors')
        .select('next_check_at')
        .where('enabled', '=', 1)
        .where('interval_minutes', 'is not', null)
        .where('next_check_at', 'is not', null)
        .orderBy('next_check_at')
        .limit(1),
    );
    return row?.next_check_at ? new Date(row.next_check_at) : undefined;
  }

  /** What the page says under the monitor's rules; the reading libraries load with the first check. */
  private async read(
    row: Pick<Row, 'selectors' | 'ignore_selectors' | 'ignore_patterns'>,
    page: FetchedPage,
  ): Promise<Reading> {
    const { extractPage } = await import('./extract.js');
    const selectors = parseSelectors(row.selectors);
    const remove = JSON.parse(row.ignore_selectors) as string[];
    const patterns = compilePatterns(JSON.parse(row.ignore_patterns) as string[]);
    const html = page.mediaType === 'text/html' || page.mediaType === 'application/xhtml+xml' || page.mediaType === '';
    let raw: Content;
    if (!html) {
      raw = { [PAGE]: page.text().split('\n') };
    } else if (selectors) {
      raw =
        extractPage(page.text(), { url: page.url, format: 'text', content: false, selectors, remove }).selectors ?? {};
    } else {
      const text = extractPage(page.text(), { url: page.url, format: 'text', remove }).content ?? '';
      raw = { [PAGE]: text.split('\n') };
    }
    const missing = selectors ? Object.keys(selectors).filter((name) => (raw[name] ?? []).length === 0) : [];
    return { content: clean(raw, patterns), missing };
  }

  private lastSnapshot(id: number) {
    return this.store.first(
      this.store.query
        .selectFrom('monitor_snapshots')
        .selectAll()
        .where('monitor_id', '=', id)
        .orderBy('id', 'desc')
        .limit(1),
    );
  }

  private checked(row: Row, now: Date): Partial<Omit<Row, 'id'>> {
    return {
      last_checked_at: now.toISOString(),
      consecutive_failures: 0,
      next_check_at:
        row.interval_minutes === null ? null : this.later(now, row.interval_minutes * (0.95 + 0.1 * this.random())),
      updated_at: now.toISOString(),
    };
  }

  /** A failed check: remembered, and the next one backs off (interval × 2^failures, at most a day). */
  private recordFailure(row: Row, message: string, events: EventSink): Monitor {
    const now = this.clock.now();
    const failures = row.consecutive_failures + 1;
    const wait =
      row.interval_minutes === null
        ? null
        : Math.min(row.interval_minutes * 2 ** Math.min(failures, 8), MAX_BACKOFF_MINUTES);
    this.store.run(
      this.store.query
        .updateTable('monitors')
        .set({
          last_checked_at: now.toISOString(),
          consecutive_failures: failures,
          last_error: message,
          status: failures >= FAILURES_BEFORE_ERROR ? 'error' : row.status,
          next_check_at: wait === null ? null : this.later(now, wait),
          updated_at: now.toISOString(),
        })
        .where('id', '=', row.id),
    );
    events.emit({
      type: 'monitor.changed',
      id: row.id,
      action: failures >= FAILURES_BEFORE_ERROR ? 'failed' : 'checked',
    });
    return this.get(row.id);
  }

  private prune(id: number): void {
    this.store.run(
      this.store.query
        .deleteFrom('monitor_snapshots')
        .where('monitor_id', '=', id)
        .where(
          'id',
          'not in',
          this.store.query
            .selectFrom('monitor_snapshots')
            .select('id')
            .where('monitor_id', '=', id)
            .orderBy('id', 'desc')
            .limit(SNAPSHOTS_KEPT),
        ),
    );
  }

  private later(from: Date, minutes: number): string {
    return new Date(from.getTime() + minutes * 60_000).toISOString();
  }
}

function compilePatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern, index) => {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'gu');
    } catch (error) {
      throw new OpError(
        'invalid_input',
        `Ignore pattern ${index + 1} (${pattern}) is not a valid regular expression: ${(error as Error).message}.`,
        [{ path: `ignore_patterns.${index}`, message: 'Not a valid regular expression' }],
      );
    }
    // A pattern with nested repetition, like (a+)+, can take minutes on one line of text (ReDoS).
    if (!safeRegex()(regex)) {
      throw new OpError(
        'invalid_input',
        `Ignore pattern ${index + 1} (${pattern}) repeats a repetition, which can make checking a page hang; write it without nested + or *.`,
        [{ path: `ignore_patterns.${index}`, message: 'Unsafe regular expression' }],
      );
    }
    return regex;
  });
}

/** Each value with whitespace collapsed and the ignore patterns taken out; values left empty dropped. */
function clean(content: Content, patterns: readonly RegExp[]): Content {
  const out: Content = {};
  for (const [name, values] of Object.entries(content)) {
    out[name] = values
      .map((value) => {
        let text = value;
        for (const pattern of patterns) text = text.replace(pattern, '');
        return text.replace(/\s+/g, ' ').trim();
      })
      .filter((value) => value !== '');
  }
  return out;
}

function canonicalText(content: Content): string {
  const names = Object.keys(content);
  if (names.length === 1 && names[0] === PAGE) return (content[PAGE] ?? []).join('\n');
  return names.map((name) => [`[${name}]`, ...(content[name] ?? [])].join('\n')).join('\n');
}

function compare(before: string, after: string): { diff: string; added: string[]; removed: string[] } {
  const patch = diffLib().structuredPatch('before', 'after', `${before}\n`, `${after}\n`, '', '', { context: 2 });
  const added: string[] = [];
  const removed: string[] = [];
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added.push(line.slice(1));
      else if (line.startsWith('-')) removed.push(line.slice(1));
    }
  }
  const diff =
    added.length + removed.length > 0
      ? diffLib().createTwoFilesPatch('before', 'after', `${before}\n`, `${after}\n`, '', '', { context: 2 })
      : '';
  return { diff, added, removed };
}

function selectorsJson(selectors: Selectors | null | undefined): string | null {
  if (!selectors || Object.keys(selectors).length === 0) return null;
  return JSON.stringify(selectors);
}

function parseSelectors(json: string | null): Selectors | null {
  return json === null ? null : (JSON.parse(json) as Selectors);
}

function defaultName(url: string, selectors: Selectors | null): string {
  const parsed = new URL(url);
  const where = `${parsed.hostname}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  const what = selectors ? Object.keys(selectors).join(', ') : null;
  return what ? `${where} (${what})` : where;
}

function emptyCheck(monitor: Monitor, warnings: string[]): MonitorCheck {
  return {
    monitor,
    changed: false,
    baseline: false,
    not_modified: false,
    current_content: {},
    diff: null,
    added: [],
    removed: [],
    warnings,
  };
}

export function toMonitor(
  row: Row,
  notifications: { unread: number; problem: Monitor['notification_problem'] } = { unread: 0, problem: null },
): Monitor {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    selectors: parseSelectors(row.selectors),
    ignore_selectors: JSON.parse(row.ignore_selectors) as string[],
    ignore_patterns: JSON.parse(row.ignore_patterns) as string[],
    interval_minutes: row.interval_minutes,
    respect_robots: row.respect_robots === 1,
    enabled: row.enabled === 1,
    status: row.status as Monitor['status'],
    last_checked_at: row.last_checked_at,
    last_changed_at: row.last_changed_at,
    next_check_at: row.next_check_at,
    last_error: row.last_error,
    consecutive_failures: row.consecutive_failures,
    change_count: row.change_count,
    render: row.render as Monitor['render'],
    webhook_url: row.webhook_url,
    unread_notifications: notifications.unread,
    notification_problem: notifications.problem,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * A sorted monitor list's ORDER BY, from the contract's allow-list only. Dates never checked or never
 * changed go last whichever the direction; status ascending puts what needs a look first.
 */
function monitorOrder(sort: z.output<typeof listMonitors.input>['sort'], order: 'asc' | 'desc'): RawBuilder<unknown> {
  const dir = order === 'desc' ? sql`DESC` : sql`ASC`;
  switch (sort) {
    case 'created_at':
      return sql`created_at ${dir}`;
    case 'name':
      return sql`name COLLATE NOCASE ${dir}`;
    case 'last_checked_at':
      return sql`last_checked_at IS NULL, last_checked_at ${dir}`;
    case 'last_changed_at':
      return sql`last_changed_at IS NULL, last_changed_at ${dir}`;
    case 'status':
      return sql`CASE WHEN enabled = 0 THEN 4 WHEN status = 'error' THEN 0 WHEN status = 'changed' THEN 1 WHEN status = 'ok' THEN 2 ELSE 3 END ${dir}`;
  }
}
