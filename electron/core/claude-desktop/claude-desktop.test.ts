import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaudeServerEntry } from '../../../shared/claude-desktop.js';
import { OpError } from '../../../shared/errors.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';
import { readConfig, serialize, withOfficina, withoutOfficina } from './config-file.js';
import { claudeLocations, configTargets, type FolderProbe } from './locate.js';
import { ClaudeDesktopLink } from './service.js';

const clock = { now: () => new Date('2026-12-03T11:40:00.000Z') };

/** An entry as the desktop app on Windows writes it: spaces and backslashes in every path. */
const WINDOWS_APP_ENTRY: ClaudeServerEntry = {
  command: 'C:\\Program Files\\Officina\\Officina.exe',
  args: [
    'C:\\Program Files\\Officina\\resources\\app.asar\\out\\node\\electron\\cli\\main.js',
    'mcp',
    '--data-dir',
    'C:\\Users\\Ann Lee\\AppData\\Roaming\\Officina',
    '--vault',
    'D:\\My Documents\\Officina "vault"',
  ],
  env: { ELECTRON_RUN_AS_NODE: '1' },
};

const CLI_ENTRY: ClaudeServerEntry = {
  command: '/home/ann/officina/node_modules/node/bin/node',
  args: [
    '/home/ann/officina/bin/officina.mjs',
    'mcp',
    '--data-dir',
    '/home/ann/.config/Officina',
    '--vault',
    '/home/ann/Documents/Officina',
  ],
};

