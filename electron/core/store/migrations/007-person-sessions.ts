import type { Migration } from './index.js';

/**
 * `officina serve`'s sign-in, kept where every process on the data directory sees it: the person's
 * sessions (a browser's cookie, apart from the MCP token), the one-time login codes (made by serve at
 * start or by `officina login` in another process, redeemed by serve), and the addresses serve
 * listens on (so `officina login` can print a link to the running one). Secrets and codes are stored
 * as sha256 hex only: a copy of the database (a backup) signs nobody in. Times are ISO-8601 UTC,
 * compared as text.
 */
export const m007PersonSessions: Migration = {
  id: 7,
  name: 'serve: the person’s sessions, login codes and serve addresses',
  up(db) {
    db.exec(`
      -- A rotated secret is replaced by a new one; the one before stays valid until previous_valid_until
      -- (a short grace), so requests the browser had under way with it are not signed out.
      CREATE TABLE person_sessions (
        id INTEGER PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        previous_hash TEXT UNIQUE,
        previous_valid_until TEXT,
        created_at TEXT NOT NULL,
        rotated_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX person_sessions_expires_at ON person_sessions (expires_at);

      CREATE TABLE login_codes (
        code_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE serve_addresses (
        url TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
