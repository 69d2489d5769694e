import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, launchBrowser, startServe, type Served } from './harness.js';

let served: Served;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function api<T = unknown>(name: string, input: unknown): Promise<T> {
  const response = await served.call(name, input);
  const envelope = (await response.json()) as { ok: boolean; data: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}

/** Toasts pile up in a fast test and cover what a screenshot is for. */
async function shot(name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({
    path: join(OUTPUT_DIR, `${name}.png`),
    style: '.mantine-Notifications-root { visibility: hidden; }',
  });
}

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
const sectionTab = (name: RegExp) =>
  page.getByRole('tablist', { name: 'Documents sections' }).getByRole('tab', { name });
const detail = () => page.getByRole('region', { name: /Bezüge|bezuege/ });
const detailTab = (name: string) =>
  page.getByRole('tablist', { name: 'Document', exact: true }).getByRole('tab', { name, exact: true });
const preview = () => page.getByTestId('document-preview');
/** The history's Version column, newest first, the current one marked ("2 current"). */
const versionColumn = () =>
  page
    .getByRole('table', { name: 'Versions' })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => {
        const cells = Array.from(r.querySelectorAll('td'), (c) => c.textContent?.trim() ?? '');
        return cells.at(-1) === 'current' ? `${cells[0]} current` : (cells[0] ?? '');
      }),
    );

const BEZUEGE = '---\ntitle: Bezüge\n---\n# Bezüge 2026\n\nDie Bezüge steigen.\n\n- Grundgehalt\n- Zulage\n';
const PREISE = 'Preisliste 2026\nBecher: 12,50\n';

