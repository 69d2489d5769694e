import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';

// The real `officina` CLI (out/node, built by test/global-setup.ts) on a temporary home folder.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin', 'officina.mjs');

function officina(home: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env['XDG_CONFIG_HOME'];
  delete env['OFFICINA_TOOLSETS'];
  const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(process.platform === 'linux')('officina connect claude / disconnect claude', () => {
  it('writes an entry with absolute paths beside the servers already there, and takes it out again', () => {
    const home = tempDir();
    const folder = join(home, '.config', 'Claude');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'claude_desktop_config.json');
    const original = {
      mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } },
    };
    writeFileSync(file, JSON.stringify(original, null, 2));
    const dataDir = join(home, 'data dir');

    const connected = officina(home, 'connect', 'claude', '--data-dir', dataDir, '--toolsets', 'customers');
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toContain(
      "Officina is now in Claude Desktop's settings. Restart Claude Desktop to use it.",
    );
    expect(connected.stdout).toContain(file);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[] }>;
    };
    expect(written.mcpServers['memory']).toEqual(original.mcpServers.memory);
    expect(written.mcpServers['officina']).toEqual({
      command: process.execPath,
      args: [
        CLI,
        'mcp',
        '--data-dir',
        dataDir,
        '--vault',
        join(home, 'Documents', 'Officina'),
        '--toolsets',
        'customers',
      ],
    });
    expect(readdirSync(folder).filter((n) => n.endsWith('.officina-backup'))).toHaveLength(1);

    const disconnected = officina(home, 'disconnect', 'claude');
    expect(disconnected.code).toBe(0);
    expect(disconnected.stdout).toMatch(/no longer in Claude Desktop's settings/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(original);
    expect(officina(home, 'disconnect', 'claude').stdout).toMatch(/was not in Claude Desktop's settings/);
  });

  it('says what is wrong, and changes nothing, when it cannot connect', () => {
    const home = tempDir();
    const missing = officina(home, 'connect', 'claude');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not seem to be installed/);

    const file = join(home, '.config', 'Claude', 'claude_desktop_config.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"mcpServers": {');
    const broken = officina(home, 'connect', 'claude');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"mcpServers": {');

    expect(officina(home, 'connect', 'cursor').code).toBe(2);
    expect(officina(home, 'connect').stderr).toMatch(/officina connect claude/);
  });
});
