import type { Envelope } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';
import type { CoreRenderMessage, MainRenderMessage } from '../core/scraper/render/desktop-protocol.js';

/** Messages between Electron's main process and the core's utility process. */
export type CoreRequest =
  | { kind: 'call'; id: number; name: string; input: unknown; callId?: string }
  | { kind: 'shutdown' }
  | MainRenderMessage;
export type CoreReply =
  | { kind: 'reply'; id: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: OfficinaEvent }
  | CoreRenderMessage;
