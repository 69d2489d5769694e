import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, tempDir, testApp } from '../../test/helpers.js';
import { publishedFileToShow } from './show-in-folder.js';

describe('Show in folder', () => {
  it('reveals a file publish_document wrote, and nothing else on the disk', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir, vault: tempDir() });
    ok(await app.call('upload_document', { content: '# Notice\n\nOpen on Monday.\n', destination: 'news/notice.md' }));
    for (const step of ['submit_for_review', 'approve_document'])
      ok(await app.call(step, { document_id: 'news/notice.md' }));
    const { published } = ok<{ published: { html: string; markdown: string; folder: string } }>(
      await app.call('publish_document', { document_id: 'news/notice.md' }),
    );
    expect(publishedFileToShow(dataDir, published.html)).toBe(published.html);
    expect(publishedFileToShow(dataDir, published.markdown)).toBe(published.markdown);

    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'x');
    const link = join(published.folder, 'news', 'link.html');
    symlinkSync(outside, link);
    mkdirSync(join(published.folder, 'folder-only'));
    for (const bad of [
      outside,
      link, // a link inside the folder to a file outside it
      join(published.folder, 'news', '..', '..', 'officina.db'),
      join(published.folder, 'folder-only'),
      join(published.folder, 'news', 'missing.html'),
      published.folder,
      'news/notice.html',
      '',
      42,
      null,
      `${published.html}\0.txt`,
    ]) {
      expect(publishedFileToShow(dataDir, bad), String(bad)).toBeNull();
    }
  });
});
