import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, formatSize, previewKindOf } from './fileKinds.js';
import { documentsPath, locationOf } from './paths.js';
import { sideBySide } from './sideBySide.js';
import { snippetParts } from './snippet.js';

describe('search snippets', () => {
  it('splits hits between « and » from the text around them', () => {
    expect(snippetParts('Die «Bezüge» steigen, «Bezüge» sinken')).toEqual([
      { text: 'Die ', hit: false },
      { text: 'Bezüge', hit: true },
      { text: ' steigen, ', hit: false },
      { text: 'Bezüge', hit: true },
      { text: ' sinken', hit: false },
    ]);
  });

  it('keeps markup and unpaired marks as plain text', () => {
    expect(snippetParts('<b>x</b> «a')).toEqual([{ text: '<b>x</b> «a', hit: false }]);
    expect(snippetParts('a » b')).toEqual([{ text: 'a » b', hit: false }]);
    expect(snippetParts('«»x')).toEqual([{ text: 'x', hit: false }]);
  });
});

describe('side-by-side diff', () => {
  it('pairs a removal with the addition after it, and numbers each side', () => {
    const rows = sideBySide([
      { kind: 'same', text: '# Title\n' },
      { kind: 'removed', text: 'old one\nold two\n' },
      { kind: 'added', text: 'new one\n' },
      { kind: 'same', text: 'end\n' },
      { kind: 'added', text: 'tail\n' },
    ]);
    expect(rows).toEqual([
      { kind: 'same', left: { number: 1, text: '# Title' }, right: { number: 1, text: '# Title' } },
      { kind: 'changed', left: { number: 2, text: 'old one' }, right: { number: 2, text: 'new one' } },
      { kind: 'removed', left: { number: 3, text: 'old two' }, right: null },
      { kind: 'same', left: { number: 4, text: 'end' }, right: { number: 3, text: 'end' } },
      { kind: 'added', left: null, right: { number: 4, text: 'tail' } },
    ]);
  });

  it('keeps a last line without a newline', () => {
    expect(sideBySide([{ kind: 'added', text: 'a\nb' }]).map((r) => r.right?.text)).toEqual(['a', 'b']);
  });
});

describe('document routes', () => {
  const route = (path: string) => ({ segments: path.split('/').filter(Boolean) });

  it('round-trips folders, files and tabs, whatever the names', () => {
    for (const location of [
      { tab: 'browse', folder: '', file: null },
      { tab: 'browse', folder: 'review/trash', file: null },
      { tab: 'browse', folder: 'hr', file: 'hr/Bezüge #1.md' },
      { tab: 'review', folder: '', file: 'a/b.md' },
      { tab: 'trash', folder: '', file: null },
    ] as const) {
      const segments = documentsPath(location).split('/').filter(Boolean).map(decodeURIComponent);
      expect(locationOf({ segments })).toEqual(location);
    }
    expect(locationOf(route('documents/file/top.md'))).toEqual({ tab: 'browse', folder: '', file: 'top.md' });
  });
});

describe('files', () => {
  it('picks a preview by type', () => {
    expect(previewKindOf('md', 'utf8')).toBe('markdown');
    expect(previewKindOf('pdf', 'base64')).toBe('pdf');
    expect(previewKindOf('docx', 'base64')).toBe('docx');
    expect(previewKindOf('png', 'base64')).toBe('image');
    expect(previewKindOf('svg', 'utf8')).toBe('text');
    expect(previewKindOf('zip', 'base64')).toBe('other');
  });

  it('formats sizes and converts base64 both ways', () => {
    expect(formatSize(1, 'en')).toBe('1 byte');
    expect(formatSize(999, 'en')).toBe('999 bytes');
    expect(formatSize(1_234_567, 'en')).toBe('1.2 MB');
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});
