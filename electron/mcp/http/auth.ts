import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from '../../core/security/token.js';

export const SESSION_COOKIE = 'officina_token';
const LOGIN_CODE_TTL_MS = 10 * 60 * 1000;

/** Who may talk to `serve`: the bearer token (header or HttpOnly cookie), or nobody checked in no-auth mode. */
export class HttpAuth {
  private readonly token: string | null;
  private loginCode: { code: string; expires: number } | undefined;

  /** `token` null = no-auth mode (loopback only; for the MCP conformance suite). */
  constructor(token: string | null) {
    this.token = token;
  }

  get enabled(): boolean {
    return this.token !== null;
  }

  isAuthorized(req: IncomingMessage): boolean {
    if (this.token === null) return true;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ') && tokensEqual(header.slice(7).trim(), this.token)) return true;
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    return cookie !== undefined && tokensEqual(cookie, this.token);
  }

  checkToken(candidate: string): boolean {
    return this.token !== null && tokensEqual(candidate.trim(), this.token);
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
    return `${SESSION_COOKIE}=${this.token ?? ''}; HttpOnly; SameSite=Strict; Path=/`;
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
