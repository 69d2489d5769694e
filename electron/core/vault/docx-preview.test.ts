import { describe, expect, it } from 'vitest';
import { sampleDocx } from '../../../test/docx.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { load } from 'cheerio';
import { xssVectors } from '../../../test/xss-corpus.js';
import { docxPreviewHtml, sanitizePreview } from './docx-preview.js';

describe('DOCX preview', () => {
  it('turns a real .docx into document HTML: headings, emphasis, links, tables, inline images', async () => {
    const { html } = await docxPreviewHtml(await sampleDocx());
    expect(html).toContain('<h1>Quarterly supplier review</h1>');
    expect(html).toContain('<strong>eleven of twelve</strong>');
    expect(html).toContain(
      '<a href="https://example.com/terms" target="_blank" rel="noopener noreferrer nofollow">supplier terms</a>',
    );
    expect(html).toMatch(/<table>.*Acme Ceramics.*92.*<\/table>/s);
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    // The javascript: link keeps its words and loses its link.
    expect(html).toContain('a trap');
    expect(html).not.toMatch(/javascript:/i);
  });

  it('lets nothing through that runs or loads by itself', () => {
    const hostile = [
      '<script>alert(1)</script><p onclick="alert(1)">x</p>',
      '<img src="https://tracker.example/p.gif" alt="pixel"><img src="file:///etc/passwd">',
      '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
      '<a href="#footnote-1">1</a><a href="//evil.example">x</a><a href="java&#x09;script:alert(1)">y</a>',
      '<iframe src="https://evil.example"></iframe><object data="x"></object><form><input></form>',
      '<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css">',
      ...xssVectors((name) => `https://beacon.example/${name}`).map((v) => v.markdown),
    ].join('\n');
    const clean = sanitizePreview(hostile);
    // Read back as a browser would: every element and attribute that is left is a harmless one.
    const $ = load(clean);
    for (const element of $('*').toArray() as { tagName: string; attribs: Record<string, string> }[]) {
      expect(['html', 'head', 'body', 'p', 'a', 'img', 'span', 'div', 'table', 'tr', 'td', 'tbody']).toContain(
        element.tagName,
      );
      for (const [name, value] of Object.entries(element.attribs)) {
        expect(name).not.toMatch(/^on/i);
        if (name === 'href') expect(value).toMatch(/^(https?:\/\/(?!evil|beacon)|mailto:)/);
        if (name === 'src') expect(value).toMatch(/^data:image\/(png|jpe?g|gif|webp|bmp)[;,]/);
      }
    }
    expect($('a').toArray()).toHaveLength(0);
    expect($('img').toArray()).toHaveLength(0);
    // A dropped image leaves its description, not an empty gap.
    expect(clean).toContain('[pixel]');
  });

  it('is preview_document for the app: Word files only, read from the vault', async () => {
    const app = testApp({ vault: tempDir() });
    ok(
      await app.call('upload_document', {
        content: (await sampleDocx()).toString('base64'),
        encoding: 'base64',
        destination: 'suppliers/review.docx',
      }),
    );
    const preview = ok<{ html: string; warnings: string[] }>(
      await app.call('preview_document', { document_id: 'suppliers/review.docx' }),
    );
    expect(preview.html).toContain('<h1>Quarterly supplier review</h1>');
    expect(Array.isArray(preview.warnings)).toBe(true);

    ok(await app.call('upload_document', { content: 'plain', destination: 'notes.txt' }));
    expect(await app.call('preview_document', { document_id: 'notes.txt' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('not a Word document') },
    });
    ok(await app.call('upload_document', { content: 'not a zip', destination: 'broken.docx' }));
    expect(await app.call('preview_document', { document_id: 'broken.docx' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('could not be read as a Word document') },
    });
    expect(await app.call('preview_document', { document_id: 'missing.docx' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // The assistant reads documents with read_document; the preview is the app's.
    expect(app.catalogue.contract('preview_document')?.faces).toEqual(['ui']);
  });
});
