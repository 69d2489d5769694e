import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { CLI } from '../../test/mcp-process.js';
import { canMountSmallDisk, NO_SMALL_DISK, smallDisk } from '../../test/small-disk.js';
import { createOfficina } from '../core/app.js';

// The real `officina` CLI (out/node, built by test/global-setup.ts) on data directories as people have them.

/** Every file and folder under `dir` with its mode (links not followed). */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = lstatSync(path);
      out[relative(dir, path)] = stat.mode & 0o777;
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

function expectPrivate(dataDir: string): void {
  expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  const wrong = Object.entries(modes(dataDir))
    .filter(([name, m]) => m !== (statSync(join(dataDir, name)).isDirectory() ? 0o700 : 0o600))
    .map(([name, m]) => `${name} ${m.toString(8)}`);
  expect(wrong).toEqual([]);
}

/** A data directory made the way a person or an installer makes one: 0755, before Officina first starts. */
function premade(): { dataDir: string; vault: string } {
  const root = tempDir('officina-cli-data-');
  const dataDir = join(root, 'data');
  const vault = join(root, 'vault');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  mkdirSync(vault);
  return { dataDir, vault };
}

/** A data directory Officina has used, whose database was then truncated to 0 bytes. */
async function emptiedDatabase(): Promise<{ dataDir: string; vault: string }> {
  const { dataDir, vault } = premade();
  const app = createOfficina({ dataDir, vault, logLevel: 'silent', watchOtherProcesses: false, watchVault: false });
  await app.close();
  truncateSync(join(dataDir, 'officina.db'), 0);
  return { dataDir, vault };
}

async function mcp(dataDir: string, vault: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--data-dir', dataDir, '--vault', vault, '--log-level', 'info'],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'data-dir-test', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}\n${stderr}`);
    return result;
  };
  const refused = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    return (result.content as { text: string }[]).map((c) => c.text).join('\n');
  };
  return { call, refused, close: () => client.close(), stderr: () => stderr };
}

/** `officina serve` until it says it serves (then SIGTERM) or exits by itself. */
async function serve(
  dataDir: string,
  vault: string,
): Promise<{ code: number | null; stderr: string; whileUp?: Record<string, number> }> {
  const env = { ...process.env };
  delete env['OFFICINA_TOKEN'];
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--vault', vault], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let whileUp: Record<string, number> | undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (whileUp === undefined && /serving http/.test(stderr)) {
      whileUp = modes(dataDir);
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stderr, whileUp };
}

const logFile = (dataDir: string) => readFileSync(join(dataDir, 'logs', 'officina.log'), 'utf8');

