import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A library loaded the first time it is used rather than when Officina starts: an idle `serve` holds
 * only what serving needs (`node bench/run.mjs idle` measures it against the SDK's bare HTTP server).
 * Synchronous — `require` loads ES modules too — so callers stay as they are; the type comes from
 * `typeof import(id)`. The desktop bundle leaves the id to Node's resolution, like its other
 * dependencies (e2e/packed-app.e2e.ts checks that each resolves in the packed app).
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
