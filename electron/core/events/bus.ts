import type { OfficinaEvent } from '../../../shared/events.js';

export type EventListener = (event: OfficinaEvent) => void;

/** The one event bus in core (DESIGN.md rule 6). Listeners' failures are reported, never propagated to the emitter. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.onListenerError = onListenerError;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: OfficinaEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
