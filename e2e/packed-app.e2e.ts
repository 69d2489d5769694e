import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The desktop app as electron-builder packs it from electron-builder.yml (run `npm run build` first),
// offline: Electron's binary cannot be downloaded here, so `electronDist` points at a stand-in folder
// (electron-builder copies it and renames its `electron` file to the app's executable; nothing else
// in it is read for `--linux dir`) and npmRebuild is false, as in the real configuration. Nothing
// launches Electron: the packed files are checked, and the packed core runs under Node, as the app's
// own executable runs it for Claude Desktop (ELECTRON_RUN_AS_NODE).

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'out');
const ARCH = process.arch;
const run = promisify(execFile);

/** @electron/fuses finds the wire after this string (its SENTINEL). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, … */
const ELECTRON_DEFAULT_FUSES = '101100011';

let work: string;
let resourcesDir: string;
let asarPath: string;
let entries: string[];
let extracted: string;

/** Every file under `dir`, as paths relative to `base` with forward slashes. */
function filesUnder(dir: string, base: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

beforeAll(async () => {
  for (const built of ['main/index.cjs', 'preload/index.cjs', 'renderer/index.html', 'node/electron/cli/main.js'])
    if (!existsSync(join(OUT, built))) throw new Error(`out/${built} is missing: run \`npm run build\` first.`);
  if (ARCH !== 'x64' && ARCH !== 'arm64') throw new Error(`no better-sqlite3 prebuild for ${ARCH}`);

  work = mkdtempSync(join(tmpdir(), 'officina-pack-'));
  const standIn = join(work, 'electron-dist');
  mkdirSync(standIn);
  // It carries a fuse wire laid out as Electron's binary has it (the sentinel, the wire's version and
  // length, one byte per fuse: '1' on, '0' off), holding Electron's defaults, so that the afterPack
  // hook (scripts/electron-fuses.mjs) flips it as it would flip the real one.
  writeFileSync(
    join(standIn, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "a stand-in for Electron, which cannot run here" >&2\nexit 1\n# '),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
      Buffer.from(ELECTRON_DEFAULT_FUSES),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(join(standIn, 'electron'), 0o755);

  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      `--${ARCH}`,
      '--publish',
      'never',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
  );
  const appDir = join(work, 'dist', 'linux-unpacked');
  resourcesDir = join(appDir, 'resources');
  asarPath = join(resourcesDir, 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) =>
    entry
      .replace(/^[/\\]/, '')
      .split('\\')
      .join('/'),
  );
  extracted = join(work, 'extracted');
  extractAll(asarPath, extracted);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed desktop app (electron-builder --linux dir)', () => {
  it('is the app executable beside resources/app.asar', () => {
    expect(existsSync(join(work, 'dist', 'linux-unpacked', 'officina'))).toBe(true);
    expect(existsSync(asarPath)).toBe(true);
  });

  it('has its fuses flipped by the afterPack hook: RunAsNode kept on, Node options and inspect off, asar only', async () => {
    const wire = await getCurrentFuseWire(join(work, 'dist', 'linux-unpacked', 'officina'));
    // One byte per fuse: the character '1' on, '0' off.
    const on = 49;
    const off = 48;
    expect(wire[FuseV1Options.RunAsNode]).toBe(on);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    // Those the hook leaves alone keep Electron's defaults.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(on);
  });

  it('holds every file of the built main, preload, renderer and core (out/), and no source map', () => {
    const built = filesUnder(OUT, ROOT).filter((file) => !file.endsWith('.map'));
    expect(built.length).toBeGreaterThan(100);
    const packed = new Set(entries);
    expect(built.filter((file) => !packed.has(file))).toEqual([]);
    for (const file of [
      'out/main/index.cjs',
      'out/main/core-process.cjs',
      'out/main/checkpoint-worker.cjs',
      'out/main/extract-worker.cjs',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/node/electron/cli/main.js',
      'bin/officina.mjs',
      'resources/icon.png',
    ])
      expect(packed.has(file), file).toBe(true);
    const main = (JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as { main: string }).main;
    expect(packed.has(main), `package.json main: ${main}`).toBe(true);
    expect(entries.filter((entry) => entry.endsWith('.map') && !entry.startsWith('node_modules/'))).toEqual([]);
  });

  it('holds every chunk the renderer loads on demand (one per view), with no eval in any of them', () => {
    const assets = entries.filter((entry) => /^out\/renderer\/assets\/[^/]+\.js$/.test(entry));
    const packed = new Set(entries);
    const wanted = new Set<string>();
    for (const asset of assets) {
      const code = readFileSync(join(extracted, asset), 'utf8');
      // import(`./SalesView-….js`) and the lists of what each chunk needs preloaded ("./Card-….js").
      for (const match of code.matchAll(/["'`]\.\/([\w.-]+-[\w-]{8}\.(?:js|mjs|css))["'`]/g))
        wanted.add(`out/renderer/assets/${match[1]}`);
      // The window's CSP has no 'unsafe-eval': a chunk that needs it would fail only in the app.
      expect(code, asset).not.toMatch(/\beval\(|new Function\(/);
    }
    for (const view of [
      'Dashboard',
      'Customers',
      'Sales',
      'Documents',
      'Scraper',
      'Workflows',
      'Activity',
      'Trash',
      'Settings',
    ])
      expect(
        [...wanted].some((file) => file.includes(`/${view}View-`)),
        `${view}View chunk`,
      ).toBe(true);
    expect([...wanted].filter((file) => !packed.has(file))).toEqual([]);
  });

  it('holds nothing of the sources, tests, benchmarks or tooling', () => {
    const tops = new Set(entries.map((entry) => entry.split('/')[0]));
    expect([...tops].sort()).toEqual(['bin', 'node_modules', 'out', 'package.json', 'resources']);
    const ours = entries.filter((entry) => !entry.startsWith('node_modules/'));
    expect(
      ours.filter((entry) => /\.(test|e2e|spec)\.[cm]?[jt]sx?$|(^|\/)(test|e2e|bench|test-output)(\/|$)/.test(entry)),
    ).toEqual([]);
    expect(ours.filter((entry) => /\.tsx?$/.test(entry))).toEqual([]);
  });

  it('holds the production dependencies and no devDependency', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    const nameOf = (folder: string) => folder.slice(folder.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // What the lock installs for the app (not marked dev), as name@version: electron-builder lays
    // node_modules out again (hoisting differs from npm's), so folders need not match, versions must.
    const production = new Set(
      Object.entries(lock.packages)
        .filter(([folder, info]) => folder.includes('node_modules/') && info.dev !== true)
        .map(([folder, info]) => `${nameOf(folder)}@${info.version}`),
    );
    const packed = entries
      .filter((entry) => /^(node_modules\/(@[^/]+\/)?[^/]+\/)+package\.json$/.test(entry))
      .map((entry) => entry.slice(0, -'/package.json'.length))
      .filter((folder) => /(^|\/)node_modules\/(@[^/]+\/)?[^/]+$/.test(folder))
      .map((folder) => {
        const { name, version } = JSON.parse(readFileSync(join(extracted, folder, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        };
        return `${name}@${version}`;
      });
    expect(packed.length).toBeGreaterThan(50);
    expect(packed.filter((id) => !production.has(id))).toEqual([]);
    const packedNames = new Set(packed.map((id) => id.slice(0, id.lastIndexOf('@'))));
    for (const name of Object.keys(manifest.dependencies)) expect(packedNames.has(name), name).toBe(true);
    for (const name of Object.keys(manifest.devDependencies))
      if (![...production].some((id) => id.startsWith(`${name}@`)))
        expect(packedNames.has(name), `devDependency ${name}`).toBe(false);
    // playwright-core is not among them: the core renders pages that need JavaScript with it (scraper/render).
    for (const tool of ['electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'typescript'])
      expect(packedNames.has(tool), tool).toBe(false);
  });

  it("unpacks better-sqlite3's N-API module for this platform only", () => {
    const prebuild = `node_modules/better-sqlite3/prebuilds/linux-${ARCH}.node`;
    expect(statFile(asarPath, prebuild)).toMatchObject({ unpacked: true });
    const onDisk = join(resourcesDir, 'app.asar.unpacked', prebuild);
    expect(existsSync(onDisk)).toBe(true);
    const nativeModules = entries.filter((entry) => entry.endsWith('.node'));
    expect(nativeModules.filter((entry) => entry.startsWith('node_modules/better-sqlite3/'))).toEqual([prebuild]);
    for (const entry of nativeModules) expect(statFile(asarPath, entry), entry).toMatchObject({ unpacked: true });
    // Registered through Node-API only (the loader looks for napi_register_module_v1 and asks
    // node_api_module_get_api_version_v1 for its version), never through node_module_register, the
    // entry point of modules built against one runtime's ABI.
    const binary = readFileSync(onDisk).toString('latin1');
    expect(binary).toContain('napi_register_module_v1');
    expect(binary).toContain('node_api_module_get_api_version_v1');
    expect(binary).not.toContain('node_module_register');
    // No compiled leftover that better-sqlite3 would load instead of the prebuild.
    expect(entries.filter((entry) => entry.startsWith('node_modules/better-sqlite3/build/'))).toEqual([]);
  });

  it("resolves every module the desktop core's bundles require (at once or lazily) from the packed node_modules", () => {
    const bundles = filesUnder(join(extracted, 'out', 'main'), extracted).filter((file) => file.endsWith('.cjs'));
    const required = new Set<string>();
    for (const bundle of bundles) {
      const code = readFileSync(join(extracted, bundle), 'utf8');
      const calls = [
        ...code.matchAll(/(?<![\w.$])(?:require|lazyModule\$?\d*)\(\s*["']([^"'.][^"']*)["']\s*\)/g),
        // better-sqlite3 is required through createRequire when the store opens (store/sqlite.ts).
        ...code.matchAll(/createRequire\)?\([^;]*?\)\(\s*["']([^"'.][^"']*)["']\s*\)/g),
      ];
      for (const [, id] of calls) if (id && !id.startsWith('node:') && id !== 'electron') required.add(id);
    }
    expect(required.has('better-sqlite3')).toBe(true);
    expect(required.has('yaml'), 'a lazily loaded module (electron/core/common/lazy-module.ts)').toBe(true);
    const requireFromMain = createRequire(join(extracted, 'out', 'main', 'core-process.cjs'));
    const unresolved = [...required].filter((id) => {
      if (process.getBuiltinModule(id)) return false;
      try {
        return !requireFromMain.resolve(id).startsWith(extracted);
      } catch {
        return true;
      }
    });
    expect(unresolved).toEqual([]);
  });

  it('answers MCP initialize and tools/list, and stores a customer, from the extracted asar under Node', async () => {
    const dataDir = join(work, 'data');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(extracted, 'bin', 'officina.mjs'), 'mcp', '--data-dir', dataDir, '--vault', join(dataDir, 'vault')],
      cwd: extracted,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'packed-app-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('officina');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('create_customer');
      const created = (await client.callTool({
        name: 'create_customer',
        arguments: { name: 'Ada Lovelace', email: 'ada@example.com' },
      })) as CallToolResult;
      expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ email: 'ada@example.com' });
    } catch (error) {
      throw new Error(`${String(error)}\nstderr of the packed core:\n${stderr}`, { cause: error });
    } finally {
      await client.close();
    }
    expect(existsSync(join(dataDir, 'officina.db'))).toBe(true);
  });
});
