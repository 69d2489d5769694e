import { describe, expect, it } from 'vitest';
import { LineReader, type StdioPiece } from './stdio-lines.js';

const KiB = 1024;

/** Everything `text` yields when it arrives in chunks of `size` bytes. */
function read(reader: LineReader, text: string | Buffer, size: number): StdioPiece[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const pieces: StdioPiece[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(...reader.push(bytes.subarray(at, at + size)));
  return pieces;
}

describe('LineReader', () => {
  it('splits lines across chunk boundaries, drops a trailing CR, keeps multi-byte characters whole', () => {
    const text = '{"a":"café"}\r\n{"b":2}\n\n{"c":"日本"}\n{"unfinished":';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(read(new LineReader(64), text, size), `chunks of ${size}`).toEqual([
        { kind: 'line', text: '{"a":"café"}' },
        { kind: 'line', text: '{"b":2}' },
        { kind: 'line', text: '' },
        { kind: 'line', text: '{"c":"日本"}' },
      ]);
    }
  });

  it('takes a line of exactly the limit, and streams past a longer one keeping its two ends', () => {
    const limit = 64 * KiB;
    const exact = 'x'.repeat(limit);
    const long = `{"head":1,${'y'.repeat(5 * limit)},"tail":2}`;
    for (const size of [limit / 4, limit, 3 * limit, 7 * limit]) {
      const pieces = read(new LineReader(limit), `${exact}\n${long}\n{"next":true}\n`, size);
      expect(pieces, `chunks of ${size}`).toHaveLength(3);
      expect(pieces[0]).toEqual({ kind: 'line', text: exact });
      const oversized = pieces[1];
      if (oversized?.kind !== 'oversized')
        throw new Error(`expected the long line to be oversized, got ${oversized?.kind}`);
      expect(oversized.bytes).toBe(long.length);
      expect(oversized.head).toBe(long.slice(0, 4 * KiB));
      expect(oversized.tail).toBe(long.slice(-4 * KiB));
      expect(pieces[2]).toEqual({ kind: 'line', text: '{"next":true}' });
    }
  });

  it('an oversized line that never ends yields nothing, and the reader goes on after its newline', () => {
    const reader = new LineReader(KiB);
    for (let i = 0; i < 1000; i++) expect(reader.push(Buffer.alloc(16 * KiB, 0x41))).toEqual([]);
    expect(reader.push(Buffer.from('A\n{"ok":1}\n'))).toEqual([
      { kind: 'oversized', bytes: 16_000 * KiB + 1, head: 'A'.repeat(4 * KiB), tail: 'A'.repeat(4 * KiB) },
      { kind: 'line', text: '{"ok":1}' },
    ]);
  });
});