describe('Documents in a browser', () => {
  it('starts with an empty vault that says where files go', async () => {
    await page.goto(served.loginUrl);
    await expect.poll(() => page.url()).toBe(`${served.url}/`);
    await nav('Documents').click();
    await page.getByText(`The vault is empty — drop files here or save them into ${served.vault}`).waitFor();
    await shot('documents-01-empty');
  });

  it('uploads two files through the file input and lists them', async () => {
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'bezuege.md', mimeType: 'text/markdown', buffer: Buffer.from(BEZUEGE) },
      { name: 'preise.txt', mimeType: 'text/plain', buffer: Buffer.from(PREISE) },
    ]);
    const table = page.getByRole('table', { name: 'Documents' });
    await table.getByRole('cell', { name: 'bezuege.md', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'preise.txt', exact: true }).waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
  });

  it('asks before replacing a document that is already there', async () => {
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'preise.txt', mimeType: 'text/plain', buffer: Buffer.from(PREISE + 'Teller: 8,00\n') }]);
    const ask = page.getByRole('dialog', { name: 'Replace the existing document?' });
    await ask.getByText('preise.txt is already in the vault').waitFor();
    await ask.getByRole('button', { name: 'Replace' }).click();
    await ask.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'preise.txt' }).getByText('Teller: 8,00').waitFor();
    await page.getByRole('button', { name: 'Close document' }).click();
  });

  it('moves a document into a folder, which appears in the tree', async () => {
    await page.getByRole('table', { name: 'Documents' }).getByRole('cell', { name: 'bezuege.md', exact: true }).click();
    await detail().getByRole('button', { name: 'Move or rename' }).click();
    const move = page.getByRole('dialog', { name: 'Move or rename bezuege.md' });
    await move.getByLabel('New path in the vault').fill('hr/bezuege.md');
    await move.getByRole('button', { name: 'Move' }).click();
    await move.waitFor({ state: 'hidden' });
    const tree = page.getByRole('tree', { name: 'Folders' });
    await tree.getByRole('treeitem', { name: 'hr' }).waitFor();
    await expect.poll(() => page.url()).toContain('/documents/file/hr/bezuege.md');
    await page
      .getByRole('table', { name: 'Documents in hr' })
      .getByRole('cell', { name: 'bezuege.md', exact: true })
      .waitFor();
    // The tree is one keyboard stop: Home goes to the vault, Enter shows its documents.
    await tree.getByRole('treeitem', { name: 'hr' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page
      .getByRole('table', { name: 'Documents' })
      .getByRole('cell', { name: 'preise.txt', exact: true })
      .waitFor();
    await shot('documents-02-list-tree');
  });

  it('finds a document with a folded query and highlights the hit', async () => {
    await page.getByLabel('Search documents').fill('bezuge');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.locator('mark', { hasText: 'Bezüge' }).first().waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await shot('documents-03-search');
    await results.getByRole('button', { name: /Bezüge/ }).click();
    await preview().getByRole('heading', { name: 'Bezüge 2026' }).waitFor();
    await preview().getByRole('listitem').filter({ hasText: 'Zulage' }).waitFor();
    // The front matter is metadata, not text.
    expect(await preview().getByText('title: Bezüge').count()).toBe(0);
    await page.getByLabel('Search documents').fill('');
    await page.getByRole('table', { name: 'Documents in hr' }).waitFor();
    await shot('documents-04-preview-markdown');
  });

  it('edits tags, showing the server’s message at a refused tag, and keeps a list field a list', async () => {
    // A list, as an assistant may set one with the seed's free-form metadata.
    await api('update_document_metadata', { document_id: 'hr/bezuege.md', metadata: { keywords: ['hr', 2026] } });
    await detailTab('Details').click();
    const form = page.getByRole('form', { name: 'Document details' });
    await expect.poll(() => form.getByLabel('Value of field 1').inputValue()).toBe('hr, 2026');
    const tags = form.getByLabel('Tags');
    await tags.fill('gehalt');
    await tags.press('Enter');
    await tags.fill('x'.repeat(60));
    await tags.press('Enter');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.getByText('Each tag can be at most 50 characters long.').waitFor();
    expect(await tags.getAttribute('aria-invalid')).toBe('true');
    await shot('documents-05-tag-error');

    await tags.press('Backspace');
    await form.getByLabel('Title').fill('Bezüge 2026 (HR)');
    await form.getByRole('button', { name: 'Save details' }).click();
    const row = page.getByRole('table', { name: 'Documents in hr' }).getByRole('row').filter({ hasText: 'bezuege.md' });
    await row.getByText('gehalt').waitFor();
    await detail().getByRole('heading', { name: 'Bezüge 2026 (HR)' }).waitFor();
    // Saved without touching the list: it is still the list it was, numbers and all.
    const saved = await api<{ document: { custom: Record<string, unknown> } }>('read_document', {
      document_id: 'hr/bezuege.md',
    });
    expect(saved.document.custom).toEqual({ keywords: ['hr', 2026] });
  });

  it('shows an edit made outside Officina without a reload: preview and versions', async () => {
    await detailTab('Preview').click();
    await preview().getByRole('heading', { name: 'Bezüge 2026' }).waitFor();
    writeFileSync(
      join(served.vault, 'hr', 'bezuege.md'),
      '# Bezüge 2027\n\nDie Bezüge sinken.\n\n- Grundgehalt\n- Zulage\n',
    );
    await preview().getByRole('heading', { name: 'Bezüge 2027' }).waitFor({ timeout: 20_000 });
    await detailTab('History').click();
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByText('Edited outside Officina').waitFor();
    expect(await versions.getByRole('row').count()).toBe(3);
    // Numbered per document (1, 2), though preise.txt's versions came between them.
    expect(await versionColumn()).toEqual(['2 current', '1']);
    const kept = await api<{ items: { version_id: number }[] }>('list_document_versions', {
      document_id: 'hr/bezuege.md',
    });
    expect(kept.items.map((v) => v.version_id)).not.toEqual([2, 1]);
  });

  it('compares two versions side by side and restores the older one', async () => {
    const diff = page.getByRole('table', { name: 'Differences between version 1 and version 2' });
    await diff.locator('del', { hasText: 'Die Bezüge steigen.' }).waitFor();
    await diff.locator('ins', { hasText: 'Die Bezüge sinken.' }).waitFor();
    // Removed on the left, added on the right, in one row.
    const changed = diff.locator('tr[data-kind="changed"]').filter({ hasText: 'steigen' });
    expect(await changed.locator('td.diff-left').textContent()).toBe('Die Bezüge steigen.');
    expect(await changed.locator('td.diff-right').textContent()).toBe('Die Bezüge sinken.');
    await page.getByText(/\d+ lines? added, \d+ lines? removed/).waitFor();
    expect(await page.getByRole('combobox', { name: 'Compare' }).inputValue()).toMatch(/^Version 1 · /);
    expect(await page.getByRole('combobox', { name: 'with', exact: true }).inputValue()).toMatch(
      /^Version 2 \(current\) · /,
    );
    await shot('documents-06-diff');

    const versions = page.getByRole('table', { name: 'Versions' });
    const older = versions.getByRole('row').nth(2);
    await older.getByRole('button', { name: 'Restore version 1' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore version 1?' });
    await confirm.getByRole('button', { name: 'Restore version 1' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => versions.getByRole('row').count()).toBe(4);
    await versions.getByText('Restored version 1', { exact: true }).waitFor();
    expect(await versionColumn()).toEqual(['3 current', '2', '1']);
    await shot('documents-06-versions-restored');
    await detailTab('Preview').click();
    await preview().getByRole('heading', { name: 'Bezüge 2026' }).waitFor();
  });

  it('takes the document through the review queue to published', async () => {
    await detailTab('Review').click();
    await page
      .getByRole('group', { name: 'Review actions' })
      .getByRole('button', { name: 'Submit for review' })
      .click();
    await sectionTab(/Review queue \(1\)/).click();
    const queue = page.getByRole('table', { name: 'Review queue' });
    await queue.getByRole('cell', { name: 'bezuege.md', exact: true }).click();
    const actions = page.getByRole('group', { name: 'Review actions' });
    await actions.getByRole('button', { name: 'Approve' }).waitFor();
    // Sending it back needs a word on what to change.
    await actions.getByRole('button', { name: 'Request changes' }).click();
    await page.getByText('Say what to change').waitFor();
    await shot('documents-07-review-queue');
    await page.getByLabel('Comment').fill('Zahlen geprüft');
    await actions.getByRole('button', { name: 'Approve' }).click();
    await actions.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Nothing waits for review').waitFor();
    const history = page.getByRole('list', { name: 'Review history' });
    await history.getByText('Approved → Published').waitFor();
    await history.getByText('“Zahlen geprüft”').waitFor();
    // The person's own steps are theirs, not the app's name for its browser face.
    await history
      .getByText(/^by you · /)
      .first()
      .waitFor();
    expect(await history.getByText(/browser/).count()).toBe(0);
    const read = await api<{ document: { status: string } }>('read_document', { document_id: 'hr/bezuege.md' });
    expect(read.document.status).toBe('published');
    await shot('documents-08-published');
  });

  it('deletes to the trash and restores from it', async () => {
    await sectionTab(/Browse/).click();
    await page.getByRole('table', { name: 'Documents' }).getByRole('cell', { name: 'preise.txt', exact: true }).click();
    await page.getByRole('region', { name: 'preise.txt' }).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete preise.txt?' });
    await confirm.getByRole('button', { name: 'Move to trash' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Documents' }).waitFor({ state: 'detached' });
    await sectionTab(/Trash/).click();
    const trash = page.getByRole('table', { name: 'Deleted documents' });
    await trash.getByText('preise.txt').first().waitFor();
    await shot('documents-09-trash');
    await trash.getByRole('button', { name: 'Restore preise.txt' }).click();
    await page.getByRole('region', { name: 'preise.txt' }).getByText('Teller: 8,00').waitFor();
    await page
      .getByRole('table', { name: 'Documents' })
      .getByRole('cell', { name: 'preise.txt', exact: true })
      .waitFor();
  });

  it('uploads a file dropped onto the view into the folder on screen', async () => {
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'hr' }).click();
    await page.getByRole('table', { name: 'Documents in hr' }).waitFor();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Abgegeben per Drag and Drop\n'], 'abgabe.txt', { type: 'text/plain' }));
      const view = document.querySelector('.documents-view');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        view?.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    });
    await page.getByRole('region', { name: 'abgabe.txt' }).getByText('Abgegeben per Drag and Drop').waitFor();
    await page
      .getByRole('table', { name: 'Documents in hr' })
      .getByRole('cell', { name: 'abgabe.txt', exact: true })
      .waitFor();
    await page.getByRole('tree', { name: 'Folders' }).getByText('Vault', { exact: true }).click();
    await page.getByRole('table', { name: 'Documents', exact: true }).waitFor();
  });

  it('draws a PDF with pdf.js, says when one is broken, and shows an image, within the app’s Content-Security-Policy', async () => {
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: invoicePdf('Rechnung 42') }]);
    const pdf = page.getByRole('region', { name: 'PDF scan.pdf' });
    // The text layer pdf.js laid over the page holds the PDF's own text.
    await pdf.getByText('Rechnung 42').waitFor();
    const canvas = pdf.locator('[data-testid="pdf-page"][data-rendered="true"] canvas');
    await canvas.waitFor();
    const drawn = await canvas.evaluate((element: HTMLCanvasElement) => {
      const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
      let ink = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 255, data[i + 1] ?? 255, data[i + 2] ?? 255];
        if (r < 128 && g < 128 && b < 128) ink++;
        if (r > 200 && g < 60 && b < 60) red++;
      }
      const box = element.getBoundingClientRect();
      return { ink, red, width: element.width, cssWidth: box.width, dpr: window.devicePixelRatio };
    });
    // Black glyphs (of the embedded font) and the red bar (an image) on the white page, in a bitmap
    // as sharp as the screen at the preview's width.
    expect(drawn.ink).toBeGreaterThan(200);
    expect(drawn.red).toBeGreaterThan(1000);
    expect(drawn.width).toBe(Math.floor(drawn.cssWidth * drawn.dpr));
    expect(drawn.cssWidth).toBeGreaterThan(400);
    await page.getByText('Page 1 of 1').waitFor();
    // Parsed in pdf.js's worker, loaded from the app itself; no browser PDF plugin, no frame.
    expect(page.workers().map((worker) => worker.url())).toContainEqual(
      expect.stringMatching(new RegExp(`^${served.url}/assets/pdf\\.worker[^/]*\\.mjs$`)),
    );
    expect(await page.locator('iframe, embed, object').count()).toBe(0);
    await shot('documents-10-pdf');

    // A longer PDF: pages get a canvas as they come near, and give it back when far away.
    const texts = Array.from({ length: 8 }, (_, i) => `Seite ${i + 1}`);
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'long.pdf', mimeType: 'application/pdf', buffer: pdfWithPages(texts, [595, 842]) }]);
    const long = page.getByRole('region', { name: 'PDF long.pdf' });
    const slot = (n: number) => long.locator(`[data-page="${n}"] [data-testid="pdf-page"]`);
    await long.getByText('Seite 1').waitFor();
    await page.getByText('Page 1 of 8').waitFor();
    await expect.poll(() => slot(1).getAttribute('data-rendered')).toBe('true');
    expect(await slot(8).locator('canvas').count()).toBe(0);
    for (let n = 2; n <= 8; n++) {
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText(`Page ${n} of 8`).waitFor();
    }
    await expect.poll(() => slot(8).getAttribute('data-rendered')).toBe('true');
    await long.getByText('Seite 8').waitFor();
    await expect.poll(() => slot(1).locator('canvas').count()).toBe(0);
    await page.mouse.move(0, 0); // the tooltip of the button just clicked would cover the Download button
    await shot('documents-10-pdf-pages');

    await page
      .locator('input[type="file"]')
      .setInputFiles([
        { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nthis file was cut short') },
      ]);
    const failure = page.getByRole('alert').filter({ hasText: 'broken.pdf cannot be shown' });
    await failure.getByText(/not a valid PDF/).waitFor();
    await failure.getByRole('button', { name: 'Download' }).waitFor();
    await shot('documents-10-pdf-broken');

    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') }]);
    const image = page.getByRole('img', { name: 'dot.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(cspViolations).toEqual([]);
  });

  it('draws a scanned PDF — JBIG2, CCITT fax and JPEG 2000 images — with decoders from the app, loaded only for it', async () => {
    // pdf.js decodes these three with modules it imports by name from `wasmUrl`; here the JavaScript
    // ones (no WebAssembly), files of the app.
    const decoders: string[] = [];
    page.on('request', (request) => {
      if (/jbig2|openjpeg|\.wasm$/.test(request.url())) decoders.push(request.url());
    });
    // The invoice PDF before, without such images, did not need them.
    expect(decoders).toEqual([]);
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'beleg-scan.pdf', mimeType: 'application/pdf', buffer: scanPdf() }]);
    const pdf = page.getByRole('region', { name: 'PDF beleg-scan.pdf' });
    // The scanner's OCR text, invisible on the page, is in the text layer.
    await pdf.getByText('Gescannter Beleg').waitFor();
    const canvas = pdf.locator('[data-testid="pdf-page"][data-rendered="true"] canvas');
    await canvas.waitFor();
    const regions = await canvas.evaluate((element: HTMLCanvasElement, boxes: number[][]) => {
      const context = element.getContext('2d')!;
      return boxes.map(([left = 0, top = 0, right = 0, bottom = 0]) => {
        const x = Math.round(left * element.width);
        const y = Math.round(top * element.height);
        const w = Math.round((right - left) * element.width);
        const h = Math.round((bottom - top) * element.height);
        const { data } = context.getImageData(x, y, w, h);
        let black = 0;
        let blue = 0;
        let white = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i] ?? 255, data[i + 1] ?? 255, data[i + 2] ?? 255];
          if (r < 80 && g < 80 && b < 80) black++;
          else if (b > 150 && r < 80 && g < 130) blue++;
          else if (r > 230 && g > 230 && b > 230) white++;
        }
        const all = data.length / 4;
        return { black: black / all, blue: blue / all, white: white / all };
      });
    }, SCAN_IMAGE_BOXES);
    const [jbig2, ccitt, jpx] = regions;
    // The page of a frame and bars of text: about 40 % black, the rest paper — in both bilevel codings.
    for (const bilevel of [jbig2, ccitt]) {
      expect(bilevel?.black).toBeGreaterThan(0.25);
      expect(bilevel?.white).toBeGreaterThan(0.4);
    }
    expect(jpx?.blue).toBeGreaterThan(0.9);
    expect(new Set(decoders)).toEqual(
      new Set(
        ['jbig2_nowasm_fallback.js', 'openjpeg_nowasm_fallback.js'].map(
          (file) => `${served.url}/assets/pdfjs-${PDFJS_VERSION}/wasm/${file}`,
        ),
      ),
    );
    await shot('documents-10-pdf-scan');
    expect(cspViolations).toEqual([]);
  });

  it('draws fonts a PDF names but does not embed — ZapfDingbats, a Japanese CID font — from pdf.js files of the app', async () => {
    const fetched: string[] = [];
    page.on('request', (request) => void fetched.push(request.url()));
    await page
      .locator('input[type="file"]')
      .setInputFiles([{ name: 'formular.pdf', mimeType: 'application/pdf', buffer: formPdf() }]);
    const pdf = page.getByRole('region', { name: 'PDF formular.pdf' });
    // Its character codes are read through the CMap it names (UniJIS-UCS2-H), its text through
    // Adobe-Japan1's; without them pdf.js cannot tell which characters the page shows. (Their glyphs
    // come from a system font with Japanese; this test's machine has none, so the canvas shows boxes.)
    await pdf.getByText('請求書').waitFor();
    await pdf.locator('[data-testid="pdf-page"][data-rendered="true"] canvas').waitFor();
    const folder = `${served.url}/assets/pdfjs-${PDFJS_VERSION}/`;
    expect(fetched).toEqual(
      expect.arrayContaining([
        `${folder}standard_fonts/FoxitDingbats.pfb`,
        `${folder}cmaps/UniJIS-UCS2-H.bcmap`,
        `${folder}cmaps/Adobe-Japan1-UCS2.bcmap`,
      ]),
    );
    // Nothing from elsewhere.
    expect(fetched.filter((url) => !url.startsWith(`${served.url}/`))).toEqual([]);
    await shot('documents-10-pdf-fonts');
    expect(cspViolations).toEqual([]);
  });

  it('shows the document history settings with usage', async () => {
    await nav('Settings').click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Data' }).click();
    const section = page.getByRole('region', { name: 'Document history' });
    await section
      .getByTestId('version-usage')
      .getByText(/\d+ versions of \d+ documents take/)
      .waitFor();
    await section.getByLabel('Keep versions for (days)').fill('0');
    await section.getByRole('button', { name: 'Save document history' }).click();
    await section.getByText('Days to keep versions must be at least 1.').waitFor();
    await section.getByLabel('Keep versions for (days)').fill('730');
    await section.getByRole('button', { name: 'Save document history' }).click();
    await expect
      .poll(async () => (await api<{ max_age_days: number | null }>('get_version_retention', {})).max_age_days)
      .toBe(730);
    await section.scrollIntoViewIfNeeded();
    await shot('documents-11-settings-history');
  });
});

