// A seeded database is kept under bench/.data/ and reused while it is what a fresh seed would give.
// Migrations are append-only (a landed one never changes), so a cache seeded under migrations 1..k
// stays valid when k+1.. are added: opening it in the app applies them, as on a person's machine
// after an update. Only a change to a migration the cache already has (or to the seed) reseeds.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'out',
  'node',
  'electron',
  'core',
  'store',
  'migrations',
);

/** Each compiled migration module as `file:hash` (the whole module: `up` may build SQL with helpers). */
export function currentMigrations() {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.*\.js$/.test(f))
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(MIGRATIONS_DIR, f)))
          .digest('hex')
          .slice(0, 16)}`,
    );
}

/** The marker's contents when the cache in `marker` still fits `seed` (anything but migrations), else null. */
export function cachedSeed(marker, seed) {
  if (!existsSync(marker)) return null;
  const cached = JSON.parse(readFileSync(marker, 'utf8'));
  if (JSON.stringify(cached.seed) !== JSON.stringify(seed) || !Array.isArray(cached.migrations)) return null;
  const current = currentMigrations();
  return cached.migrations.every((m, i) => current[i] === m) ? cached : null;
}

export function writeSeedMarker(marker, seed, extra) {
  writeFileSync(marker, JSON.stringify({ seed, migrations: currentMigrations(), ...extra }, null, 2));
}

/** After the app has opened (and so migrated) the cached database: it now has every current migration. */
export function markMigrated(marker) {
  const cached = JSON.parse(readFileSync(marker, 'utf8'));
  writeFileSync(marker, JSON.stringify({ ...cached, migrations: currentMigrations() }, null, 2));
}
