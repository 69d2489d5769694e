// Paths and small fixtures shared by the benchmarks.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seedCustomers } from '../seed-customers.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'officina.mjs');
export const FLOOR_SERVER = join(ROOT, 'bench', 'floor-server.mjs');
export const MEMORY_SERVER = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
/** Node 24: the bench itself runs on it (npm run puts node_modules/.bin first on PATH). */
export const NODE = process.execPath;

export function importCore(path) {
  return import(pathToFileURL(join(ROOT, 'out', 'node', 'electron', 'core', path)).href);
}

/**
 * A fresh data directory with `count` seeded customers and an empty vault, in the OS temp dir
 * (fresh each run, so the activity log that the benchmarks fill does not pile up).
 */
export async function smallDataDir(count = 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'officina-bench-'));
  const dataDir = join(dir, 'data');
  const vault = join(dir, 'vault');
  mkdirSync(vault, { recursive: true });
  await seedCustomers(dataDir, count);
  return { dataDir, vault, count, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The Claude Desktop snippet exactly as the product renders it (get_app_info), for a CLI-started
 * server: command = this Node 24, args = [absolute bin/officina.mjs, 'mcp', '--data-dir', D, '--vault', V].
 */
export async function claudeDesktopCommand(dataDir, vault) {
  const { createOfficina } = await importCore('app.js');
  const app = createOfficina({
    dataDir,
    vault,
    cliPath: BIN,
    nodePath: NODE,
    watchOtherProcesses: false,
    logLevel: 'warn',
  });
  try {
    const envelope = await app.catalogue.call(
      'get_app_info',
      {},
      { caller: { kind: 'ui', name: 'bench' }, face: 'ui' },
    );
    if (!envelope.ok) throw new Error(`get_app_info failed: ${envelope.error.message}`);
    const { command, args } = JSON.parse(envelope.data.claude_desktop_config).mcpServers.officina;
    return { command, args };
  } finally {
    await app.close();
  }
}

/**
 * The benchmarks call as an assistant (the MCP face) on fresh data directories, where a new
 * installation gives assistants customers and documents only: give them every toolset, as a person
 * who uses sales and the rest would.
 */
export async function giveEveryToolset(app) {
  const { TOOLSETS } = await importCore('app.js');
  const envelope = await app.catalogue.call(
    'update_assistant_permissions',
    { toolsets: [...TOOLSETS] },
    { caller: { kind: 'ui', name: 'bench' }, face: 'ui' },
  );
  if (!envelope.ok) throw new Error(`update_assistant_permissions failed: ${envelope.error.message}`);
}

/** The same for a data directory an `officina mcp` is about to be started on. */
export async function giveEveryToolsetIn(dataDir) {
  const { createOfficina } = await importCore('app.js');
  const app = createOfficina({ dataDir, watchOtherProcesses: false, watchVault: false, logLevel: 'warn' });
  try {
    await giveEveryToolset(app);
  } finally {
    await app.close();
  }
}

/** Gives other processes (and the GC) a moment between measurements on a shared 2-core box. */
export function settle(msDelay = 200) {
  return new Promise((r) => setTimeout(r, msDelay));
}
