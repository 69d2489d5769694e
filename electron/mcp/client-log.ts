import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  LoggingLevelSchema,
  SetLevelRequestSchema,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

/**
 * Log messages to one client (notifications/message) at the level it set with logging/setLevel;
 * `info` until it sets one, so debug chatter stays out of a client that never asked for it.
 *
 * Each message is sent as part of the request it belongs to. The SDK's sendLoggingMessage sends
 * outside any request: over Streamable HTTP that is the session's standalone event stream, and a
 * client that has none open (the SDK opens it in the background after initialize, the Inspector's CLI
 * not at all) never hears the message; on the request's own stream it always arrives.
 */
export class ClientLog {
  private level: LoggingLevel = 'info';

  /** Replaces the SDK's setLevel handler (one server serves one client, so one level). */
  constructor(server: Server) {
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      this.level = request.params.level;
      return {};
    });
  }

  /** Sends `data` at `level` as part of the request `extra` belongs to, if the client's level lets it through. */
  send(extra: Extra, level: LoggingLevel, logger: string, data: unknown, onFailure: (error: unknown) => void): void {
    if ((SEVERITY.get(level) ?? 0) < (SEVERITY.get(this.level) ?? 0)) return;
    extra.sendNotification({ method: 'notifications/message', params: { level, logger, data } }).catch(onFailure);
  }
}
