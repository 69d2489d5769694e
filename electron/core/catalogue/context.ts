import type { CallerKind } from '../../../shared/activity.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import type { ActivityNote } from '../activity/notes.js';
import type { Logger } from '../log.js';
import type { Access } from '../permissions/access.js';
import type { Store } from '../store/store.js';
import type { Services } from '../services.js';

export interface Caller {
  kind: CallerKind;
  /** MCP client name, "desktop", "browser", a workflow id... */
  name: string;
  /**
   * A workflow run's step: which run (of which workflow), how deep in runs started by runs, whose
   * rights it carries, and the workflows whose runs led to it (the events its calls emit carry them).
   */
  run?: { id: number; workflow_id: string; depth: number; rights: 'person' | 'assistant'; chain: string[] };
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What an operation may emit: recorded in the change feed with the write, published after commit. */
export interface EventSink {
  emit(event: OfficinaEvent): void;
}

/** The one context every operation receives (DESIGN.md, "Faces"). */
export interface Ctx {
  services: Services;
  db: Store;
  events: EventSink;
  clock: Clock;
  log: Logger;
  caller: Caller;
  /** What the caller may see: operations that redact a kind read `access.hidden`. */
  access: Access;
  progress(done: number, total?: number, message?: string): void;
  signal: AbortSignal;
  /**
   * Tells the activity log what the call was about (the record's name as it is now), what an update
   * changed, and how the person may undo it. Later notes add to earlier ones.
   */
  note(note: ActivityNote): void;
}
