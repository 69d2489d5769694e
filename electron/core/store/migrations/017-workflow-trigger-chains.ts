import type { Migration } from './index.js';

/**
 * Trigger chains: a run remembers the workflows whose runs led to it (`chain`, JSON, oldest first) and
 * the run whose call caused its trigger's event (`caused_by_run`), so the events its own calls emit
 * carry that chain and a workflow that would start itself again through records is stopped.
 *
 * A trigger stopped that way is kept as a run in status `skipped` (reason in `error`, the event in
 * `context`); further events the same run causes for the same workflow are counted on that one row
 * (`skipped_events`) rather than piling up rows.
 */
export const m017WorkflowTriggerChains: Migration = {
  id: 17,
  name: 'workflow runs: trigger chains and skipped triggers',
  up(db) {
    db.exec(`
      ALTER TABLE workflow_runs ADD COLUMN chain TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE workflow_runs ADD COLUMN caused_by_run INTEGER;
      ALTER TABLE workflow_runs ADD COLUMN skipped_events INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX workflow_runs_skipped ON workflow_runs (workflow_id, caused_by_run) WHERE status = 'skipped';
    `);
  },
};
