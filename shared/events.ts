import type { CallerKind } from './activity.js';
import type { VaultState } from './vault.js';

/**
 * Which workflow run made an event (a call of one of its steps, or the run itself moving on), and the
 * workflows whose runs led to it, oldest first, that run's own workflow last. Workflow triggers read
 * it to stop a workflow from starting itself again through the records it changes.
 */
export interface EventCause {
  run_id: number;
  workflow_id: string;
  chain: string[];
}

/** Events on the bus, on /api/events and window.officina.on. Their names are a contract (workflow triggers). */
export type OfficinaEvent = OfficinaEventBody & { cause?: EventCause };

type OfficinaEventBody =
  | {
      type: 'record.changed';
      entity: string;
      id: number | string;
      action: 'created' | 'updated' | 'deleted';
      /** An order's status after the change (so a trigger can wait for, say, "paid"). */
      status?: string;
    }
  | {
      type: 'activity.recorded';
      id: number;
      operation: string;
      caller_kind: CallerKind;
      /** False for reads of the activity log itself, so a live view of the log does not chase its own tail. */
      notable: boolean;
    }
  | {
      type: 'document.changed';
      /** The document's stable id, and its path inside the vault (after the change). */
      id: number;
      path: string;
      action: 'created' | 'updated' | 'deleted' | 'moved' | 'restored';
      previous_path?: string;
      /** Where the change came from: an operation, or a file changed outside Officina. */
      origin: 'officina' | 'outside';
    }
  | ({ type: 'vault.changed' } & VaultState)
  | {
      type: 'monitor.changed';
      id: number;
      /** 'changed': a check found a change (what workflows and notifications wait for); 'failed': it is now in error. */
      action: 'created' | 'updated' | 'deleted' | 'checked' | 'changed' | 'failed';
    }
  | {
      /**
       * A monitor's change notification: made (`title` and `body` say what changed, for a desktop
       * notification), read by the person, or one of its deliveries sent, retrying or given up.
       */
      type: 'notification.changed';
      id: number;
      monitor_id: number;
      action: 'created' | 'read' | 'delivered' | 'retrying' | 'failed';
      title?: string;
      body?: string;
    }
  | {
      /**
       * How far a long call of the person's UI has got (a crawl, an import): only on this process's bus,
       * never in the change feed; the UI that made the call knows its call_id and ignores the others.
       */
      type: 'call.progress';
      call_id: string;
      done: number;
      total: number | null;
      message: string | null;
    }
  | {
      /** A workflow run moved: queued, a step started or ended, finished. */
      type: 'run.updated';
      id: number;
      workflow_id: string;
      status: string;
      step_id?: string;
      step_status?: string;
    }
  | { type: 'settings.changed' }
  | { type: 'permissions.changed' };

export type OfficinaEventType = OfficinaEvent['type'];

const LOG_READS = new Set(['list_activity', 'list_activity_facets', 'export_activity']);

/** Reading the activity log is recorded like any call, but is not news to a view of that log. */
export function isNotableActivity(operation: string): boolean {
  return !LOG_READS.has(operation);
}
