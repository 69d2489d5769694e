import type { Store } from '../../core/store/store.js';

/**
 * Where `officina serve` listens, kept in the database (migration 007) so that `officina login`, run
 * later in another process with the same data directory, can print a link to it: serve may have
 * been started with --port 0 or a port from the environment. Forgotten on a graceful stop; a serve
 * that was killed leaves its row, which `runningServes` skips once its process is gone.
 */
export function recordServeAddress(store: Store, url: string, pid: number, now = new Date()): void {
  store.transaction(() => {
    store.run(
      store.query
        .insertInto('serve_addresses')
        .values({ url, pid, started_at: now.toISOString() })
        .onConflict((c) => c.column('url').doUpdateSet({ pid, started_at: now.toISOString() })),
    );
  });
}

export function forgetServeAddress(store: Store, url: string, pid: number): void {
  store.transaction(() => {
    store.run(store.query.deleteFrom('serve_addresses').where('url', '=', url).where('pid', '=', pid));
  });
}

/** The addresses of the serve processes still running on this data directory, the newest first. */
export function runningServes(store: Store): string[] {
  const rows = store.all(store.query.selectFrom('serve_addresses').selectAll().orderBy('started_at', 'desc'));
  return rows.filter((row) => processExists(row.pid)).map((row) => row.url);
}

function processExists(pid: number): boolean {
  try {
    // Signal 0 checks without signalling.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (serve run as a service account).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
