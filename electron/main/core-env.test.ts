import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVault } from '../core/config.js';
import { coreEnvironment, desktopSettings, readCoreEnvironment } from './core-env.js';

const USER_DATA = '/home/zoe/.config/Officina';

describe('the desktop app’s data settings', () => {
  it('defaults to Electron’s userData and the CLI’s default vault', () => {
    expect(desktopSettings(['.'], {}, { dataDir: USER_DATA })).toEqual({
      dataDir: USER_DATA,
      vault: defaultVault(),
      allowPaths: [],
      logLevel: 'info',
    });
  });

  it('takes flag over env over default, and ignores Chromium’s switches', () => {
    const env = { OFFICINA_DATA_DIR: '/env/data', OFFICINA_VAULT: '/env/vault', OFFICINA_LOG_LEVEL: 'warn' };
    expect(desktopSettings([], env, { dataDir: USER_DATA })).toMatchObject({
      dataDir: '/env/data',
      vault: '/env/vault',
      logLevel: 'warn',
    });
    const argv = [
      '--no-sandbox',
      '--data-dir',
      '/flag/data',
      '--vault=/flag/vault',
      '--enable-logging',
      '--log-level',
      'debug',
    ];
    expect(desktopSettings(argv, env, { dataDir: USER_DATA })).toMatchObject({
      dataDir: '/flag/data',
      vault: '/flag/vault',
      logLevel: 'debug',
    });
  });

  it('reads repeatable --allow-path, or the env list split by the path delimiter', () => {
    expect(
      desktopSettings(
        ['--allow-path', '/a', '--allow-path', '/b'],
        { OFFICINA_ALLOW_PATHS: '/c' },
        { dataDir: USER_DATA },
      ).allowPaths,
    ).toEqual(['/a', '/b']);
    expect(
      desktopSettings([], { OFFICINA_ALLOW_PATHS: ['/c', '', '/d'].join(delimiter) }, { dataDir: USER_DATA })
        .allowPaths,
    ).toEqual(['/c', '/d']);
  });

  it('makes relative paths absolute and survives a bad log level', () => {
    const settings = desktopSettings(['--data-dir', 'rel/data', '--log-level', 'loud'], {}, { dataDir: USER_DATA });
    expect(settings.dataDir).toBe(resolve('rel/data'));
    expect(settings.logLevel).toBe('info');
  });

  it('reaches the core through its environment unchanged', () => {
    const settings = desktopSettings(
      ['--data-dir', '/d', '--vault', '/v', '--allow-path', '/a', '--allow-path', '/b', '--log-level', 'error'],
      {},
      { dataDir: USER_DATA },
    );
    const env = coreEnvironment(settings, { PATH: '/usr/bin', OFFICINA_VAULT: '/stale' });
    expect(env['PATH']).toBe('/usr/bin');
    expect(env['OFFICINA_VAULT']).toBe('/v');
    expect(readCoreEnvironment(env)).toEqual(settings);
  });

  it('refuses to start the core without a data directory', () => {
    expect(() => readCoreEnvironment({})).toThrow(/OFFICINA_DATA_DIR/);
  });
});

describe('how Claude Desktop starts the desktop app’s server', () => {
  it('is the app’s executable on the CLI inside the app, read back by the core', async () => {
    const { desktopMcpLaunch, readDesktopMcpLaunch } = await import('./core-env.js');
    const env = desktopMcpLaunch(
      '/Applications/Officina.app/Contents/MacOS/Officina',
      '/Applications/Officina.app/Contents/Resources/app.asar',
    );
    expect(readDesktopMcpLaunch(env)).toEqual({
      nodePath: '/Applications/Officina.app/Contents/MacOS/Officina',
      cliPath: '/Applications/Officina.app/Contents/Resources/app.asar/out/node/electron/cli/main.js',
    });
    expect(readDesktopMcpLaunch({})).toBeUndefined();
    expect(readDesktopMcpLaunch({ OFFICINA_APP_EXECUTABLE: 'officina', OFFICINA_APP_CLI: 'main.js' })).toBeUndefined();
  });
});

