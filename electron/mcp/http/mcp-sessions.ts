import type { ServerResponse } from 'node:http';
import type { Server as McpServer } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export const DEFAULT_MAX_MCP_SESSIONS = 64;
export const DEFAULT_MCP_SESSION_IDLE_MS = 30 * 60 * 1000;

export interface McpSession {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** When its last request began or its last response ended. */
  lastSeen: number;
  /** Its responses not yet ended: requests under way and its open event stream (GET). */
  open: number;
}

/**
 * The MCP sessions of `serve` (Streamable HTTP, `Mcp-Session-Id`), at most `max` at once.
 *
 * A session is *active* while any of its responses is open: a request under way (a tools/call that
 * runs, streaming its answer) or the standalone event stream a client holds open with GET to hear
 * notifications. Only *idle* sessions (none open) are ever closed: at the cap, the least recently
 * used idle one makes room for a new session; and any idle for longer than `idleMs` is closed. If all
 * are active, a new session is refused (503) rather than cutting a client off mid-call. A client
 * whose session was closed gets 404 on its next request and starts a new one, as the spec has it.
 */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  /** Initializations under way: counted against the cap before their session exists. */
  private starting = 0;

  readonly max: number;
  readonly idleMs: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;

  constructor(options: { max: number; idleMs: number; now?: () => number; onError: (error: unknown) => void }) {
    this.max = options.max;
    this.idleMs = options.idleMs;
    this.now = options.now ?? Date.now;
    this.onError = options.onError;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): McpSession | undefined {
    return this.sessions.get(id);
  }

  add(id: string, session: Omit<McpSession, 'lastSeen' | 'open'>): McpSession {
    const entry = { ...session, lastSeen: this.now(), open: 0 };
    this.sessions.set(id, entry);
    return entry;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Counts `res` as open in `session` until it ends: the session is active meanwhile. */
  track(session: McpSession, res: ServerResponse): void {
    session.open++;
    session.lastSeen = this.now();
    res.once('close', () => {
      session.open--;
      session.lastSeen = this.now();
    });
  }

  /**
   * Makes room for one more session, closing the least recently used idle one if at the cap. Returns
   * a release function to call once the new session's initialization is done (it then counts itself),
   * or null when every session is active and none may be closed.
   */
  reserve(): (() => void) | null {
    if (this.sessions.size + this.starting >= this.max) {
      let oldest: [string, McpSession] | undefined;
      for (const entry of this.sessions) {
        if (entry[1].open === 0 && (!oldest || entry[1].lastSeen < oldest[1].lastSeen)) oldest = entry;
      }
      if (!oldest) return null;
      this.close(oldest[0], oldest[1]);
    }
    this.starting++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.starting--;
    };
  }

  /** Closes the sessions idle for longer than the idle timeout. */
  sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, session] of this.sessions) {
      if (session.open === 0 && session.lastSeen <= cutoff) this.close(id, session);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.server.close().catch(this.onError)));
  }

  private close(id: string, session: McpSession): void {
    this.sessions.delete(id);
    session.server.close().catch(this.onError);
  }
}