/** Configs in the shapes people have: written by Claude Desktop, edited by hand, by Notepad. */
const MAC_CONFIG = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ann/Desktop", "/Users/ann/Downloads"]
    },
    "github": {
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_example" }
    }
  },
  "globalShortcut": "Alt+Space",
  "preferences": { "menuBarEnabled": true, "quickEntryShortcut": "double-tap-option" },
  "isUsingBuiltInNodeForMcp": false
}
`;

const WINDOWS_CONFIG =
  '\uFEFF{\r\n' +
  '    "mcpServers": {\r\n' +
  '        "sqlite": {\r\n' +
  '            "command": "C:\\\\Users\\\\Ann Lee\\\\AppData\\\\Local\\\\Programs\\\\Python\\\\Python312\\\\python.exe",\r\n' +
  '            "args": ["-m", "mcp_server_sqlite", "--db-path", "C:\\\\Users\\\\Ann Lee\\\\test.db"],\r\n' +
  '            "env": { "PYTHONIOENCODING": "utf-8" }\r\n' +
  '        }\r\n' +
  '    },\r\n' +
  '    "globalShortcut": "Ctrl+Alt+Space"\r\n' +
  '}\r\n';

const LINUX_CONFIG = `{
\t"preferences": {"sidebarMode": "chat"},
\t"mcpServers": {
\t\t"memory": {"command": "/usr/bin/node", "args": ["/opt/mcp/memory/dist/index.js"], "env": {"MEMORY_FILE_PATH": "/home/ann/.memory.json"}},
\t\t"officina": {"command": "npx", "args": ["officina", "mcp"], "env": {"OFFICINA_LOG_LEVEL": "debug"}}
\t}
}`;

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function backupsBeside(file: string): string[] {
  const folder = join(file, '..');
  return readdirSync(folder).filter((name) => name.endsWith('.officina-backup'));
}

describe('where Claude Desktop keeps its settings', () => {
  it('macOS: ~/Library/Application Support/Claude', () => {
    const at = claudeLocations('darwin', {}, '/Users/Ann Lee');
    expect(at.folder).toBe('/Users/Ann Lee/Library/Application Support/Claude');
    expect(at.store).toBeUndefined();
    expect(at.installMarkers).toContain('/Users/Ann Lee/Applications/Claude.app');
  });

  it('Windows: %APPDATA%\\Claude, and the Store build under %LOCALAPPDATA%\\Packages, in any letter case', () => {
    const at = claudeLocations(
      'win32',
      { AppData: 'C:\\Users\\Ann Lee\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\Ann Lee\\AppData\\Local' },
      'C:\\Users\\Ann Lee',
    );
    expect(at.folder).toBe('C:\\Users\\Ann Lee\\AppData\\Roaming\\Claude');
    expect(at.store).toEqual({
      packages: 'C:\\Users\\Ann Lee\\AppData\\Local\\Packages',
      prefix: 'Claude_',
      below: ['LocalCache', 'Roaming', 'Claude'],
    });
    // Without the variables: the folders they stand for, below home.
    expect(claudeLocations('win32', {}, 'C:\\Users\\ann').folder).toBe('C:\\Users\\ann\\AppData\\Roaming\\Claude');
  });

  it('Linux: XDG_CONFIG_HOME/Claude, else ~/.config/Claude', () => {
    expect(claudeLocations('linux', {}, '/home/ann').folder).toBe('/home/ann/.config/Claude');
    expect(claudeLocations('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann').folder).toBe('/xdg/Claude');
    expect(claudeLocations('linux', { XDG_CONFIG_HOME: '' }, '/home/ann').folder).toBe('/home/ann/.config/Claude');
  });

  it('chooses the Store build and the regular folder on Windows by what is there', () => {
    const at = claudeLocations('win32', { APPDATA: 'C:\\R', LOCALAPPDATA: 'C:\\L' }, 'C:\\H');
    const probe = (dirs: string[], files: string[] = [], listing: string[] = []): FolderProbe => ({
      isDirectory: (p) => dirs.includes(p),
      exists: (p) => dirs.includes(p) || files.includes(p),
      list: () => listing,
    });
    const store = 'C:\\L\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude';
    // Nothing installed: nowhere to write, and the message names every place looked at.
    const none = configTargets(at, probe([]));
    expect(none.files).toEqual([]);
    expect(none.looked).toEqual(['C:\\R\\Claude', 'C:\\L\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude']);
    // The Store package is there but was never started: its settings folder is made.
    expect(configTargets(at, probe(['C:\\L\\Packages'], [], ['Claude_pzs8sxrjxfjjc', 'Other_1']))).toMatchObject({
      files: [`${store}\\claude_desktop_config.json`],
      create: [store],
    });
    // Both used: both written.
    expect(
      configTargets(at, probe(['C:\\L\\Packages', store, 'C:\\R\\Claude'], [], ['Claude_pzs8sxrjxfjjc'])).files,
    ).toEqual([`${store}\\claude_desktop_config.json`, 'C:\\R\\Claude\\claude_desktop_config.json']);
    // The regular installer's app, no settings yet: the regular folder is made.
    expect(configTargets(at, probe(['C:\\L\\AnthropicClaude']))).toMatchObject({
      files: ['C:\\R\\Claude\\claude_desktop_config.json'],
      create: ['C:\\R\\Claude'],
    });
  });
});

describe('the config file', () => {
  it('keeps every other server and key, the BOM, CRLF and indentation (Windows, Notepad)', () => {
    const path = write(join(tempDir(), 'claude_desktop_config.json'), WINDOWS_CONFIG);
    const file = readConfig(path);
    expect(file).toMatchObject({ bom: true, eol: '\r\n', indent: '    ' });
    const text = serialize(file, withOfficina(file.data, WINDOWS_APP_ENTRY));
    expect(text.startsWith('\uFEFF{\r\n    "mcpServers"')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const back = JSON.parse(text.slice(1)) as { mcpServers: Record<string, ClaudeServerEntry>; globalShortcut: string };
    expect(back.globalShortcut).toBe('Ctrl+Alt+Space');
    expect(back.mcpServers['sqlite']).toEqual(
      (JSON.parse(WINDOWS_CONFIG.slice(1)) as typeof back).mcpServers['sqlite'],
    );
    // Spaces, backslashes and quotes come back exactly.
    expect(back.mcpServers['officina']).toEqual(WINDOWS_APP_ENTRY);
  });

  it('replaces our old entry, keeping env variables the person added to it', () => {
    const path = write(join(tempDir(), 'claude_desktop_config.json'), LINUX_CONFIG);
    const file = readConfig(path);
    expect(file.indent).toBe('\t');
    const next = withOfficina(file.data, CLI_ENTRY);
    expect((next['mcpServers'] as Record<string, unknown>)['officina']).toEqual({
      ...CLI_ENTRY,
      env: { OFFICINA_LOG_LEVEL: 'debug' },
    });
    // From the app to a CLI install: the app's switch goes, the person's variable stays.
    const fromApp = withOfficina(withOfficina(file.data, WINDOWS_APP_ENTRY), CLI_ENTRY);
    expect((fromApp['mcpServers'] as Record<string, { env?: unknown }>)['officina']?.env).toEqual({
      OFFICINA_LOG_LEVEL: 'debug',
    });
    const removed = withoutOfficina(next);
    expect(Object.keys(removed['mcpServers'] as object)).toEqual(['memory']);
    expect(removed['preferences']).toEqual({ sidebarMode: 'chat' });
  });

  it('refuses broken JSON, a file that is not an object, and mcpServers that is not an object, saying where', () => {
    const folder = tempDir();
    const broken = write(join(folder, 'a.json'), '{\n  "mcpServers": {\n    "x": { "command": "y", }\n  }\n}\n');
    expect(() => readConfig(broken)).toThrow(/not valid JSON \(line 3, column \d+\).*left it unchanged/);
    expect(() => readConfig(write(join(folder, 'b.json'), '[]'))).toThrow(/does not hold a JSON object/);
    expect(() => readConfig(write(join(folder, 'c.json'), '{"mcpServers": []}'))).toThrow(
      /"mcpServers" is not an object/,
    );
    // Empty: an empty configuration (Claude Desktop's "Edit Config" makes one).
    expect(readConfig(write(join(folder, 'd.json'), '\n')).data).toEqual({});
  });
});

describe('connecting and disconnecting, on real files', () => {
  function link(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string) {
    return new ClaudeDesktopLink({ platform, env, home, clock });
  }

  it('macOS: merges into an existing file with a backup beside it, and disconnect takes only our entry out', () => {
    const home = tempDir();
    const file = write(
      join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json'),
      MAC_CONFIG,
    );
    const mac = link('darwin', {}, home);
    expect(mac.status().config_files).toEqual([{ path: file, connected: false, problem: null }]);

    const [change] = mac.connect(CLI_ENTRY);
    expect(change).toEqual({ path: file, backup_path: `${file}.20261203T114000Z.officina-backup`, created: false });
    expect(readFileSync(change!.backup_path!, 'utf8')).toBe(MAC_CONFIG);
    const merged = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const original = JSON.parse(MAC_CONFIG) as Record<string, unknown>;
    expect(merged).toEqual({
      ...original,
      mcpServers: { ...(original['mcpServers'] as object), officina: CLI_ENTRY },
    });
    expect(mac.status().config_files[0]?.connected).toBe(true);

    // Connecting again changes nothing, so no second backup.
    expect(mac.connect(CLI_ENTRY)).toEqual([{ path: file, backup_path: null, created: false }]);
    expect(backupsBeside(file)).toHaveLength(1);

    const [removed] = mac.disconnect();
    expect(removed?.backup_path).toBe(`${file}.20261203T114000Z-2.officina-backup`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(original);
    expect(mac.disconnect()).toEqual([]);
  });

  it('Windows: Store build and regular install both written, BOM and CRLF kept, paths round-trip', () => {
    const home = tempDir();
    const roaming = join(home, 'Roaming');
    const local = join(home, 'Local');
    const regular = write(join(roaming, 'Claude', 'claude_desktop_config.json'), WINDOWS_CONFIG);
    const storeFolder = join(local, 'Packages', 'Claude_pzs8sxrjxfjjc', 'LocalCache', 'Roaming', 'Claude');
    mkdirSync(storeFolder, { recursive: true });
    mkdirSync(join(local, 'Packages', 'Microsoft.WindowsTerminal_8wekyb3d8bbwe'));
    // Windows' folders in this machine's path rules, so that real files are used (how win32 names
    // them is tested above, without files).
    const windows = new ClaudeDesktopLink({
      clock,
      locations: {
        folder: join(roaming, 'Claude'),
        store: { packages: join(local, 'Packages'), prefix: 'Claude_', below: ['LocalCache', 'Roaming', 'Claude'] },
        installMarkers: [join(local, 'AnthropicClaude')],
        join,
      },
    });
    const storeFile = join(storeFolder, 'claude_desktop_config.json');
    const changes = windows.connect(WINDOWS_APP_ENTRY);
    expect(changes).toEqual([
      { path: storeFile, backup_path: null, created: true },
      { path: regular, backup_path: `${regular}.20261203T114000Z.officina-backup`, created: false },
    ]);
    expect(JSON.parse(readFileSync(storeFile, 'utf8'))).toEqual({ mcpServers: { officina: WINDOWS_APP_ENTRY } });
    const text = readFileSync(regular, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    const parsed = JSON.parse(text.slice(1)) as { mcpServers: Record<string, ClaudeServerEntry> };
    expect(parsed.mcpServers['officina']).toEqual(WINDOWS_APP_ENTRY);
    expect(Object.keys(parsed.mcpServers)).toEqual(['sqlite', 'officina']);
    expect(readFileSync(`${regular}.20261203T114000Z.officina-backup`, 'utf8')).toBe(WINDOWS_CONFIG);

    // Disconnect: both files lose our entry, each with a copy first; the Store file keeps an empty list.
    const removed = windows.disconnect();
    expect(removed.map((r) => r.path)).toEqual([storeFile, regular]);
    // The same data as before; JSON.stringify lays out the short lists the person kept on one line.
    expect(JSON.parse(readFileSync(regular, 'utf8').slice(1))).toEqual(JSON.parse(WINDOWS_CONFIG.slice(1)));
    expect(readFileSync(regular, 'utf8').startsWith('\uFEFF{\r\n')).toBe(true);
  });

  it('Linux: a missing settings folder is made only when Claude Desktop seems installed', () => {
    const home = tempDir();
    const linux = link('linux', {}, home);
    expect(linux.status()).toMatchObject({ config_files: [], can_connect: false });
    let refusal: unknown;
    try {
      linux.connect(CLI_ENTRY);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OpError);
    expect((refusal as OpError).code).toBe('not_found');
    expect((refusal as OpError).message).toMatch(/does not seem to be installed.*\.config\/Claude.*open it once/);
    expect(existsSync(join(home, '.config', 'Claude'))).toBe(false);

    // Claude Desktop was opened once (its folder exists) but has no config file yet: a new file, no backup.
    mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
    const [created] = linux.connect(CLI_ENTRY);
    const file = join(home, '.config', 'Claude', 'claude_desktop_config.json');
    expect(created).toEqual({ path: file, backup_path: null, created: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: { officina: CLI_ENTRY } });
  });

  it('macOS: the app installed in ~/Applications but never opened: the folder is made', () => {
    const home = tempDir();
    mkdirSync(join(home, 'Applications', 'Claude.app'), { recursive: true });
    const [created] = link('darwin', {}, home).connect(CLI_ENTRY);
    expect(created?.created).toBe(true);
    expect(statSync(join(home, 'Library', 'Application Support', 'Claude')).isDirectory()).toBe(true);
  });

  it('a config that is a symbolic link (a dotfiles repository) stays a link; the file it points to changes', () => {
    const home = tempDir();
    const dotfiles = write(join(home, 'dotfiles', 'claude.json'), MAC_CONFIG);
    const folder = join(home, 'Library', 'Application Support', 'Claude');
    mkdirSync(folder, { recursive: true });
    const link = join(folder, 'claude_desktop_config.json');
    symlinkSync(dotfiles, link);
    new ClaudeDesktopLink({ platform: 'darwin', env: {}, home, clock }).connect(CLI_ENTRY);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(dotfiles, 'utf8')) as { mcpServers: object }).mcpServers).toHaveProperty(
      'officina',
    );
    expect(readFileSync(`${link}.20261203T114000Z.officina-backup`, 'utf8')).toBe(MAC_CONFIG);
  });

  it('broken JSON is reported and never overwritten; no backup is made', () => {
    const home = tempDir();
    const broken = '{ "mcpServers": { "filesystem": { "command": "npx" } }, }';
    const file = write(join(home, '.config', 'Claude', 'claude_desktop_config.json'), broken);
    const linux = link('linux', {}, home);
    expect(() => linux.connect(CLI_ENTRY)).toThrow(/not valid JSON/);
    expect(() => linux.disconnect()).toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(backupsBeside(file)).toEqual([]);
    expect(linux.status().config_files[0]?.problem).toMatch(/not valid JSON/);
  });
});

describe('the connect_claude_desktop operation', () => {
  it('writes the entry the Settings snippet shows, narrowed to chosen toolsets, for the person only', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
    const app = testApp({
      claudeDesktop: { platform: 'linux', env: {}, home },
      nodePath: '/opt/node 24/bin/node',
      cliPath: '/opt/officina/bin/officina.mjs',
    });
    const info = ok<{ claude_desktop_config: string }>(await app.call('get_app_info', {}));
    const connected = ok<{ files: { path: string }[] }>(await app.call('connect_claude_desktop', {}));
    const file = join(home, '.config', 'Claude', 'claude_desktop_config.json');
    expect(connected.files.map((f) => f.path)).toEqual([file]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(info.claude_desktop_config));

    ok(await app.call('connect_claude_desktop', { toolsets: ['documents'] }));
    const args = (JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: { officina: ClaudeServerEntry } }).mcpServers
      .officina.args;
    expect(args.slice(-2)).toEqual(['--toolsets', 'documents']);

    const byAssistant = await app.call('connect_claude_desktop', {}, { kind: 'mcp', name: 'claude' }, 'mcp');
    expect(byAssistant).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const status = ok<{ config_files: { connected: boolean }[] }>(await app.call('get_claude_desktop_status', {}));
    expect(status.config_files).toEqual([{ path: file, connected: true, problem: null }]);
    ok(await app.call('disconnect_claude_desktop', {}));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: {} });
  });

  it('the desktop app runs itself as Node: ELECTRON_RUN_AS_NODE in the entry', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
    const app = testApp({
      claudeDesktop: { platform: 'linux', env: {}, home },
      nodePath: '/opt/Officina/officina',
      cliPath: '/opt/Officina/resources/app.asar/out/node/electron/cli/main.js',
      runAsNode: true,
    });
    ok(await app.call('connect_claude_desktop', {}));
    const entry = (
      JSON.parse(readFileSync(join(home, '.config', 'Claude', 'claude_desktop_config.json'), 'utf8')) as {
        mcpServers: { officina: ClaudeServerEntry };
      }
    ).mcpServers.officina;
    expect(entry.command).toBe('/opt/Officina/officina');
    expect(entry.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(entry.args[0]).toMatch(/main\.js$/);
    expect(entry.args[1]).toBe('mcp');
  });
});