describe('Claude Desktop’s entry for an AppImage', () => {
  const MOUNT = '/tmp/.mount_OfficiXb3kQ';
  const APPIMAGE_ENV = { APPIMAGE: '/home/zoe/Applications/Officina-0.1.0.AppImage', APPDIR: MOUNT };

  it('knows an AppImage by its runtime’s APPIMAGE and APPDIR, with the executable inside the mount', async () => {
    const { appImageOf } = await import('./core-env.js');
    expect(appImageOf(`${MOUNT}/officina`, APPIMAGE_ENV)).toBe('/home/zoe/Applications/Officina-0.1.0.AppImage');
    expect(appImageOf('/opt/Officina/officina', APPIMAGE_ENV)).toBeUndefined();
    expect(appImageOf(`${MOUNT}other/officina`, APPIMAGE_ENV)).toBeUndefined();
    expect(appImageOf(`${MOUNT}/officina`, { APPDIR: MOUNT })).toBeUndefined();
    expect(appImageOf(`${MOUNT}/officina`, { APPIMAGE: 'Officina.AppImage', APPDIR: MOUNT })).toBeUndefined();
  });

  it('runs the AppImage file, not the transient mount, on a launcher in the data directory', async () => {
    const { desktopMcpLaunch, readDesktopMcpLaunch } = await import('./core-env.js');
    const launch = readDesktopMcpLaunch(
      desktopMcpLaunch(`${MOUNT}/officina`, `${MOUNT}/resources/app.asar`, APPIMAGE_ENV, USER_DATA),
    );
    expect(launch).toEqual({
      nodePath: '/home/zoe/Applications/Officina-0.1.0.AppImage',
      cliPath: `${USER_DATA}/claude-desktop/officina-mcp-appimage.cjs`,
    });
    expect(JSON.stringify(launch)).not.toContain('.mount_');
    // Not an AppImage: the executable and the CLI inside the app, as before.
    expect(
      readDesktopMcpLaunch(
        desktopMcpLaunch('/opt/Officina/officina', '/opt/Officina/resources/app.asar', {}, USER_DATA),
      ),
    ).toEqual({
      nodePath: '/opt/Officina/officina',
      cliPath: '/opt/Officina/resources/app.asar/out/node/electron/cli/main.js',
    });
  });

  it('starts the MCP server from whichever mount the AppImage gets: the entry answers initialize', async () => {
    const { appImageLauncherPath, prepareDesktopMcpLaunch, readDesktopMcpLaunch } = await import('./core-env.js');
    const { claudeDesktopEntry } = await import('../../shared/settings.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const { tempDir } = await import('../../test/helpers.js');
    const root = resolve(import.meta.dirname, '..', '..');
    const base = tempDir('officina-appimage-');
    // A mount as the AppImage runtime makes one: the executable (Node standing in for Electron run as
    // Node; a hard link, since Node names its real path as execPath) and resources/app.asar (the built app).
    const mount = join(base, '.mount_OfficiXb3kQ');
    mkdirSync(join(mount, 'resources'), { recursive: true });
    const executable = join(mount, 'officina');
    try {
      linkSync(process.execPath, executable);
    } catch {
      copyFileSync(process.execPath, executable);
      chmodSync(executable, 0o755);
    }
    symlinkSync(root, join(mount, 'resources', 'app.asar'));
    const dataDir = join(base, 'data');
    const env = { APPIMAGE: join(base, 'Officina.AppImage'), APPDIR: mount };

    const launch = readDesktopMcpLaunch(
      prepareDesktopMcpLaunch(executable, join(mount, 'resources', 'app.asar'), env, dataDir),
    );
    expect(launch?.cliPath).toBe(appImageLauncherPath(dataDir));
    expect(existsSync(appImageLauncherPath(dataDir))).toBe(true);
    const entry = claudeDesktopEntry({
      node_path: launch?.nodePath ?? '',
      cli_path: launch?.cliPath ?? '',
      data_dir: dataDir,
      vault: join(base, 'vault'),
      run_as_node: true,
    });
    expect(entry.command).toBe(env.APPIMAGE);
    // Passed after the launcher, so that the AppImage's start script adds none before it.
    expect(entry.args.at(-1)).toBe('--no-sandbox');

    // The AppImage's start script execs the mounted executable with the entry's arguments.
    const client = new Client({ name: 'appimage-entry', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: executable,
      args: entry.args,
      env: { ...entry.env, PATH: '/usr/bin:/bin' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    await client.connect(transport).catch((error: unknown) => {
      throw new Error(`the entry did not start: ${String(error)}\n${stderr}`);
    });
    try {
      expect(client.getServerVersion()?.name).toBe('officina');
      expect((await client.listTools()).tools.some((tool) => tool.name === 'create_customer')).toBe(true);
    } finally {
      await client.close();
    }
  }, 120_000);
});
