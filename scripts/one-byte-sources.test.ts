import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers.js';
import { ROOT } from '../test/mcp-process.js';
import { oneByteSource, oneByteSources } from './one-byte-sources.mjs';

const BEYOND_LATIN1 = /[\u0100-\uffff]/;

// Every place a character beyond Latin-1 can sit in compiled code, with the escapes that make it tricky.
const MODULE = String.raw`
export const plain = 'Claude’s order — 3 items → shipped';
export const astral = "a 😀 b";
export const identity = 'a\—b';
export const backslash = 'a\\—b';
export const latin1 = 'café, naïve';
const n = 3;
export const template = ${'`'}${'$'}{n} items — “quoted”${'`'};
const tag = (strings, ...values) => strings.join('|') + values.join('|');
export const tagged = tag${'`'}left – ${'$'}{n} – right${'`'};
export const dashes = /[—–]+/.exec('a—–b')?.[0];
export const unicode = /\p{L}—😀/u.test('é—😀');
export const notMatched = /x—/.test('x-');
`;

describe('one-byte module sources (scripts/one-byte-sources.mjs)', () => {
  it('escapes every character beyond Latin-1 and the module means the same', async () => {
    const dir = tempDir();
    const original = join(dir, 'original.mjs');
    const escaped = join(dir, 'escaped.mjs');
    writeFileSync(original, MODULE);
    writeFileSync(escaped, oneByteSource(MODULE));
    const text = readFileSync(escaped, 'utf8');
    expect(text).not.toMatch(BEYOND_LATIN1);
    expect(text).toContain('café, naïve');
    const before = (await import(pathToFileURL(original).href)) as Record<string, unknown>;
    const after = (await import(pathToFileURL(escaped).href)) as Record<string, unknown>;
    expect(before['plain']).toBe('Claude’s order — 3 items → shipped');
    expect(before['backslash']).toBe('a\\—b');
    expect(before['dashes']).toBe('—–');
    expect(before['unicode']).toBe(true);
    expect(after).toEqual(before);
    // Escaping again changes nothing.
    expect(oneByteSource(text)).toBe(text);
  });

  it('leaves nothing beyond Latin-1 in the built out/node (the test run builds it as npm run build:node does)', () => {
    const out = join(ROOT, 'out', 'node');
    const wide = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js'))
      .filter((name) => BEYOND_LATIN1.test(readFileSync(join(out, name), 'utf8')));
    expect(wide).toEqual([]);
    expect(oneByteSources(out)).toBe(0);
  });
});
