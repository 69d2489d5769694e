import { describe, expect, it } from 'vitest';
import { extractText, markdownText } from './extract.js';

describe('markdown text extraction', () => {
  it('indexes markdown as the prose it reads as, front matter as metadata', async () => {
    const source = [
      '---',
      'title: Plan',
      'tags: [q3, web]',
      '---',
      '# Quarterly **plan**',
      '',
      'We ship the [new site](https://example.com/x "t") on *Monday*; see ![the chart](chart.png) and <https://example.com>.',
      'Keep `snake_case_names` and file_name.md; \\*not bold\\* &amp; 5 > 3.',
      '',
      '- first _item_',
      '- second ~~old~~ item',
      '  1. nested <b>bold</b> one',
      '',
      '> A quote with __strong__ words.',
      '',
      '| Name | Amount |',
      '| ---- | -----: |',
      '| Tea  | **3**  |',
      '',
      '```js',
      'const total = price * count;',
      '```',
      '',
      '<div class="note">An <em>HTML</em> block</div>',
      '',
      '[ref]: https://example.com/ref',
      '',
      '***',
      'Done.',
      '',
    ].join('\r\n');
    const extracted = await extractText(Buffer.from(source), 'md');
    expect(extracted).toEqual({
      metadata: { title: 'Plan', tags: ['q3', 'web'] },
      error: null,
      text: [
        'Quarterly plan',
        'We ship the new site on Monday; see the chart and https://example.com.\nKeep snake_case_names and file_name.md; *not bold* & 5 > 3.',
        'first item',
        'second old item',
        'nested bold one',
        'A quote with strong words.',
        'Name Amount\nTea 3',
        'const total = price * count;',
        'An HTML block',
        'Done.',
      ].join('\n\n'),
    });
  });

  it('keeps plain text as it is, and half-written markdown as readable as it can', () => {
    expect(markdownText('Just words, no marks.')).toBe('Just words, no marks.');
    expect(markdownText('')).toBe('');
    expect(
      ['**unclosed', '[link](', '<div', '```\nno end', '| a |\n|', '\\', '> > >'].map((odd) => markdownText(odd)),
    ).toEqual(['unclosed', '[link](', '<div', 'no end', '| a |\n|', '\\', '']);
  });
});
