import { sql } from 'kysely';
import {
  DEFAULT_VERSION_RETENTION,
  VersionRetention,
  type VersionRetention as Retention,
} from '../../../shared/vault.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { BlobStore } from './blobs.js';

const RETENTION_KEY = 'version_retention';
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Versions deleted per transaction: a short write lock each time. */
const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Versions that may go: not a document's newest (its current content, or a deleted document's last,
 * which is what a restore brings back).
 */
const prunable = sql`v.id NOT IN (SELECT MAX(id) FROM document_versions GROUP BY document_id)`;

/** How long document versions are kept, and keeping the version store within it. */
export class VersionRetentionService {
  private readonly store: Store;
  private readonly blobs: BlobStore;
  private readonly clock: Clock;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(deps: { store: Store; blobs: BlobStore; clock: Clock; log: Logger }) {
    this.store = deps.store;
    this.blobs = deps.blobs;
    this.clock = deps.clock;
    this.log = deps.log;
  }

  retention(): Retention {
    const row = this.store.first(
      this.store.query.selectFrom('settings').select('value').where('key', '=', RETENTION_KEY),
    );
    if (!row) return DEFAULT_VERSION_RETENTION;
    // A value this version cannot read keeps the defaults rather than pruning by a guess.
    const parsed = VersionRetention.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_VERSION_RETENTION;
  }

  usage() {
    const versions = this.store.first(
      this.store.raw(sql<{ versions: number; documents: number }>`
        SELECT COUNT(*) AS versions, COUNT(DISTINCT document_id) AS documents FROM document_versions`),
    ) ?? { versions: 0, documents: 0 };
    const blobs = this.store.first(
      this.store.raw(sql<{ stored: number | null; original: number | null }>`
        SELECT SUM(stored_bytes) AS stored, SUM(size) AS original FROM blobs`),
    );
    return { ...versions, stored_bytes: blobs?.stored ?? 0, original_bytes: blobs?.original ?? 0 };
  }

  describe() {
    return { ...this.retention(), usage: this.usage() };
  }

  update(patch: Partial<Retention>, events: EventSink) {
    const next: Retention = {
      ...this.retention(),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    const now = this.clock.now().toISOString();
    const value = JSON.stringify(next);
    this.store.run(
      this.store.query
        .insertInto('settings')
        .values({ key: RETENTION_KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })),
    );
    events.emit({ type: 'settings.changed' });
    return { ...next, usage: this.usage() };
  }

  start(): void {
    this.schedule();
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref();
  }

  schedule(): void {
    if (this.stopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.prune();
    }, 0).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soon);
    await this.running;
  }

  /** Deletes versions past the age limit, then the oldest until the store is under its cap; returns how many. */
  prune(): Promise<number> {
    this.running ??= this.pruneNow().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pruneNow(): Promise<number> {
    let deleted = 0;
    try {
      const { max_age_days, max_size_mb } = this.retention();
      if (max_age_days !== null) {
        const cutoff = new Date(this.clock.now().getTime() - max_age_days * DAY_MS).toISOString();
        deleted += await this.deleteWhile(() =>
          this.store.all(
            this.store.raw(sql<{ id: number }>`
              SELECT v.id FROM document_versions v WHERE v.created_at < ${cutoff} AND ${prunable}
              ORDER BY v.id LIMIT ${BATCH}`),
          ),
        );
      }
      if (max_size_mb !== null) {
        const cap = max_size_mb * 1024 * 1024;
        deleted += await this.deleteWhile(() => {
          if (this.usage().stored_bytes <= cap) return [];
          return this.store.all(
            this.store.raw(sql<{ id: number }>`
              SELECT v.id FROM document_versions v WHERE ${prunable} ORDER BY v.id LIMIT ${Math.min(BATCH, 50)}`),
          );
        });
      }
    } catch (error) {
      if (!this.stopped) this.log.warn('pruning document versions failed; retrying later', { error });
    }
    if (deleted > 0) this.log.info('document versions pruned', { deleted });
    return deleted;
  }

  private async deleteWhile(next: () => { id: number }[]): Promise<number> {
    let deleted = 0;
    for (;;) {
      if (this.stopped || !this.store.sqlite.open) return deleted;
      const ids = next().map((r) => r.id);
      if (ids.length === 0) return deleted;
      const files = this.store.transaction(() => {
        const blobs = this.store.all(
          this.store.query.selectFrom('document_versions').select('blob').distinct().where('id', 'in', ids),
        );
        this.store.run(this.store.query.deleteFrom('document_versions').where('id', 'in', ids));
        return this.blobs.deleteUnused(blobs.map((b) => b.blob));
      });
      this.blobs.removeFiles(files);
      deleted += ids.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
