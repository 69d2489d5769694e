// pdf.js, loaded only when a PDF is previewed (PdfPreview imports this module dynamically, so the rest
// of the app does not download it). The legacy build carries polyfills for the newest JavaScript
// built-ins the modern build calls unguarded (Map#getOrInsertComputed, Math.sumPrecise): the desktop
// app's Chromium is pinned by its Electron version and `officina serve` may be opened in any browser.
import {
  GlobalWorkerOptions,
  PDFWorker,
  PasswordException,
  TextLayer,
  getDocument,
  version,
  type PDFDocumentProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

export { TextLayer };
export type { PDFDocumentProxy };

// The worker is a file of the app (worker-src 'self'); nothing is fetched from elsewhere.
GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * pdf.js's files that it loads by name when a PDF needs them, copied beside the app's assets by
 * electron.vite.config.ts (pdfjsFiles): absolute, since the worker imports the decoders relative to
 * nothing but itself. The page is index.html at the root of the build, over http or file://.
 */
const files = new URL(`assets/pdfjs-${version}/`, document.baseURI).href;

let shared: Promise<PDFWorker> | undefined;

/**
 * One worker for every preview. It is started here rather than by pdf.js: for a page with an opaque
 * origin (the desktop app's file:// window) pdf.js would wrap the worker in a blob: URL, which the CSP
 * refuses. If the worker does not start, pdf.js parses on the main thread from the same file.
 */
function pdfWorker(): Promise<PDFWorker> {
  shared ??= startWorker().catch(async () => {
    const { WorkerMessageHandler } = (await import(/* @vite-ignore */ workerUrl)) as { WorkerMessageHandler: unknown };
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = { WorkerMessageHandler };
    return PDFWorker.create({ name: 'officina-pdf-main-thread' });
  });
  return shared;
}

async function startWorker(): Promise<PDFWorker> {
  const worker = new Worker(workerUrl, { type: 'module', name: 'officina-pdf' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('The PDF worker did not start')), 10_000);
    const done = (error?: Error) => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (error) {
        worker.terminate();
        reject(error);
      } else resolve();
    };
    // The worker says "ready" as soon as its module has run.
    const onMessage = () => done();
    const onError = () => done(new Error('The PDF worker failed to load'));
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
  return PDFWorker.create({ port: worker, name: 'officina-pdf' });
}

/** Opens a PDF from its bytes; rejects with a message a person can act on. */
export async function openPdf(bytes: Uint8Array, signal: AbortSignal): Promise<PDFDocumentProxy> {
  const worker = await pdfWorker();
  const task = getDocument({
    data: bytes,
    worker,
    // No WebAssembly (the CSP has no 'wasm-unsafe-eval'): PostScript functions use pdf.js's
    // JavaScript code path, and the JBIG2, CCITT fax and JPEG 2000 decoders of scanned pages are the
    // JavaScript builds of the WebAssembly ones, which pdf.js imports as modules from `wasmUrl`
    // (script-src 'self'). The eval-based PostScript compiler that `isEvalSupported` used to switch
    // off no longer exists in pdf.js 6. ICC profiles need WebAssembly (qcms) and are not read.
    useWasm: false,
    wasmUrl: `${files}wasm/`,
    // Fonts a PDF does not embed: the system's (useSystemFonts), else pdf.js's standard fonts; CJK
    // text in such fonts is read through pdf.js's CMaps. All files of the app, fetched when needed.
    useSystemFonts: true,
    standardFontDataUrl: `${files}standard_fonts/`,
    cMapUrl: `${files}cmaps/`,
    enableXfa: false,
    disableWorkerRendering: true,
    stopAtErrors: false,
  });
  const abort = () => void task.destroy();
  signal.addEventListener('abort', abort, { once: true });
  try {
    return await task.promise;
  } catch (error) {
    throw new Error(describe(error), { cause: error });
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function describe(error: unknown): string {
  if (error instanceof PasswordException) {
    return 'This PDF is protected by a password, which the preview cannot ask for. Download it to open it in a PDF reader.';
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'InvalidPDFException') {
    return 'This file is not a valid PDF (it may be damaged or incomplete). Download it to open it in another program.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The PDF could not be opened: ${message}. Download it to open it in a PDF reader.`;
}
