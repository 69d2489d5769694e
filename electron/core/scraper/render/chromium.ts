import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OpError } from '../../../../shared/errors.js';

/**
 * Where a Chromium usually is on each system (never a downloaded one): Debian and Ubuntu's packages,
 * Google Chrome and Chromium on macOS and Windows. OFFICINA_CHROMIUM, when set, is the only place looked.
 */
export function chromiumCandidates(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(
      (root): root is string => typeof root === 'string' && root !== '',
    );
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ];
}

/** The Chromium to render pages with, or an error that says how to give one. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string {
  const given = env['OFFICINA_CHROMIUM']?.trim();
  if (given) {
    if (exists(given)) return given;
    throw new OpError(
      'external',
      `render: "always" needs a Chromium, and OFFICINA_CHROMIUM points to ${given}, where there is none; ` +
        'set OFFICINA_CHROMIUM to the path of a Chromium or Google Chrome program, or read the page with render: "never".',
      [{ path: 'render', message: 'No Chromium' }],
    );
  }
  const found = chromiumCandidates(platform, env).find((path) => exists(path));
  if (found) return found;
  throw new OpError(
    'external',
    'render: "always" needs a Chromium, and none was found on this machine; set OFFICINA_CHROMIUM to the path of ' +
      'a Chromium or Google Chrome program (on Debian: apt-get install chromium), or read the page with render: "never".',
    [{ path: 'render', message: 'No Chromium' }],
  );
}

/**
 * Whether Chromium runs with its sandbox: yes, unless OFFICINA_CHROMIUM_SANDBOX=0, or Officina runs as
 * root (Chromium refuses to start sandboxed as root; a root process is already the host's to lose).
 * Sandboxed, Chromium on Linux needs user namespaces, which a container must allow (README, Docker).
 */
export function chromiumSandbox(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): boolean {
  const given = env['OFFICINA_CHROMIUM_SANDBOX']?.trim().toLowerCase();
  if (given === '0' || given === 'false' || given === 'no') return false;
  if (given === '1' || given === 'true' || given === 'yes') return true;
  return uid !== 0;
}
