import { createHash, randomBytes } from 'node:crypto';
import type { Prepared, Store } from '../../core/store/store.js';

/** How long the person's sign-in lasts. Tests move the clock instead of changing these. */
export const SESSION_POLICY = {
  /** A session not used for this long ends (its cookie lasts as long). */
  idleMs: 30 * 24 * 60 * 60 * 1000,
  /** A request with a secret older than this is answered with a new one (a new cookie). */
  rotateAfterMs: 60 * 60 * 1000,
  /** How long a replaced secret still works: requests the browser sent before the new cookie came. */
  graceMs: 60 * 1000,
  /** A login link works once, within this time. */
  loginCodeMs: 10 * 60 * 1000,
  /** last_used_at is written at most this often: a request is a read, not a write, most of the time. */
  touchEveryMs: 60 * 1000,
} as const;

export type SessionCheck = { ok: false } | { ok: true; sessionId: number; renewedSecret?: string };

type SessionRow = {
  id: number;
  secret_hash: string;
  previous_valid_until: string | null;
  rotated_at: string;
  last_used_at: string;
};

/**
 * The person's sessions for `officina serve` and the one-time login codes that open them, in the
 * database (migration 007), so a session outlives a restart of serve and a code made by
 * `officina login` in another process is redeemed by serve. Only sha256 hashes are stored. A secret
 * is looked up by its hash through an index: the comparison that could leak timing is between
 * hashes the caller cannot choose, so it needs no constant-time compare.
 */
export class PersonSessions {
  private readonly queries;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.queries = {
      find: store.prepare((q, hash: string, now: string) =>
        q
          .selectFrom('person_sessions')
          .select(['id', 'secret_hash', 'previous_valid_until', 'rotated_at', 'last_used_at'])
          .where((w) => w.or([w('secret_hash', '=', hash), w('previous_hash', '=', hash)]))
          .where('expires_at', '>', now),
      ) as Prepared<[string, string], SessionRow>,
      rotate: store.prepare(
        (q, id: number, oldHash: string, newHash: string, graceUntil: string, now: string, expires: string) =>
          q
            .updateTable('person_sessions')
            .set({
              secret_hash: newHash,
              previous_hash: oldHash,
              previous_valid_until: graceUntil,
              rotated_at: now,
              last_used_at: now,
              expires_at: expires,
            })
            // Only if no other request (or process) rotated it a moment ago: then this secret is the previous one.
            .where('id', '=', id)
            .where('secret_hash', '=', oldHash),
      ),
      touch: store.prepare((q, id: number, now: string, expires: string) =>
        q.updateTable('person_sessions').set({ last_used_at: now, expires_at: expires }).where('id', '=', id),
      ),
      live: store.prepare((q, id: number, now: string) =>
        q.selectFrom('person_sessions').select('id').where('id', '=', id).where('expires_at', '>', now),
      ),
      redeem: store.prepare((q, hash: string, now: string) =>
        q.deleteFrom('login_codes').where('code_hash', '=', hash).where('expires_at', '>', now),
      ),
    };
  }

  /** A one-time code for a login link (`/login?code=…`): it works once, within ten minutes. */
  createLoginCode(): string {
    const code = newSecret(24);
    const now = this.now();
    this.store.transaction(() => {
      this.store.run(this.store.query.deleteFrom('login_codes').where('expires_at', '<=', iso(now)));
      this.store.insertRow('login_codes', {
        code_hash: sha256(code),
        created_at: iso(now),
        expires_at: iso(now + SESSION_POLICY.loginCodeMs),
      });
    });
    return code;
  }

  /**
   * Uses up a login code and opens a session; returns the session's secret (the cookie's value), or
   * null for a code that is unknown, used or expired. The code is deleted in the same statement that
   * finds it, so two requests (or two processes) racing for one code open one session.
   */
  redeemLoginCode(code: string): string | null {
    const now = this.now();
    return this.store.transaction(() => {
      if (this.queries.redeem.run(sha256(code), iso(now)).changes !== 1) return null;
      this.store.run(this.store.query.deleteFrom('person_sessions').where('expires_at', '<=', iso(now)));
      const secret = newSecret(32);
      this.store.insertRow('person_sessions', {
        secret_hash: sha256(secret),
        previous_hash: null,
        previous_valid_until: null,
        created_at: iso(now),
        rotated_at: iso(now),
        last_used_at: iso(now),
        expires_at: iso(now + SESSION_POLICY.idleMs),
      });
      return secret;
    });
  }

  /**
   * Whether `secret` (a cookie's value) is a live session's; when the secret is old enough to rotate,
   * the answer carries the next one, for a new cookie.
   */
  check(secret: string): SessionCheck {
    const now = this.now();
    const hash = sha256(secret);
    const row = this.queries.find.first(hash, iso(now));
    if (!row) return { ok: false };
    if (row.secret_hash !== hash) {
      // The secret before the last rotation: good for the grace only, and it renews nothing.
      return row.previous_valid_until !== null && row.previous_valid_until > iso(now)
        ? { ok: true, sessionId: row.id }
        : { ok: false };
    }
    const expires = iso(now + SESSION_POLICY.idleMs);
    if (now - Date.parse(row.rotated_at) >= SESSION_POLICY.rotateAfterMs) {
      const fresh = newSecret(32);
      const rotated = this.store.transaction(
        () =>
          this.queries.rotate.run(row.id, hash, sha256(fresh), iso(now + SESSION_POLICY.graceMs), iso(now), expires)
            .changes === 1,
      );
      return rotated ? { ok: true, sessionId: row.id, renewedSecret: fresh } : { ok: true, sessionId: row.id };
    }
    if (now - Date.parse(row.last_used_at) >= SESSION_POLICY.touchEveryMs) {
      this.store.transaction(() => this.queries.touch.run(row.id, iso(now), expires));
    }
    return { ok: true, sessionId: row.id };
  }

  /** Whether the session is still there (not signed out, not expired): its event streams end when not. */
  isLive(sessionId: number): boolean {
    return this.queries.live.first(sessionId, iso(this.now())) !== undefined;
  }

  /** Signs out the session `secret` belongs to (current or previous secret); returns its id, if any. */
  end(secret: string): number | undefined {
    const hash = sha256(secret);
    return this.store.transaction(() => {
      const row = this.store.first(
        this.store.query
          .deleteFrom('person_sessions')
          .where((w) => w.or([w('secret_hash', '=', hash), w('previous_hash', '=', hash)]))
          .returning('id'),
      );
      return row?.id;
    });
  }
}

/** Seconds a session cookie is kept by the browser: as long as the session may lie idle. */
export const SESSION_COOKIE_MAX_AGE_S = Math.floor(SESSION_POLICY.idleMs / 1000);

function newSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
