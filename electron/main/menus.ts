import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Shows the window (creating it if closed) at a route, such as '/settings'. */
  open(route?: string): void;
  quit(): void;
}

/**
 * The application menu: Electron's standard roles, so every OS's usual shortcuts work (copy and
 * paste in forms, zoom, full screen, close and quit) without Officina deciding them. macOS gets its
 * app menu with Settings… (⌘,); elsewhere Settings sits in File. The developer tools are offered only
 * in development builds.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  options: { appName: string; development: boolean },
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.open('/settings'),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: mac ? [{ role: 'close' }] : [settings, { type: 'separator' }, { role: 'quit' }],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.development
        ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Go',
    submenu: [
      { label: 'Dashboard', accelerator: 'CmdOrCtrl+1', click: () => actions.open('/') },
      { label: 'Customers', accelerator: 'CmdOrCtrl+2', click: () => actions.open('/customers') },
      { label: 'Sales', accelerator: 'CmdOrCtrl+3', click: () => actions.open('/sales') },
      { label: 'Documents', accelerator: 'CmdOrCtrl+4', click: () => actions.open('/documents') },
      { label: 'Scraper', accelerator: 'CmdOrCtrl+5', click: () => actions.open('/scraper') },
      { label: 'Activity', accelerator: 'CmdOrCtrl+6', click: () => actions.open('/activity') },
    ],
  });
  template.push({
    role: 'window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  return template;
}

/**
 * The tray (menu bar) icon's menu: open the window, pause or resume scheduled checks, quit.
 * `paused` is undefined while the core has not said yet: the item is shown but disabled.
 */
export function trayMenuTemplate(
  state: { paused: boolean | undefined },
  actions: MenuActions & { setPaused(paused: boolean): void },
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Officina', click: () => actions.open() },
    { type: 'separator' },
    {
      label: state.paused ? 'Resume scheduled checks' : 'Pause scheduled checks',
      enabled: state.paused !== undefined,
      click: () => actions.setPaused(!state.paused),
    },
    { type: 'separator' },
    { label: 'Quit Officina', click: () => actions.quit() },
  ];
}
