import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
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

/**
 * Replaces the token file with a new random token and returns it. Written to a temporary file and
 * renamed over the old one, so a reader (a running `serve`, another process) sees the old token or
 * the new one, never a half-written file; mode 0600 from the first byte.
 */
export function rotateToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const temp = join(dataDir, `.${TOKEN_FILE}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${token}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, 0o600);
    renameSync(temp, tokenPath(dataDir));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return token;
}

/**
 * The token a long-running server checks requests against, following the token file: one stat per
 * call (microseconds), re-read when the file was replaced, so a rotation made by any process takes
 * effect on the next request. If the file goes missing or cannot be read, the last token stays in
 * force: authentication never lapses into none.
 */
export function followTokenFile(dataDir: string, initial: string): () => string {
  const path = tokenPath(dataDir);
  let current = initial;
  let seen = fileStamp(path);
  return () => {
    const stamp = fileStamp(path);
    if (stamp !== undefined && stamp !== seen) {
      try {
        const next = readToken(dataDir);
        if (next) current = next;
        seen = stamp;
      } catch {
        // Unreadable for a moment (permissions being changed): keep the last token, look again next call.
      }
    }
    return current;
  };
}

function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path);
    // The inode changes on every rename-over, even within the mtime's resolution.
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
