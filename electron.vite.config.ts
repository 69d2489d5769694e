import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';

const PDFJS = resolve('node_modules/pdfjs-dist');

/**
 * pdf.js's own files that it loads by name, only when a PDF needs them, copied into the renderer as
 * assets/pdfjs-<version>/ (renderer/src/views/documents/pdfjs.ts points pdf.js there; the version in
 * the path lets `serve` cache them like the hashed assets): the image decoders for JBIG2 and CCITT
 * fax (jbig2) and JPEG 2000 (openjpeg) as JavaScript, not WebAssembly, which the CSP does not allow;
 * the CMaps of CJK fonts a PDF names but does not embed; the standard fonts (Symbol, ZapfDingbats, and
 * stand-ins for the base 14) for fonts it does not embed. None of them is in a chunk of the app.
 */
function pdfjsFiles(): Plugin {
  const version = (JSON.parse(readFileSync(join(PDFJS, 'package.json'), 'utf8')) as { version: string }).version;
  const folder = `assets/pdfjs-${version}/`;
  const wanted: Record<string, RegExp> = {
    wasm: /^(jbig2|openjpeg)_nowasm_fallback\.js$|^LICENSE_(JBIG2|OPENJPEG|PDFJS_JBIG2|PDFJS_OPENJPEG)$/,
    cmaps: /\.bcmap$|^LICENSE$/,
    standard_fonts: /\.(pfb|ttf)$|^LICENSE_/,
  };
  const files = Object.entries(wanted).flatMap(([dir, pattern]) =>
    readdirSync(join(PDFJS, dir))
      .filter((name) => pattern.test(name))
      .map((name) => `${dir}/${name}`),
  );
  return {
    name: 'officina:pdfjs-files',
    generateBundle() {
      for (const file of files) {
        this.emitFile({ type: 'asset', fileName: folder + file, source: readFileSync(join(PDFJS, file)) });
      }
    },
    // `electron-vite dev`: the same paths, from node_modules.
    configureServer(server) {
      server.middlewares.use(`/${folder}`, (req, res, next) => {
        const file = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\//, '');
        if (!files.includes(file)) return next();
        res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        res.end(readFileSync(join(PDFJS, file)));
      });
    },
  };
}

// Main and preload are CommonJS: a sandboxed preload must be, and main stays consistent with it.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          'core-process': resolve('electron/main/core-process.ts'),
          // The store's checkpoint thread (electron/core/store/checkpointer.ts), a file of its own.
          'checkpoint-worker': resolve('electron/core/store/checkpoint-worker.ts'),
          // The scraper's page-reading threads (electron/core/scraper/extract-pool.ts).
          'extract-worker': resolve('electron/core/scraper/extract-worker.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), pdfjsFiles()],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves the renderer unminified; the browser face (`serve`) downloads it.
      minify: true,
      emptyOutDir: true,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
