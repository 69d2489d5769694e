import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../../shared/vault.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { runnableParts, textBreakouts, xssVectors } from '../../../test/xss-corpus.js';
import { m006VaultVersionNumbers } from '../store/migrations/006-vault-version-numbers.js';
import { sha256 } from './blobs.js';

type Hits = { items: (Document & { snippet: string })[] };
type Versions = { items: { version_id: number; number: number; reason: string; current: boolean }[] };

function vaultApp(options: { watch?: boolean; allow?: string[] } = {}) {
  const dataDir = tempDir();
  const vault = tempDir();
  const app = testApp({ dataDir, vault, watchVault: options.watch ?? false, allowPaths: options.allow ?? [] });
  return { app, vault, dataDir };
}

describe('document vault: operations', () => {
  it('uploads, finds (folded case and diacritics, CJK), versions, diffs and restores', async () => {
    const { app, vault } = vaultApp();
    const created = ok<Document>(
      await app.call('upload_document', {
        content: '---\ntitle: Gehalt\nowner: Ada\n---\n# Bezüge 2026\nDie Bezüge steigen.\n',
        destination: 'hr/bezuege.md',
        metadata: { tags: ['hr'], custom: { year: 2026 } },
      }),
    );
    expect(created).toMatchObject({
      document_id: 'hr/bezuege.md',
      folder: 'hr',
      file_type: 'md',
      title: 'Gehalt',
      tags: ['hr'],
      status: 'draft',
    });
    expect(created.file_metadata).toMatchObject({ owner: 'Ada' });
    expect(readFileSync(join(vault, 'hr', 'bezuege.md'), 'utf8')).toContain('Bezüge 2026');

    const hits = ok<Hits>(await app.call('search_documents', { query: 'BEZUGE' }));
    expect(hits.items.map((h) => h.document_id)).toEqual(['hr/bezuege.md']);
    expect(hits.items[0]?.snippet).toMatch(/«Bezüge»/);
    expect(
      ok<Hits>(await app.call('search_documents', { query: 'bez', metadata_filters: { year: 2026 } })).items,
    ).toHaveLength(1);
    expect(
      ok<Hits>(await app.call('search_documents', { query: 'bez', metadata_filters: { year: 2025 } })).items,
    ).toHaveLength(0);

    ok(await app.call('upload_document', { content: '東京都の会議は来週です。', destination: 'jp/meeting.txt' }));
    expect(ok<Hits>(await app.call('search_documents', { query: '会議は' })).items.map((h) => h.document_id)).toEqual([
      'jp/meeting.txt',
    ]);
    expect(ok<Hits>(await app.call('search_documents', { query: '会議' })).items.map((h) => h.document_id)).toEqual([
      'jp/meeting.txt',
    ]);

    const refused = await app.call('upload_document', { content: 'x', destination: 'hr/bezuege.md' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'destination' }] } });
    ok(
      await app.call('upload_document', {
        content: '# Bezüge 2027\nDie Bezüge sinken.\n',
        destination: 'hr/bezuege.md',
        overwrite: true,
      }),
    );
    const versions = ok<{ items: { version_id: number; reason: string; current: boolean }[] }>(
      await app.call('list_document_versions', { document_id: 'hr/bezuege.md' }),
    );
    expect(versions.items.map((v) => [v.reason, v.current])).toEqual([
      ['overwrite', true],
      ['upload', false],
    ]);
    const diff = ok<{ added: number; removed: number; unified: string }>(
      await app.call('diff_document_versions', {
        document_id: 'hr/bezuege.md',
        from_version: versions.items[1]!.version_id,
      }),
    );
    expect(diff).toMatchObject({ added: 2, removed: 6 });
    expect(diff.unified).toContain('+Die Bezüge sinken.');
    const restored = ok<Document>(
      await app.call('restore_document_version', {
        document_id: 'hr/bezuege.md',
        version_id: versions.items[1]!.version_id,
      }),
    );
    expect(readFileSync(join(vault, 'hr', 'bezuege.md'), 'utf8')).toContain('steigen');
    expect(restored.version).toBeGreaterThan(created.version);
  });

  it('pages a folder with the cursor it hands out', async () => {
    const { app } = vaultApp();
    for (let i = 0; i < 5; i++)
      ok(await app.call('upload_document', { content: `page ${i}`, destination: `p/${i}.txt` }));
    const first = ok<{ items: Document[]; next_cursor: string }>(
      await app.call('list_documents', { path: 'p', limit: 3 }),
    );
    const second = ok<{ items: Document[]; next_cursor: null }>(
      await app.call('list_documents', { path: 'p', limit: 3, cursor: first.next_cursor }),
    );
    expect([...first.items, ...second.items].map((d) => d.name)).toEqual(['0.txt', '1.txt', '2.txt', '3.txt', '4.txt']);
    expect(second.next_cursor).toBeNull();
  });

  it('moves keep the id and history; delete goes to a restorable trash', async () => {
    const { app, vault } = vaultApp();
    const doc = ok<Document>(await app.call('upload_document', { content: 'plan A', destination: 'plan.txt' }));
    const moved = ok<Document>(
      await app.call('move_document', { document_id: 'plan.txt', new_path: 'projects/plan-a.txt' }),
    );
    expect(moved).toMatchObject({ id: doc.id, document_id: 'projects/plan-a.txt' });
    expect(existsSync(join(vault, 'plan.txt'))).toBe(false);
    expect(ok<Hits>(await app.call('search_documents', { query: 'plan', path: 'projects' })).items).toHaveLength(1);

    ok(await app.call('delete_document', { document_id: 'projects/plan-a.txt' }));
    expect(existsSync(join(vault, 'projects', 'plan-a.txt'))).toBe(false);
    expect(ok<Hits>(await app.call('search_documents', { query: 'plan' })).items).toHaveLength(0);
    const trash = ok<{ items: { id: number; in_trash: boolean }[] }>(await app.call('list_deleted_documents', {}));
    expect(trash.items).toEqual([expect.objectContaining({ id: doc.id, in_trash: true })]);
    const back = ok<Document>(await app.call('restore_deleted_document', { document_id: 'projects/plan-a.txt' }));
    expect(back).toMatchObject({ id: doc.id, document_id: 'projects/plan-a.txt' });
    expect(readFileSync(join(vault, 'projects', 'plan-a.txt'), 'utf8')).toBe('plan A');
  });

  it('walks the review workflow and publishes Markdown and HTML outside the vault', async () => {
    const { app, dataDir } = vaultApp();
    ok(
      await app.call('upload_document', {
        content: '# Launch\n\nWe **ship** Monday.\n',
        destination: 'blog/launch.md',
      }),
    );
    const early = await app.call('publish_document', { document_id: 'blog/launch.md' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    ok(await app.call('submit_for_review', { document_id: 'blog/launch.md', comment: 'ready' }));
    expect(
      ok<{ items: Document[] }>(await app.call('list_documents', { recursive: true, status: 'in_review' })).items,
    ).toHaveLength(1);
    expect(await app.call('request_changes', { document_id: 'blog/launch.md' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    ok(await app.call('approve_document', { document_id: 'blog/launch.md' }));
    const published = ok<Document & { published: { folder: string; markdown: string; html: string } }>(
      await app.call('publish_document', { document_id: 'blog/launch.md' }),
    );
    expect(published.status).toBe('published');
    // It says where the files went, and they are there.
    expect(published.published).toEqual({
      folder: join(dataDir, 'published'),
      markdown: join(dataDir, 'published', 'blog', 'launch.md'),
      html: join(dataDir, 'published', 'blog', 'launch.html'),
    });
    expect(readFileSync(published.published.html, 'utf8')).toContain('<strong>ship</strong>');
    expect(readFileSync(published.published.markdown, 'utf8')).toContain('**ship**');
    const history = ok<{ items: { from: string; to: string }[] }>(
      await app.call('get_document_reviews', { document_id: 'blog/launch.md' }),
    );
    expect(history.items.map((h) => `${h.from}→${h.to}`)).toEqual([
      'draft→in_review',
      'in_review→approved',
      'approved→published',
    ]);
    const jump = await app.call('update_document_metadata', {
      document_id: 'blog/launch.md',
      metadata: { status: 'draft' },
    });
    expect(jump).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'metadata.status' }] } });
  });

  it('lists everything below a folder when called as the seed did, one folder when asked for Officina’s options', async () => {
    const { app } = vaultApp();
    for (const destination of ['a.txt', 'b/c.txt', 'b/d/e.txt', 'f.md'])
      ok(await app.call('upload_document', { content: destination, destination }));
    type Page = { items: Document[]; folders: string[]; next_cursor: string | null };
    const ids = async (input: Record<string, unknown>) =>
      ok<Page>(await app.call('list_documents', input)).items.map((d) => d.document_id);

    // The seed's parameters only (nulls count as left out): the whole tree below path.
    expect(await ids({})).toEqual(['a.txt', 'b/c.txt', 'b/d/e.txt', 'f.md']);
    expect(await ids({ path: '', include_metadata: false })).toEqual(['a.txt', 'b/c.txt', 'b/d/e.txt', 'f.md']);
    expect(await ids({ path: 'b', include_metadata: null, tag: null })).toEqual(['b/c.txt', 'b/d/e.txt']);
    // Any option of Officina's own: that one folder, as the app's folder view asks.
    expect(await ids({ path: '', limit: 50 })).toEqual(['a.txt', 'f.md']);
    expect(await ids({ path: 'b', sort: 'name' })).toEqual(['b/c.txt']);
    // Sorted either way; size is largest first unless asked otherwise (each file holds its own path).
    expect(await ids({ recursive: true, sort: 'name', order: 'desc' })).toEqual([
      'f.md',
      'b/d/e.txt',
      'b/c.txt',
      'a.txt',
    ]);
    expect((await ids({ recursive: true, sort: 'size' }))[0]).toBe('b/d/e.txt');
    expect((await ids({ recursive: true, sort: 'size', order: 'asc' }))[0]).toBe('f.md');
    expect(await app.call('list_documents', { sort: 'size', order: 'up' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'order', message: 'order is asc or desc' }] },
    });
    // Said outright, either way.
    expect(await ids({ path: '', recursive: false })).toEqual(['a.txt', 'f.md']);
    expect(await ids({ path: '', limit: 50, recursive: true })).toHaveLength(4);

    // A cursor continues the listing it came from, recursive or not.
    const first = ok<Page>(
      await app.call('list_documents', { path: '', include_metadata: false, limit: 2, recursive: true }),
    );
    expect(first.items.map((d) => d.document_id)).toEqual(['a.txt', 'b/c.txt']);
    expect(await ids({ path: '', include_metadata: false, cursor: first.next_cursor })).toEqual(['b/d/e.txt', 'f.md']);
    const folder = ok<Page>(await app.call('list_documents', { path: '', limit: 1 }));
    expect(await ids({ path: '', cursor: folder.next_cursor, limit: 1 })).toEqual(['f.md']);
  });

  it('takes the seed’s free-form metadata: other keys are custom fields, title and tags keep their meaning', async () => {
    const { app } = vaultApp();
    const uploaded = ok<Document>(
      await app.call('upload_document', {
        content: 'Quarterly figures\n',
        destination: 'q1.txt',
        metadata: { author: 'Ada', category: 'finance', tags: ['q1'], custom: { year: 2026 } },
      }),
    );
    expect(uploaded).toMatchObject({ tags: ['q1'], custom: { author: 'Ada', category: 'finance', year: 2026 } });
    const updated = ok<Document>(
      await app.call('update_document_metadata', {
        document_id: 'q1.txt',
        metadata: { author: 'Ada L.', keywords: ['revenue', 'q1'], reviewed: true, category: null, title: 'Q1' },
      }),
    );
    expect(updated).toMatchObject({
      title: 'Q1',
      tags: ['q1'],
      custom: { author: 'Ada L.', year: 2026, keywords: ['revenue', 'q1'], reviewed: true },
    });
    expect(updated.custom).not.toHaveProperty('category');
    const found = ok<Hits>(
      await app.call('search_documents', {
        query: 'quarterly',
        metadata_filters: { author: 'Ada L.', reviewed: true },
      }),
    );
    expect(found.items.map((d) => d.document_id)).toEqual(['q1.txt']);

    for (const [metadata, path, message] of [
      [{ status: 'approved' }, 'metadata.status', /review operations \(submit_for_review/],
      [{ author: 'A', custom: { author: 'B' } }, 'metadata.author', /given twice/],
      [{ scores: { a: 1 } }, 'metadata.scores', /text, a number, true\/false, a list of them/],
    ] as const) {
      const refused = await app.call('update_document_metadata', { document_id: 'q1.txt', metadata });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path }] } });
      if (!refused.ok) expect(refused.error.message).toMatch(message);
    }
    // Refused calls changed nothing.
    const after = ok<{ document: Document }>(await app.call('read_document', { document_id: 'q1.txt' }));
    expect(after.document).toMatchObject({ version: updated.version, custom: updated.custom });
  });

  it('publishes hostile documents as pages where nothing runs, and text as the text it is', async () => {
    const { app, dataDir } = vaultApp();
    const beacon = (name: string) => `http://127.0.0.1:9/hit/${name}`;
    const hostile = xssVectors(beacon)
      .map((v) => v.markdown)
      .join('\n\n');
    const breakout = textBreakouts(beacon).find((t) => t.name === 'fence')!.text;
    for (const [destination, content] of [
      ['blog/hostile.md', `# Hostile\n\n${hostile}\n`],
      ['notes/breakout.txt', breakout],
    ] as const) {
      ok(await app.call('upload_document', { content, destination }));
      for (const step of ['submit_for_review', 'approve_document', 'publish_document'])
        ok(await app.call(step, { document_id: destination }));
    }
    const page = readFileSync(join(dataDir, 'published', 'blog', 'hostile.html'), 'utf8');
    expect(runnableParts(page)).toEqual([]);
    expect(load(page)('h1').text()).toBe('Hostile');
    const text = readFileSync(join(dataDir, 'published', 'notes', 'breakout.html'), 'utf8');
    expect(runnableParts(text)).toEqual([]);
    expect(load(text)('body > pre').text()).toBe(breakout);
    expect(readFileSync(join(dataDir, 'published', 'notes', 'breakout.md'), 'utf8')).toBe(
      `\`\`\`\`\n${breakout}\`\`\`\`\n`,
    );
  });

  it('refuses paths that leave the vault and files outside the allowed folders', async () => {
    const outside = tempDir();
    mkdirSync(join(outside, '.ssh'));
    writeFileSync(join(outside, '.ssh', 'id_rsa'), 'SECRET');
    writeFileSync(join(outside, 'ok.txt'), 'fine');
    const { app } = vaultApp({ allow: [outside] });
    for (const destination of [
      '../escape.txt',
      '/etc/passwd',
      'a/../../b.txt',
      'C:\\x.txt',
      '.hidden/x.txt',
      'a\u0000b',
    ]) {
      const result = await app.call('upload_document', { content: 'x', destination });
      expect(result.ok, destination).toBe(false);
    }
    expect(await app.call('upload_document', { file_path: join(outside, '.ssh', 'id_rsa') })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.call('upload_document', { file_path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(ok<Document>(await app.call('upload_document', { file_path: join(outside, 'ok.txt') })).document_id).toBe(
      'ok.txt',
    );
    const out = await app.call('download_document', {
      document_id: 'ok.txt',
      destination_path: join(outside, 'ok.txt'),
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(join(outside, 'ok.txt'), 'utf8')).toBe('fine');
  });
});

describe('document vault: watching the folder', () => {
  const until = (check: () => Promise<boolean>) => expect.poll(check, { timeout: 3_000, interval: 25 }).toBe(true);

  it('picks up edits, adds, renames and deletes made outside, keeping id and metadata across a rename', async () => {
    const { app, vault } = vaultApp({ watch: true });
    await app.ready;
    const search = async (query: string) =>
      ok<Hits>(await app.call('search_documents', { query })).items.map((h) => h.document_id);

    writeFileSync(join(vault, 'notes.md'), 'first draft about zeppelins');
    await until(async () => (await search('zeppelins')).includes('notes.md'));
    const doc = ok<{ items: Document[] }>(await app.call('list_documents', {})).items[0]!;
    ok(await app.call('update_document_metadata', { document_id: 'notes.md', metadata: { tags: ['air'] } }));

    // An editor's save: temp file, then rename over.
    writeFileSync(join(vault, '.notes.md.swp'), 'second draft about airships');
    renameSync(join(vault, '.notes.md.swp'), join(vault, 'notes.md'));
    await until(async () => (await search('airships')).includes('notes.md'));
    expect(await search('zeppelins')).toEqual([]);

    mkdirSync(join(vault, 'archive'));
    renameSync(join(vault, 'notes.md'), join(vault, 'archive', 'notes-old.md'));
    await until(async () => (await search('airships')).includes('archive/notes-old.md'));
    const after = ok<{ items: Document[] }>(await app.call('list_documents', { path: 'archive' })).items[0]!;
    expect(after).toMatchObject({ id: doc.id, tags: ['air'] });
    const versions = ok<{ items: unknown[] }>(
      await app.call('list_document_versions', { document_id: 'archive/notes-old.md' }),
    );
    expect(versions.items).toHaveLength(2);

    rmSync(join(vault, 'archive', 'notes-old.md'));
    await until(async () => (await search('airships')).length === 0);
    const back = ok<Document>(await app.call('restore_deleted_document', { id: doc.id }));
    expect(back.document_id).toBe('archive/notes-old.md');
    expect(readFileSync(join(vault, 'archive', 'notes-old.md'), 'utf8')).toBe('second draft about airships');
  });

  it('shows markdown in search snippets as prose, the file itself untouched', async () => {
    const { app } = vaultApp();
    const content = '# Budget **2026**\n\nThe [travel budget](https://intra.example/b) grows by *ten* percent.\n';
    ok(await app.call('upload_document', { content, destination: 'budget.md' }));
    const hits = ok<Hits>(await app.call('search_documents', { query: 'travel' })).items;
    expect(hits.map((h) => h.snippet)).toEqual(['Budget 2026\n\nThe «travel» budget grows by ten percent.']);
    expect(ok<Hits>(await app.call('search_documents', { query: 'intra' })).items).toEqual([]);
    expect(ok<{ content: string }>(await app.call('read_document', { document_id: 'budget.md' })).content).toBe(
      content,
    );
  });

  it('indexes the files already there at start-up, their versions stored, CJK text in the trigram index', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    mkdirSync(join(vault, 'hr'));
    for (let i = 0; i < 30; i++)
      writeFileSync(join(vault, 'hr', `memo-${i}.md`), `# Memo ${i}\nDie Bezüge ${i} steigen.\n`);
    writeFileSync(join(vault, 'meeting.txt'), '東京都の会議は来週です。');
    const app = testApp({ dataDir, vault, watchVault: true });
    await app.ready;
    const search = async (query: string) =>
      ok<Hits>(await app.call('search_documents', { query, limit: 50 })).items.map((h) => h.document_id);
    expect(await search('bezuge')).toHaveLength(30);
    expect(await search('会議は')).toEqual(['meeting.txt']);
    expect(await search('会議')).toEqual(['meeting.txt']);
    // Only text with such a script is in the trigram index.
    expect(app.store.sqlite.prepare('SELECT count(*) FROM documents_trigram').pluck().get()).toBe(1);
    const versions = ok<{ items: { version_id: number }[] }>(
      await app.call('list_document_versions', { document_id: 'hr/memo-7.md' }),
    );
    const version = ok<{ content: string }>(
      await app.call('get_document_version', {
        document_id: 'hr/memo-7.md',
        version_id: versions.items[0]!.version_id,
      }),
    );
    expect(version.content).toBe('# Memo 7\nDie Bezüge 7 steigen.\n');
    expect(app.store.sqlite.prepare('SELECT count(*) FROM blobs WHERE stored_bytes > 0').pluck().get()).toBe(31);
  });

  it('can poll instead, for network folders where file events do not arrive', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    const app = testApp({ dataDir, vault, watchVault: true, vaultPolling: true });
    await app.ready;
    const hits = async (query: string) => ok<Hits>(await app.call('search_documents', { query })).items.length;
    writeFileSync(join(vault, 'remote.txt'), 'seen by polling');
    await expect.poll(() => hits('polling'), { timeout: 5_000, interval: 50 }).toBe(1);
    // Written in two parts, the second after the first was settled long enough to be read: the
    // pass that reads it sees it whole, or a later one does. Never a version per part.
    writeFileSync(join(vault, 'remote.txt'), 'edited remotely, ');
    await new Promise((resolve) => setTimeout(resolve, 200));
    appendFileSync(join(vault, 'remote.txt'), 'in two parts');
    await expect.poll(() => hits('parts'), { timeout: 5_000, interval: 50 }).toBe(1);
    const versions = ok<{ items: unknown[] }>(await app.call('list_document_versions', { document_id: 'remote.txt' }));
    expect(versions.items).toHaveLength(2);
    rmSync(join(vault, 'remote.txt'));
    await expect.poll(() => hits('parts'), { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it('keeps every record when the vault folder is missing (a drive not mounted)', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    writeFileSync(join(vault, 'kept.txt'), 'keep me');
    const first = testApp({ dataDir, vault, watchVault: true });
    await first.ready;
    await first.close();
    renameSync(vault, `${vault}-unmounted`);
    const second = testApp({ dataDir, vault, watchVault: true });
    await second.ready;
    expect(ok<{ items: Document[] }>(await second.call('list_documents', {})).items.map((d) => d.document_id)).toEqual([
      'kept.txt',
    ]);
    await second.close();
    renameSync(`${vault}-unmounted`, vault);
  });

  it('reconciles at start-up what changed while closed: a renamed file keeps its id', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    writeFileSync(join(vault, 'a.txt'), 'alpha content');
    writeFileSync(join(vault, 'b.txt'), 'beta content');
    const first = testApp({ dataDir, vault, watchVault: true });
    await first.ready;
    const ids = Object.fromEntries(
      ok<{ items: Document[] }>(await first.call('list_documents', {})).items.map((d) => [d.document_id, d.id]),
    );
    await first.close();

    renameSync(join(vault, 'a.txt'), join(vault, 'renamed.txt'));
    writeFileSync(join(vault, 'b.txt'), 'beta content, edited');
    writeFileSync(join(vault, 'c.txt'), 'gamma content');
    const second = testApp({ dataDir, vault, watchVault: true });
    await second.ready;
    const docs = ok<{ items: Document[] }>(await second.call('list_documents', {})).items;
    expect(docs.map((d) => d.document_id)).toEqual(['b.txt', 'c.txt', 'renamed.txt']);
    expect(docs.find((d) => d.document_id === 'renamed.txt')?.id).toBe(ids['a.txt']);
    expect(docs.find((d) => d.document_id === 'b.txt')?.id).toBe(ids['b.txt']);
    expect(ok<Hits>(await second.call('search_documents', { query: 'edited' })).items).toHaveLength(1);
  });
});

/** A one-page PDF whose page shows `text` (objects and xref laid out by hand, offsets computed). */
function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('document vault: version numbers', () => {
  const until = (check: () => Promise<boolean>) => expect.poll(check, { timeout: 3_000, interval: 25 }).toBe(true);
  const numbers = async (app: ReturnType<typeof testApp>, documentId: string) =>
    ok<Versions>(await app.call('list_document_versions', { document_id: documentId })).items.map((v) => v.number);

  it('counts 1, 2, 3… per document across edits through Officina and outside, renames, restores and the trash', async () => {
    const { app, vault } = vaultApp({ watch: true });
    await app.ready;
    const versions = async (documentId: string) =>
      ok<Versions>(await app.call('list_document_versions', { document_id: documentId })).items;
    ok(await app.call('upload_document', { content: 'plan one', destination: 'plan.md' }));
    // Another document's versions in between: global ids run ahead of either document's numbers.
    ok(await app.call('upload_document', { content: 'memo one', destination: 'memo.md' }));
    ok(await app.call('upload_document', { content: 'memo two', destination: 'memo.md', overwrite: true }));
    ok(await app.call('upload_document', { content: 'plan two', destination: 'plan.md', overwrite: true }));
    writeFileSync(join(vault, 'plan.md'), 'plan three, edited outside');
    await until(async () => (await versions('plan.md')).length === 3);

    ok(await app.call('move_document', { document_id: 'plan.md', new_path: 'projects/plan.md' }));
    ok(await app.call('upload_document', { content: 'plan four', destination: 'projects/plan.md', overwrite: true }));
    renameSync(join(vault, 'projects', 'plan.md'), join(vault, 'plan-final.md'));
    await until(async () => {
      const listed = await app.call('list_document_versions', { document_id: 'plan-final.md' });
      return listed.ok;
    });
    writeFileSync(join(vault, 'plan-final.md'), 'plan five, edited outside after the rename');
    await until(async () => (await versions('plan-final.md')).length === 5);

    const first = (await versions('plan-final.md')).at(-1)!;
    ok(await app.call('restore_document_version', { document_id: 'plan-final.md', version_id: first.version_id }));
    ok(await app.call('delete_document', { document_id: 'plan-final.md' }));
    ok(await app.call('restore_deleted_document', { document_id: 'plan-final.md' }));

    const plan = await versions('plan-final.md');
    expect(plan.map((v) => [v.number, v.reason])).toEqual([
      [6, `restore of version ${first.version_id}`],
      [5, 'edit'],
      [4, 'overwrite'],
      [3, 'edit'],
      [2, 'overwrite'],
      [1, 'upload'],
    ]);
    expect(plan.map((v) => v.version_id)).not.toEqual(plan.map((v) => v.number));
    expect(await numbers(app, 'memo.md')).toEqual([2, 1]);

    const got = ok<{ number: number; content: string }>(
      await app.call('get_document_version', { document_id: 'plan-final.md', version_id: plan[3]!.version_id }),
    );
    expect(got).toMatchObject({ number: 3, content: 'plan three, edited outside' });
    const diff = ok<{
      from_version: number;
      to_version: number;
      from_number: number;
      to_number: number;
      unified: string;
    }>(await app.call('diff_document_versions', { document_id: 'plan-final.md', from_version: plan[4]!.version_id }));
    expect(diff).toMatchObject({
      from_version: plan[4]!.version_id,
      to_version: plan[0]!.version_id,
      from_number: 2,
      to_number: 6,
    });
    expect(diff.unified).toContain('plan.md (version 2)');
    expect(diff.unified).toContain('plan-final.md (version 6)');
    const same = await app.call('restore_document_version', {
      document_id: 'plan-final.md',
      version_id: plan[0]!.version_id,
    });
    expect(same).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Version 6 ') },
    });
  });

  it('gives two processes writing one document the next number each, never the same one twice', async () => {
    const dataDir = tempDir();
    const vault = tempDir();
    const apps = [testApp({ dataDir, vault }), testApp({ dataDir, vault })];
    ok(await apps[0]!.call('upload_document', { content: 'v0', destination: 'shared.md' }));
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((k) =>
        apps[k % 2]!.call('upload_document', { content: `v${k}`, destination: 'shared.md', overwrite: true }),
      ),
    );
    expect(await numbers(apps[1]!, 'shared.md')).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('are given to the versions already there when the migration runs, in the order they were kept', async () => {
    const { app } = vaultApp();
    for (const [destination, content] of [
      ['a.md', 'a1'],
      ['b.md', 'b1'],
      ['a.md', 'a2'],
      ['a.md', 'a3'],
      ['b.md', 'b2'],
      ['a.md', 'a4'],
    ])
      ok(await app.call('upload_document', { content, destination, overwrite: true }));
    const db = app.store.sqlite;
    const [a, b] = ['a.md', 'b.md'].map(
      (path) => db.prepare('SELECT id FROM documents WHERE path = ?').pluck().get(path) as number,
    );
    // Back to the schema before migration 006, a's second version pruned by retention, then the migration again.
    db.exec('DROP INDEX document_versions_number; ALTER TABLE document_versions DROP COLUMN number');
    db.prepare(
      'DELETE FROM document_versions WHERE id = (SELECT id FROM document_versions WHERE document_id = ? ORDER BY id LIMIT 1 OFFSET 1)',
    ).run(a);
    m006VaultVersionNumbers.up(db);
    const numbered = (id: number) =>
      db.prepare('SELECT number FROM document_versions WHERE document_id = ? ORDER BY id').pluck().all(id);
    expect(numbered(a!)).toEqual([1, 2, 3]);
    expect(numbered(b!)).toEqual([1, 2]);

    ok(await app.call('upload_document', { content: 'a5', destination: 'a.md', overwrite: true }));
    expect(await numbers(app, 'a.md')).toEqual([4, 3, 2, 1]);
    const duplicate = db.prepare(
      'INSERT INTO document_versions (document_id, number, blob, size, path, reason, actor, created_at) SELECT document_id, number, blob, size, path, reason, actor, created_at FROM document_versions WHERE document_id = ? LIMIT 1',
    );
    expect(() => duplicate.run(b)).toThrow(/UNIQUE/);
  });
});

describe('document vault: text extraction', () => {
  it('indexes the text of a PDF, reports a broken file without failing, and reads HTML without its markup', async () => {
    const { app } = vaultApp();
    ok(
      await app.call('upload_document', {
        content: tinyPdf('Quarterly invoice total').toString('base64'),
        encoding: 'base64',
        destination: 'invoices/q1.pdf',
      }),
    );
    expect(
      ok<Hits>(await app.call('search_documents', { query: 'quarterly invoice' })).items.map((h) => h.document_id),
    ).toEqual(['invoices/q1.pdf']);

    const broken = ok<Document>(
      await app.call('upload_document', {
        content: Buffer.from('%PDF-1.4 garbage').toString('base64'),
        encoding: 'base64',
        destination: 'broken.pdf',
      }),
    );
    expect(broken.extract_error).toMatch(/Could not read the pdf/);
    expect(ok<Hits>(await app.call('search_documents', { query: 'broken' })).items.map((h) => h.document_id)).toEqual([
      'broken.pdf',
    ]);

    ok(
      await app.call('upload_document', {
        content:
          '<html><head><title>Menu</title><script>var secret = 1</script></head><body><p>Soup of the day</p></body></html>',
        destination: 'site/menu.html',
      }),
    );
    expect(ok<Hits>(await app.call('search_documents', { query: 'soup' })).items).toHaveLength(1);
    expect(ok<Hits>(await app.call('search_documents', { query: 'secret' })).items).toHaveLength(0);
    const read = ok<{ text: string }>(await app.call('read_document', { document_id: 'invoices/q1.pdf' }));
    expect(read.text).toContain('Quarterly invoice total');
  });
});

describe('document vault: version retention', () => {
  it('prunes old versions but never the current content, frees their blobs, and is person-only', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dataDir = tempDir();
    const app = testApp({ dataDir, vault: tempDir(), clock: { now: () => new Date(now) } });
    for (let i = 1; i <= 3; i++) {
      ok(
        await app.call('upload_document', {
          content: `draft ${i} `.repeat(200),
          destination: 'essay.md',
          overwrite: i > 1,
        }),
      );
      now += 10 * 86_400_000;
    }
    ok(await app.call('upload_document', { content: 'doomed', destination: 'doomed.txt' }));
    ok(await app.call('delete_document', { document_id: 'doomed.txt' }));
    const before = ok<{ usage: { versions: number; stored_bytes: number; original_bytes: number } }>(
      await app.call('get_version_retention', {}),
    );
    expect(before.usage.versions).toBe(4);
    expect(before.usage.stored_bytes).toBeLessThan(before.usage.original_bytes / 5);

    now += 30 * 86_400_000;
    expect(
      await app.call('update_version_retention', { max_age_days: 5 }, { kind: 'mcp', name: 'claude' }, 'mcp'),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    ok(await app.call('update_version_retention', { max_age_days: 5 }));
    await app.services.versionRetention.prune();
    const versions = ok<{ items: { reason: string; current: boolean }[] }>(
      await app.call('list_document_versions', { document_id: 'essay.md' }),
    );
    expect(versions.items).toEqual([expect.objectContaining({ reason: 'overwrite', current: true })]);
    const after = ok<{ usage: { versions: number } }>(await app.call('get_version_retention', {}));
    expect(after.usage.versions).toBe(2);
    const blobs = app.store.sqlite.prepare('SELECT hash FROM blobs').all() as { hash: string }[];
    expect(blobs).toHaveLength(2);
    // Small blobs live in the database: their content went with their rows.
    expect(app.store.sqlite.prepare('SELECT hash FROM blob_data ORDER BY hash').all()).toEqual(
      [...blobs].sort((a, b) => a.hash.localeCompare(b.hash)),
    );
    // The deleted document's last version was kept: it can still come back.
    expect(ok<Document>(await app.call('restore_deleted_document', { document_id: 'doomed.txt' })).document_id).toBe(
      'doomed.txt',
    );
  });

  it('keeps small blobs in the database and large ones as files, counts both, and prunes both', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dataDir = tempDir();
    const app = testApp({ dataDir, vault: tempDir(), clock: { now: () => new Date(now) } });
    // Random bytes do not compress: well past the 128 KB kept in the database.
    const large = [randomBytes(300_000), randomBytes(300_000)];
    for (const [i, content] of large.entries()) {
      ok(
        await app.call('upload_document', {
          content: content.toString('base64'),
          encoding: 'base64',
          destination: 'scan.bin',
          overwrite: i > 0,
        }),
      );
      ok(
        await app.call('upload_document', {
          content: `note ${i} `.repeat(500),
          destination: 'note.md',
          overwrite: i > 0,
        }),
      );
      now += 10 * 86_400_000;
    }
    const file = (hash: string) => join(dataDir, 'versions', hash.slice(0, 2), `${hash}.br`);
    const stored = () =>
      app.store.sqlite
        .prepare('SELECT b.hash, b.stored_bytes, d.content FROM blobs b LEFT JOIN blob_data d USING (hash)')
        .all() as { hash: string; stored_bytes: number; content: Buffer | null }[];
    const [oldLarge, newLarge] = large.map(sha256);
    expect(stored()).toHaveLength(4);
    for (const blob of stored()) {
      const isLarge = blob.hash === oldLarge || blob.hash === newLarge;
      expect(existsSync(file(blob.hash))).toBe(isLarge);
      expect(blob.content === null).toBe(isLarge);
      // What the history size counts is what each blob takes, in the database or on disk.
      expect(blob.stored_bytes).toBe(isLarge ? statSync(file(blob.hash)).size : blob.content!.length);
    }
    const usage = async () =>
      ok<{ usage: { stored_bytes: number } }>(await app.call('get_version_retention', {})).usage.stored_bytes;
    expect(await usage()).toBe(stored().reduce((sum, b) => sum + b.stored_bytes, 0));
    const versions = ok<{ items: { version_id: number }[] }>(
      await app.call('list_document_versions', { document_id: 'scan.bin' }),
    ).items;
    const first = ok<{ content: string }>(
      await app.call('get_document_version', { document_id: 'scan.bin', version_id: versions[1]!.version_id }),
    );
    expect(Buffer.from(first.content, 'base64').equals(large[0]!)).toBe(true);

    ok(await app.call('update_version_retention', { max_age_days: 5 }));
    await app.services.versionRetention.prune();
    expect(
      stored()
        .map((b) => b.hash)
        .sort(),
    ).toEqual([newLarge, sha256(Buffer.from('note 1 '.repeat(500)))].sort());
    expect(existsSync(file(oldLarge!))).toBe(false);
    expect(existsSync(file(newLarge!))).toBe(true);
    expect(await usage()).toBe(stored().reduce((sum, b) => sum + b.stored_bytes, 0));
  });

  it('still reads, diffs, restores and prunes versions stored as files before blobs moved into the database', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dataDir = tempDir();
    const vault = tempDir();
    const app = testApp({ dataDir, vault, clock: { now: () => new Date(now) } });
    const before = '# Plan\nShip in May.\n';
    ok(await app.call('upload_document', { content: before, destination: 'plan.md' }));
    now += 10 * 86_400_000;
    ok(
      await app.call('upload_document', {
        content: '# Plan\nShip in June.\n',
        destination: 'plan.md',
        overwrite: true,
      }),
    );
    // The first version's blob as the code before migration 004 kept it: a brotli file, no row in blob_data.
    const hash = sha256(Buffer.from(before));
    const file = join(dataDir, 'versions', hash.slice(0, 2), `${hash}.br`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, brotliCompressSync(Buffer.from(before)));
    expect(app.store.sqlite.prepare('DELETE FROM blob_data WHERE hash = ?').run(hash).changes).toBe(1);

    const versions = ok<{ items: { version_id: number }[] }>(
      await app.call('list_document_versions', { document_id: 'plan.md' }),
    ).items;
    const old = versions[1]!.version_id;
    expect(
      ok<{ content: string }>(await app.call('get_document_version', { document_id: 'plan.md', version_id: old }))
        .content,
    ).toBe(before);
    expect(
      ok<{ unified: string }>(await app.call('diff_document_versions', { document_id: 'plan.md', from_version: old }))
        .unified,
    ).toContain('-Ship in May.');
    ok(await app.call('restore_document_version', { document_id: 'plan.md', version_id: old }));
    expect(readFileSync(join(vault, 'plan.md'), 'utf8')).toBe(before);

    // Restoring made that content current again (its blob row is reused, its file kept); once only
    // old versions refer to it, a prune removes the file with the row.
    ok(await app.call('upload_document', { content: 'rewritten', destination: 'plan.md', overwrite: true }));
    now += 30 * 86_400_000;
    ok(await app.call('update_version_retention', { max_age_days: 5 }));
    await app.services.versionRetention.prune();
    expect(app.store.sqlite.prepare('SELECT count(*) FROM blobs WHERE hash = ?').pluck().get(hash)).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('stores content again that the other process pruned, whether in the database or a file', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const dataDir = tempDir();
    const vault = tempDir();
    const clock = { now: () => new Date(now) };
    const first = testApp({ dataDir, vault, clock });
    const second = testApp({ dataDir, vault, clock });
    const large = randomBytes(300_000);
    const small = Buffer.from('small and old '.repeat(50));
    for (const [name, content] of [
      ['large.bin', large],
      ['small.md', small],
    ] as const) {
      ok(
        await first.call('upload_document', {
          content: content.toString('base64'),
          encoding: 'base64',
          destination: name,
        }),
      );
      now += 10 * 86_400_000;
      ok(await first.call('upload_document', { content: 'replaced', destination: name, overwrite: true }));
    }
    now += 30 * 86_400_000;
    ok(await first.call('update_version_retention', { max_age_days: 5 }));
    await first.services.versionRetention.prune();
    expect(
      first.store.sqlite
        .prepare('SELECT count(*) FROM blobs WHERE hash IN (?, ?)')
        .pluck()
        .get(sha256(large), sha256(small)),
    ).toBe(0);

    // The other process records the same content again: the missing rows, not files or caches, decide.
    for (const [name, content] of [
      ['again/large.bin', large],
      ['again/small.md', small],
    ] as const) {
      ok(
        await second.call('upload_document', {
          content: content.toString('base64'),
          encoding: 'base64',
          destination: name,
        }),
      );
      const [version] = ok<{ items: { version_id: number }[] }>(
        await first.call('list_document_versions', { document_id: name }),
      ).items;
      const read = ok<{ content: string; encoding: string }>(
        await first.call('get_document_version', { document_id: name, version_id: version!.version_id }),
      );
      expect(Buffer.from(read.content, read.encoding as BufferEncoding).equals(content)).toBe(true);
    }
  });
});
