#!/usr/bin/env node
// A step of `npm run build:node` (and of the tests' global setup), after tsc: writes every character
// beyond Latin-1 in the compiled JavaScript under out/node as a \u escape. V8 keeps each loaded
// module's source text for the life of the process, two bytes per character when a single character
// of it is beyond Latin-1 (a "—" or "’" in a message is enough), one byte otherwise: about 0.5 MB
// of an idle `officina serve`. The code means the same: such characters only appear in string,
// template and regular expression literals, where an escape stands for the character itself.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Backslashes before the character too: an odd run ends in an identity escape ("\—" is "—"), which
// the \u escape replaces; an even run is escaped backslashes, left as they are.
const BEYOND_LATIN1 = /(\\*)([\u0100-\uffff])/g;

/** `source` with each UTF-16 code unit beyond U+00FF written as \uXXXX (a pair for astral characters). */
export function oneByteSource(source) {
  return source.replace(BEYOND_LATIN1, (_, slashes, unit) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Rewrites the .js files under `dir` that need it; returns how many. */
export function oneByteSources(dir) {
  let rewritten = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.js')) continue;
    const path = join(dir, name);
    const source = readFileSync(path, 'utf8');
    const escaped = oneByteSource(source);
    if (escaped === source) continue;
    writeFileSync(path, escaped);
    rewritten++;
  }
  return rewritten;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'node');
  console.log(`one-byte sources: ${oneByteSources(out)} files of out/node escaped`);
}
