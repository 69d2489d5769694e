import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN_FILE = 'token';

export function tokenPath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

export function readToken(dataDir: string): string | null {
  try {
    const token = readFileSync(tokenPath(dataDir), 'utf8').trim();
    return token.length > 0 ? token : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The HTTP bearer token: OFFICINA_TOKEN when given, else the data directory's token file, made at first run (mode 0600). */
export function loadOrCreateToken(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 16) throw new Error('OFFICINA_TOKEN must be at least 16 characters long.');
    return fromEnv;
  }
  const existing = readToken(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  // 'wx': never overwrite a token another process created a moment ago.
  try {
    writeFileSync(tokenPath(dataDir), `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readToken(dataDir) ?? token;
    throw error;
  }
  chmodSync(tokenPath(dataDir), 0o600);
  return token;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
