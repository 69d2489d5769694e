import { delimiter, resolve } from 'node:path';
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
