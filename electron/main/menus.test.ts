import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, trayMenuTemplate } from './menus.js';

type Item = MenuItemConstructorOptions;

function flatten(items: readonly Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu as Item[]) : [])]);
}

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      open: (route?: string) => calls.push(`open ${route ?? ''}`.trim()),
      quit: () => calls.push('quit'),
      setPaused: (paused: boolean) => calls.push(`paused ${paused}`),
    },
  };
}

const click = (item: Item | undefined) => (item?.click as (() => void) | undefined)?.();

describe('the application menu', () => {
  it('uses the standard roles for editing, zoom, windows and quitting on every OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const roles = flatten(
        applicationMenuTemplate(platform, { appName: 'Officina', development: false }, recorder().actions),
      )
        .map((item) => item.role)
        .filter(Boolean);
      for (const role of [
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'zoomIn',
        'zoomOut',
        'resetZoom',
        'togglefullscreen',
        'minimize',
        'quit',
      ])
        expect(roles, `${platform} ${role}`).toContain(role);
      // No developer tools or reload in a release.
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
    }
  });

  it('macOS has its app menu with Settings… (⌘,); other OSes have Settings in File', () => {
    const { calls, actions } = recorder();
    const mac = applicationMenuTemplate('darwin', { appName: 'Officina', development: false }, actions);
    expect(mac[0]?.label).toBe('Officina');
    const macItems = flatten(mac);
    expect(macItems.map((i) => i.role)).toEqual(
      expect.arrayContaining(['about', 'hide', 'hideOthers', 'services', 'front']),
    );
    const settings = macItems.find((i) => i.label === 'Settings…');
    expect(settings?.accelerator).toBe('CmdOrCtrl+,');
    click(settings);
    expect(calls).toEqual(['open /settings']);

    const win = applicationMenuTemplate('win32', { appName: 'Officina', development: true }, actions);
    expect(win[0]?.label).toBe('File');
    expect((win[0]?.submenu as Item[]).map((i) => i.label ?? i.role)).toEqual(['Settings', undefined, 'quit']);
    expect(flatten(win).map((i) => i.role)).toContain('toggleDevTools');
    expect(flatten(win).map((i) => i.role)).not.toContain('about');
  });

  it('gives every view a shortcut, without two items sharing one', () => {
    const items = flatten(
      applicationMenuTemplate('linux', { appName: 'Officina', development: false }, recorder().actions),
    );
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    const { calls, actions } = recorder();
    click(
      flatten(applicationMenuTemplate('linux', { appName: 'Officina', development: false }, actions)).find(
        (i) => i.label === 'Customers',
      ),
    );
    expect(calls).toEqual(['open /customers']);
  });
});

describe('the tray menu', () => {
  it('opens, pauses or resumes scheduled checks, and quits', () => {
    const { calls, actions } = recorder();
    const running = trayMenuTemplate({ paused: false }, actions);
    expect(running.map((i) => i.label).filter(Boolean)).toEqual([
      'Open Officina',
      'Pause scheduled checks',
      'Quit Officina',
    ]);
    for (const item of running) click(item);
    expect(calls).toEqual(['open', 'paused true', 'quit']);

    const paused = trayMenuTemplate({ paused: true }, actions);
    expect(paused.find((i) => i.label === 'Resume scheduled checks')?.enabled).toBe(true);
    click(paused.find((i) => i.label === 'Resume scheduled checks'));
    expect(calls.at(-1)).toBe('paused false');

    // Until the core has answered, the pause cannot be toggled.
    expect(trayMenuTemplate({ paused: undefined }, actions).find((i) => i.label?.includes('scheduled'))?.enabled).toBe(
      false,
    );
  });
});
