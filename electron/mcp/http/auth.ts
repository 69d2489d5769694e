import type { IncomingMessage } from 'node:http';
import { tokensEqual } from '../../core/security/token.js';
import { SESSION_COOKIE_MAX_AGE_S } from './person-sessions.js';

/**
 * The two credentials of `serve` (DESIGN.md, "Faces", HTTP), which never stand in for each other:
 * the MCP token, sent as a bearer header, is the assistant's and opens /mcp only; the person's
 * session, an HttpOnly cookie of its own (person-sessions.ts), opens the UI's API only.
 */
export const SESSION_COOKIE = 'officina_session';

/** The MCP token: who presents it on /mcp is the assistant. */
export class McpToken {
  private readonly current: (() => string) | null;

  /**
   * `token` null = no-auth mode (loopback only; for the MCP conformance suite). A function is asked on
   * every request, so a rotated token (rotate_mcp_token) is accepted, and the old one refused, at once.
   */
  constructor(token: string | null | (() => string)) {
    this.current = token === null ? null : typeof token === 'string' ? () => token : token;
  }

  /** The token in force now (null in no-auth mode). */
  currentToken(): string | null {
    return this.current?.() ?? null;
  }

  get enabled(): boolean {
    return this.current !== null;
  }

  /** Whether the request carries the token in force as "Authorization: Bearer …" (a cookie never counts). */
  authorizes(req: IncomingMessage): boolean {
    if (this.current === null) return true;
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') === true && tokensEqual(header.slice(7).trim(), this.current());
  }
}

/** The person's session secret from the request's cookie, if it carries one. */
export function sessionSecretOf(req: IncomingMessage): string | undefined {
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/** Set-Cookie for a session secret: kept by the browser as long as the session may lie idle. */
export function sessionCookie(secret: string): string {
  return `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_COOKIE_MAX_AGE_S}`;
}

/** Set-Cookie that removes the session cookie (sign-out). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return safeDecode(part.slice(index + 1).trim());
  }
  return undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape is no secret we ever set: the request is simply not signed in.
    return undefined;
  }
}
