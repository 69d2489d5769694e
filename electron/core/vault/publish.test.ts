import { load } from 'cheerio';
import fc from 'fast-check';
import { Lexer } from 'marked';
import { describe, expect, it } from 'vitest';
import { runnableParts, textBreakouts, xssVectors } from '../../../test/xss-corpus.js';
import { PUBLISHED_PAGE_POLICY, renderPublished } from './publish.js';

const beacon = (name: string) => `http://127.0.0.1:9/hit/${name}`;

describe('renderPublished: Markdown', () => {
  it('keeps ordinary document HTML: headings, lists, tables, code, quotes, links and images', () => {
    const { markdown, html } = renderPublished(
      'Launch <plan> & "notes"',
      'md',
      [
        '---',
        'title: Launch',
        '---',
        '# Launch',
        '',
        'We **ship** _Monday_ ~~Friday~~. See [the site](https://example.com/a?b=1&c=2 "Site"), ',
        '[mail](mailto:team@example.com), [plain](http://example.com), [below](#notes) and [next](next.md).',
        '',
        '- [x] done',
        '- [ ] open',
        '',
        '3. third',
        '4. fourth',
        '',
        '| Item | Price |',
        '|:-----|------:|',
        '| Mug  | 12.50 |',
        '',
        '> quoted',
        '',
        '```js',
        'const a = 1 < 2;',
        '```',
        '',
        '![logo](https://example.com/logo.png "Logo") ![dot](data:image/png;base64,iVBORw0KGgo=)',
        '',
        '<details><summary>More</summary>Hidden <kbd>Ctrl</kbd></details>',
        '',
        '---',
      ].join('\n'),
    );
    expect(markdown.startsWith('# Launch\n')).toBe(true);
    expect(runnableParts(html)).toEqual([]);
    const $ = load(html);
    expect($('title').text()).toBe('Launch <plan> & "notes"');
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toBe(PUBLISHED_PAGE_POLICY);
    expect($('h1').text()).toBe('Launch');
    expect($('strong').text()).toBe('ship');
    expect($('em').text()).toBe('Monday');
    expect($('del').text()).toBe('Friday');
    expect(
      $('a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['https://example.com/a?b=1&c=2', 'mailto:team@example.com', 'http://example.com', '#notes', 'next.md']);
    expect($('a').first().attr('title')).toBe('Site');
    expect(
      $('input[type=checkbox][disabled]')
        .map((_i, i) => $(i).is('[checked]'))
        .get(),
    ).toEqual([true, false]);
    expect($('ol').attr('start')).toBe('3');
    expect(
      $('th')
        .map((_i, th) => $(th).attr('align'))
        .get(),
    ).toEqual(['left', 'right']);
    expect($('td').eq(1).text()).toBe('12.50');
    expect($('blockquote').text().trim()).toBe('quoted');
    expect($('pre code.language-js').text()).toBe('const a = 1 < 2;\n');
    expect(
      $('img')
        .map((_i, img) => $(img).attr('src'))
        .get(),
    ).toEqual(['https://example.com/logo.png', 'data:image/png;base64,iVBORw0KGgo=']);
    expect($('details summary').text()).toBe('More');
    expect($('kbd').text()).toBe('Ctrl');
    expect($('hr')).toHaveLength(1);
  });

  it.each(xssVectors(beacon))('leaves nothing that runs of $name', ({ markdown }) => {
    const { html } = renderPublished('Vector', 'md', `Before\n\n${markdown}\n\nAfter\n`);
    expect(runnableParts(html)).toEqual([]);
    // The document around the vector is still there.
    const $ = load(html);
    expect($('body').text()).toMatch(/Before[\s\S]*After/);
  });

  it('keeps the text of a link whose URL it drops', () => {
    const { html } = renderPublished('Links', 'md', '[click me](javascript:alert(1)) <a href="vbscript:x">here</a>');
    const $ = load(html);
    expect(
      $('a')
        .map((_i, a) => $(a).text())
        .get(),
    ).toEqual(['click me', 'here']);
    expect($('a[href]')).toHaveLength(0);
  });

  it('drops data: sources that are not images, and image sources with other schemes', () => {
    const { html } = renderPublished(
      'Images',
      'md',
      '<img src="data:text/html,<script>alert(1)</script>" alt="a"> <img src=" da\tta:image/gif;base64,R0lGOD" alt="b"> ' +
        '<img src="file:///etc/passwd" alt="c"> <img src="//evil.example/x.png" alt="d">',
    );
    const $ = load(html);
    expect(
      $('img')
        .map((_i, img) => `${$(img).attr('alt')}:${$(img).attr('src') ?? '-'}`)
        .get(),
    ).toEqual(['a:-', 'b: da\tta:image/gif;base64,R0lGOD', 'c:-', 'd:-']);
  });
});

describe('renderPublished: plain text', () => {
  /** What a <pre> shows for a text (CommonMark ends every line of a code block with a line break). */
  const shown = (text: string) => {
    const lines = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
    return lines === '' || lines.endsWith('\n') ? lines : `${lines}\n`;
  };
  const codeBlocks = (markdown: string) => new Lexer().lex(markdown).filter((t) => t.type !== 'space');

  it.each(textBreakouts(beacon))('shows $name as the text it is, in one block', ({ text }) => {
    const { markdown, html } = renderPublished('Text', 'txt', text);
    expect(runnableParts(html)).toEqual([]);
    const $ = load(html);
    expect(
      $('body')
        .children()
        .map((_i, e) => e.tagName)
        .get(),
    ).toEqual(['pre']);
    expect($('pre').text()).toBe(shown(text));
    // The published .md is one code block, as any Markdown reader sees it.
    expect(codeBlocks(markdown)).toEqual([expect.objectContaining({ type: 'code' })]);
  });

  it('fences any text so that nothing in it ends the block', () => {
    const unit = fc.constantFrom('`', '~', '\n', '\r', '\t', ' ', '<', '>', '&', '"', "'", 'a', '/', 'p', 'r', 'e');
    for (const texts of [fc.string({ unit, maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })]) {
      fc.assert(
        fc.property(texts, (text) => {
          const { markdown, html } = renderPublished('Text', 'txt', text);
          expect(codeBlocks(markdown)).toEqual([expect.objectContaining({ type: 'code' })]);
          expect(load(html)('pre').text()).toBe(shown(text));
        }),
      );
    }
  });

  it('publishes other text types (.html, .csv, .json) as text, not as markup', () => {
    const source = '<h1 onclick="x()">Title</h1>\n<script>alert(1)</script>\n';
    const { markdown, html } = renderPublished('page.html', 'html', source);
    expect(markdown).toBe(`\`\`\`\n${source}\`\`\`\n`);
    expect(runnableParts(html)).toEqual([]);
    expect(load(html)('pre').text()).toBe(source);
  });
});
