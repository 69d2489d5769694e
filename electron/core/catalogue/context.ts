import type { CallerKind } from '../../../shared/activity.js';
import type { OfficinaEvent } from '../../../shared/events.js';
import type { Logger } from '../log.js';
import type { Access } from '../permissions/access.js';
import type { Store } from '../store/store.js';
import type { Services } from '../services.js';

export interface Caller {
  kind: CallerKind;
  /** MCP client name, "desktop", "browser", a workflow id... */
  name: string;
  /** A workflow run's step: which run, how deep in runs started by runs, and whose rights it carries. */
  run?: { id: number; depth: number; rights: 'person' | 'assistant' };
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
}