describe('the data directory, through the real CLI', () => {
  it('mcp: a first run in a 0755 data directory makes every file 0600 and folder 0700 (database, WAL, index, logs, versions, trash, published/)', async () => {
    const { dataDir, vault } = premade();
    const server = await mcp(dataDir, vault);
    try {
      // Uploads made while the start-up scan runs can be taken for removed files (left to the vault's fixes).
      await vi.waitFor(() => expect(server.stderr()).toMatch(/vault scanned/), { timeout: 15_000 });
      await server.call('upload_document', { content: '# Notes\n\nHello.\n', destination: 'notes.md' });
      // Random bytes do not compress: a version blob too large for the database goes to versions/.
      const big = randomBytes(300 * 1024).toString('base64');
      await server.call('upload_document', { content: big, destination: 'big.txt' });
      for (const step of ['submit_for_review', 'approve_document', 'publish_document'])
        await server.call(step, { document_id: 'notes.md' });
      await server.call('delete_document', { document_id: 'big.txt' });
      expectPrivate(dataDir);
      const names = Object.keys(modes(dataDir));
      expect(names).toEqual(
        expect.arrayContaining([
          'officina.db',
          'officina.db-wal',
          'officina.db-shm',
          'logs/officina.log',
          'published/notes.html',
          'published/notes.md',
          'data-directory.txt',
        ]),
      );
      expect(names.some((n) => n.startsWith('versions/') && n.endsWith('.br'))).toBe(true);
      expect(names.some((n) => n.startsWith('trash/'))).toBe(true);
      // The vault's new files too (umask 077); the vault folder itself is the person's and keeps its mode.
      expect(statSync(join(vault, 'notes.md')).mode & 0o777).toBe(0o600);
      expect(statSync(vault).mode & 0o777).toBe(0o755);
    } finally {
      await server.close();
    }
  });

  it('serve: a first run in a 0755 data directory makes the database, its WAL and index, the token and the log 0600', async () => {
    const { dataDir, vault } = premade();
    const { code, stderr, whileUp } = await serve(dataDir, vault);
    expect(code, stderr).toBe(0);
    expect(whileUp).toMatchObject({
      'officina.db': 0o600,
      'officina.db-wal': 0o600,
      'officina.db-shm': 0o600,
      token: 0o600,
      logs: 0o700,
    });
    expectPrivate(dataDir);
  });

  it('serve refuses an emptied database where one was kept: exit 1, the advice on stderr and in the log file', async () => {
    const { dataDir, vault } = await emptiedDatabase();
    const { code, stderr } = await serve(dataDir, vault);
    expect(code).toBe(1);
    const says = new RegExp(`The database ${join(dataDir, 'officina.db')} is empty \\(0 bytes\\)`);
    expect(stderr).toMatch(says);
    expect(stderr).toMatch(/move officina\.db, data-directory\.txt aside/);
    expect(logFile(dataDir)).toMatch(says);
    expect(statSync(join(dataDir, 'officina.db')).size).toBe(0);
  });

  it('mcp refuses it too: every tool call says so, and so do stderr and the log file', async () => {
    const { dataDir, vault } = await emptiedDatabase();
    const server = await mcp(dataDir, vault);
    try {
      const says = new RegExp(`The database ${join(dataDir, 'officina.db')} is empty \\(0 bytes\\)`);
      expect(await server.refused('list_customers', {})).toMatch(says);
      expect(await server.refused('list_documents', {})).toMatch(says);
      expect(server.stderr()).toMatch(says);
      expect(logFile(dataDir)).toMatch(says);
      expect(statSync(join(dataDir, 'officina.db')).size).toBe(0);
    } finally {
      await server.close();
    }
  });

  describe.skipIf(!canMountSmallDisk)(`a read-only data directory (${NO_SMALL_DISK})`, () => {
    /** A data directory with a database and a token, on a disk then remounted read-only. */
    async function readOnly(): Promise<{ dataDir: string; vault: string }> {
      const disk = smallDisk(4 * 1024 * 1024);
      const dataDir = join(disk, 'data');
      const vault = tempDir('officina-ro-vault-');
      const app = createOfficina({ dataDir, vault, logLevel: 'silent', watchOtherProcesses: false, watchVault: false });
      await app.close();
      const remount = spawnSync('mount', ['-o', 'remount,ro', disk], { encoding: 'utf8' });
      expect(remount.status, remount.stderr).toBe(0);
      return { dataDir, vault };
    }

    it('serve exits 1 saying so, not SQLite’s "unable to open database file"', async () => {
      const { dataDir, vault } = await readOnly();
      const { code, stderr } = await serve(dataDir, vault);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`Officina cannot write to its data directory ${dataDir} \\(read-only file system\\).*read-write`),
      );
      expect(stderr).not.toMatch(/unable to open|EROFS/);
      expect(existsSync(join(dataDir, 'token'))).toBe(false);
    });

    it('mcp says so on stderr and in every tool call', async () => {
      const { dataDir, vault } = await readOnly();
      const server = await mcp(dataDir, vault);
      try {
        const says = new RegExp(`Officina cannot write to its data directory ${dataDir} \\(read-only file system\\)`);
        expect(await server.refused('list_customers', {})).toMatch(says);
        expect(server.stderr()).toMatch(says);
        expect(server.stderr()).not.toMatch(/unable to open/);
      } finally {
        await server.close();
      }
    });
  });
});
