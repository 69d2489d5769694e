#!/usr/bin/env node
// `npm run pack:mcpb`: the MCP Bundle (.mcpb) of the stdio server, for one-click install in Claude
// Desktop. Claude Desktop refuses native modules inside a bundle on macOS, so it carries no `.node`
// file: the server runs on node:sqlite (electron/cli/mcpb.ts forces that driver). Layout:
//
//   dist/mcpb/manifest.json                 build/mcpb/manifest.json, with package.json's version
//   dist/mcpb/server/index.js               electron/cli/mcpb.ts and everything it loads (rolldown)
//   dist/mcpb/server/checkpoint-worker.js   the store's checkpoint thread   } found beside the chunks
//   dist/mcpb/server/extract-worker.js      the scraper's page readers      } that start them
//   dist/mcpb/server/*-[hash].js            chunks: what loads later (the store, domains, scraper libraries)
//   dist/mcpb/server/node_modules/piscina   kept as it ships: it starts its own worker file by path
//   dist/mcpb/server/node_modules/<id>      each library core loads on first use, bundled on its own
//
// then `mcpb validate` and `mcpb pack` → dist/officina.mcpb (beside electron-builder's output; not in out/, which the desktop app packs).
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT = join(ROOT, 'dist', 'mcpb');
const SERVER = join(OUT, 'server');
const MCPB_FILE = join(ROOT, 'dist', 'officina.mcpb');

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Every file below `dir`, relative to it. */
function filesBelow(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

function mcpb(...args) {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

rmSync(OUT, { recursive: true, force: true });
rmSync(MCPB_FILE, { force: true });

await build({
  input: {
    index: join(ROOT, 'electron', 'cli', 'mcpb.ts'),
    'checkpoint-worker': join(ROOT, 'electron', 'core', 'store', 'checkpoint-worker.ts'),
    'extract-worker': join(ROOT, 'electron', 'core', 'scraper', 'extract-worker.ts'),
  },
  platform: 'node',
  // The sources import './x.js' for x.ts (NodeNext).
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  external: [
    ...builtinModules,
    /^node:/,
    // Shipped as a folder of its own (below).
    'piscina',
    // Never loaded here (the driver is node:sqlite), and a native module: must not be bundled.
    'better-sqlite3',
  ],
  logLevel: 'warn',
  output: {
    dir: SERVER,
    format: 'esm',
    // One folder: the workers are found by `new URL('./<worker>.js', import.meta.url)` from the chunk that starts them.
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    minify: true,
    sourcemap: false,
    // The entry starts the server: nothing of it is exported.
    comments: { legal: false },
  },
});

// The folder piscina ships, less its types and maps (its optional @napi-rs/nice, a native module,
// is loaded only for a niceIncrement, which the extract pool does not set).
const piscina = join(ROOT, 'node_modules', 'piscina');
const piscinaOut = join(SERVER, 'node_modules', 'piscina');
for (const file of filesBelow(piscina)) {
  if (!/^(package\.json|LICENSE|dist\/.*\.(js|mjs|cjs))$/.test(file.replaceAll('\\', '/'))) continue;
  mkdirSync(join(piscinaOut, file, '..'), { recursive: true });
  cpSync(join(piscina, file), join(piscinaOut, file));
}

// The libraries core loads on first use (electron/core/common/lazy-module.ts) are required by name at
// run time, which the bundler cannot follow: each is bundled on its own as the package the server's
// `require` finds in node_modules beside it. Without them, a Markdown file's text (marked), a diff
// or a CSV import would fail inside the bundle only.
const lazyIds = new Set();
for (const file of filesBelow(join(ROOT, 'electron', 'core'))) {
  if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
  const source = readFileSync(join(ROOT, 'electron', 'core', file), 'utf8');
  for (const match of source.matchAll(/lazyModule<[^>]*>\(\s*'([^']+)'\s*\)/g)) lazyIds.add(match[1]);
}
for (const id of lazyIds) {
  const folder = join(SERVER, 'node_modules', ...id.split('/'));
  await build({
    input: id,
    platform: 'node',
    external: [...builtinModules, /^node:/],
    logLevel: 'warn',
    output: { file: join(folder, 'index.js'), format: 'cjs', minify: true, sourcemap: false },
  });
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ type: 'commonjs', main: 'index.js' })}\n`);
}

// ESM for the .js files, and the version the server reports.
writeFileSync(
  join(SERVER, 'package.json'),
  `${JSON.stringify({ name: 'officina-mcpb-server', version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
);

const manifest = JSON.parse(readFileSync(join(ROOT, 'build', 'mcpb', 'manifest.json'), 'utf8'));
manifest.version = pkg.version;
writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const native = filesBelow(OUT).filter((f) => f.endsWith('.node'));
if (native.length > 0) throw new Error(`The bundle must carry no native module, and has ${native.join(', ')}`);

mcpb('validate', join(OUT, 'manifest.json'));
mcpb('pack', OUT, MCPB_FILE);
const size = statSync(MCPB_FILE).size;
console.log(
  `${relative(ROOT, MCPB_FILE)}: ${(size / 1024 / 1024).toFixed(1)} MB (${filesBelow(OUT).length} files, none native)`,
);
if (!existsSync(MCPB_FILE)) process.exitCode = 1;
