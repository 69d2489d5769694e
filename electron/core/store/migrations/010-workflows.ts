import type { Migration } from './index.js';

/**
 * Workflows and their runs. A definition's every version is kept (workflow_versions), so a run reads
 * the version it started with however often the workflow changes. Runs and their step records live in
 * this database with the rest, so a local operation's step record commits in the same transaction as
 * the operation's own write. A step record is keyed by (run, step, item): item -1 is the step, 0..n-1
 * the items of a foreach; a definition's steps form no cycle, so each runs at most once per run.
 */
export const m010Workflows: Migration = {
  id: 10,
  name: 'workflows: definitions, versions, runs and step records',
  up(db) {
    db.exec(`
      CREATE TABLE workflows (
        workflow_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        version INTEGER NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        trigger TEXT NOT NULL,                   -- JSON: manual | schedule | event
        max_concurrent INTEGER,
        created_by TEXT NOT NULL,                -- person | assistant (an assistant's edit makes it assistant)
        next_run_at TEXT,                        -- schedule triggers: when it fires next
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX workflows_next_run ON workflows (next_run_at) WHERE next_run_at IS NOT NULL;

      CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,                -- JSON: { name, description, steps, trigger }
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workflow_id, version)
      );

      CREATE TABLE workflow_runs (
        id INTEGER PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,                    -- queued | running | waiting | completed | failed | cancelled | needs_decision
        context TEXT NOT NULL,
        rights TEXT NOT NULL,                    -- person | assistant
        started_by TEXT NOT NULL,
        trigger TEXT NOT NULL,
        parent_run_id INTEGER,
        depth INTEGER NOT NULL DEFAULT 0,
        retry_of INTEGER,
        current_step TEXT,
        error TEXT,
        error_step TEXT,
        wake_at TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        duration_ms REAL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX workflow_runs_status ON workflow_runs (status, id);
      CREATE INDEX workflow_runs_workflow ON workflow_runs (workflow_id, id);
      CREATE INDEX workflow_runs_finished ON workflow_runs (finished_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE workflow_step_runs (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        item INTEGER NOT NULL DEFAULT -1,
        status TEXT NOT NULL,                    -- running | completed | failed | skipped | uncertain | waiting
        input TEXT,
        output TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        finished_at TEXT,
        duration_ms REAL,
        UNIQUE (run_id, step_id, item)
      );
    `);
  },
};
