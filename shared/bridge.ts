import type { Envelope } from './errors.js';
import type { OfficinaEvent } from './events.js';

/**
 * What the desktop app's preload exposes as `window.officina` (and nothing else): one call into the
 * catalogue, one subscription to the event bus. Absent when the renderer runs in a browser (`serve`).
 */
export interface OfficinaBridge {
  /** `callId`: the call's progress arrives as `call.progress` events carrying it. */
  call(name: string, input: unknown, options?: { callId?: string }): Promise<Envelope<unknown>>;
  /** Returns the function that unsubscribes. */
  on(listener: (event: OfficinaEvent) => void): () => void;
  /**
   * Quit the desktop app (finishing its writes, as Quit does) and open it again: a restore staged in
   * Settings → Backups applies then. Main does it; the core cannot relaunch the app it runs in.
   */
  restart(): Promise<void>;
  /**
   * Opens the system's file manager at a published file (publish_document's `published.html`). Only
   * files in the publish folder are shown; answers whether it was. Absent in older desktop builds.
   */
  showInFolder?(path: string): Promise<boolean>;
}

/** The IPC channels between the preload and the main process. */
export const BRIDGE_CHANNELS = {
  call: 'officina:call',
  event: 'officina:event',
  restart: 'officina:restart',
  showInFolder: 'officina:show-in-folder',
} as const;