// A 1×1 transparent PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * A PDF as invoicing programs write them: the text in an embedded TrueType font (Liberation Sans,
 * from pdfjs-dist) and a red bar drawn from an image.
 */
function invoicePdf(text: string): Buffer {
  const font = readFileSync(
    join(import.meta.dirname, '../node_modules/pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf'),
  );
  return pdfWithPages([text], [300, 200], font);
}

const FIXTURES = join(import.meta.dirname, 'fixtures');
const PDFJS_VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../node_modules/pdfjs-dist/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const SCAN_PAGE = [330, 120] as const;
/** Where scanPdf() puts its three 100 pt images, as fractions of the page (left, top, right, bottom), 5 pt in. */
const SCAN_IMAGE_BOXES = [10, 115, 220].map((x) => [
  (x + 5) / SCAN_PAGE[0],
  15 / SCAN_PAGE[1],
  (x + 95) / SCAN_PAGE[0],
  105 / SCAN_PAGE[1],
]);

/**
 * A page as scanners write them: the same 96×96 bilevel scan as a JBIG2 image and as a CCITT Group 4
 * fax image, a JPEG 2000 colour image, and the OCR text laid invisibly over it (e2e/fixtures,
 * made once by make-scans.py).
 */
function scanPdf(): Buffer {
  const fixture = (name: string) => readFileSync(join(FIXTURES, name)).toString('latin1');
  const image = (dict: string, data: string) =>
    `<< /Type /XObject /Subtype /Image ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;
  const [width, height] = SCAN_PAGE;
  const content = [
    'q 100 0 0 100 10 10 cm /Jb Do Q',
    'q 100 0 0 100 115 10 cm /Fax Do Q',
    'q 100 0 0 100 220 10 cm /Jpx Do Q',
    'BT 3 Tr /F1 8 Tf 10 112 Td (Gescannter Beleg) Tj ET',
  ].join('\n');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Jb 6 0 R /Fax 7 0 R /Jpx 8 0 R >> >> >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    image(
      '/Width 96 /Height 96 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode',
      fixture('scan.jbig2'),
    ),
    image(
      '/Width 96 /Height 96 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 96 /Rows 96 >>',
      fixture('scan.g4'),
    ),
    image('/Width 64 /Height 64 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode', fixture('scan.j2k')),
  ]);
}

/**
 * A form as office programs write them when told not to embed fonts: a check mark in ZapfDingbats
 * (one of the base 14, never on the system) and a Japanese heading in a CID font by its CMap's name.
 */
function formPdf(): Buffer {
  const content = [
    'BT /F1 36 Tf 20 40 Td (4) Tj ET', // ✔ in ZapfDingbats
    'BT /F2 24 Tf 80 48 Td <8ACB6C4266F8> Tj ET', // 請求書 in UCS-2
  ].join('\n');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
  ]);
}

/** PDF objects 1…n (latin1 strings) with a cross-reference table at the right offsets. */
function pdfOf(objects: string[]): Buffer {
  let body = '%PDF-1.5\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF with a page per line of text, its cross-reference table at the right offsets. */
function pdfWithPages(texts: string[], [width, height]: [number, number], embeddedFont?: Buffer): Buffer {
  const fontId = 3 + 2 * texts.length;
  const imageId = fontId + (embeddedFont ? 3 : 1);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${texts.map((_, i) => `${3 + 2 * i} 0 R`).join(' ')}] /Count ${texts.length} >>`,
  ];
  for (const [i, text] of texts.entries()) {
    const image = embeddedFont ? ` /XObject << /Im1 ${imageId} 0 R >>` : '';
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents ${4 + 2 * i} 0 R /Resources << /Font << /F1 ${fontId} 0 R >>${image} >> >>`,
    );
    const bar = embeddedFont ? ` q 220 0 0 12 40 60 cm /Im1 Do Q` : '';
    const stream = `BT /F1 18 Tf 40 ${height / 2} Td (${text}) Tj ET${bar}`;
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  if (embeddedFont) {
    const bytes = embeddedFont.toString('latin1');
    objects.push(
      `<< /Type /Font /Subtype /TrueType /BaseFont /LiberationSans /Encoding /WinAnsiEncoding /FontDescriptor ${fontId + 1} 0 R >>`,
      `<< /Type /FontDescriptor /FontName /LiberationSans /Flags 32 /FontBBox [-203 -303 1050 910] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 /FontFile2 ${fontId + 2} 0 R >>`,
      `<< /Length ${bytes.length} /Length1 ${bytes.length} >>\nstream\n${bytes}\nendstream`,
      // 2×1 pixels, both red.
      `<< /Type /XObject /Subtype /Image /Width 2 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 6 >>\nstream\n\xff\x00\x00\xff\x00\x00\nendstream`,
    );
  } else {
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  }
  return pdfOf(objects);
}
