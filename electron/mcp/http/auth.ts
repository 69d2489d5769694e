import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from '../../core/security/token.js';

export const SESSION_COOKIE = 'officina_token';
const LOGIN_CODE_TTL_MS = 10 * 60 * 1000;

/** Who may talk to `serve`: the bearer token (header or HttpOnly cookie), or nobody checked in no-auth mode. */
export class HttpAuth {
  private readonly current: (() => string) | null;
  private loginCode: { code: string; expires: number } | undefined;

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

  isAuthorized(req: IncomingMessage): boolean {
    if (this.current === null) return true;
    const token = this.current();
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ') && tokensEqual(header.slice(7).trim(), token)) return true;
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    return cookie !== undefined && tokensEqual(cookie, token);
  }

  checkToken(candidate: string): boolean {
    return this.current !== null && tokensEqual(candidate.trim(), this.current());
  }

  /** A one-time code for the login URL printed at start: it works once, within ten minutes. */
  newLoginCode(): string {
    this.loginCode = { code: randomBytes(24).toString('base64url'), expires: Date.now() + LOGIN_CODE_TTL_MS };
    return this.loginCode.code;
  }

  consumeLoginCode(code: string): boolean {
    const current = this.loginCode;
    if (!current || Date.now() > current.expires || !tokensEqual(code, current.code)) return false;
    this.loginCode = undefined;
    return true;
  }

  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.current?.() ?? ''}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
