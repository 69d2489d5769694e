import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security.js';

/** Electron's security checklist for the one window: isolated, sandboxed, no Node. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

/**
 * The one window; shown once its first frame is ready, so it never flashes white. `place`: where it
 * opens (window-state.ts), which changes nothing else.
 */
export function mainWindowOptions(
  preloadPath: string,
  place?: { x: number; y: number; width: number; height: number },
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    ...place,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Officina',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

type Headers = Record<string, string | string[]>;

/**
 * Response headers with Officina's CSP, replacing any the response brought (in any letter case). The
 * renderer's meta tag says the same; the header adds frame-ancestors and also covers the dev server.
 */
export function withContentSecurityPolicy(headers: Headers | undefined): Headers {
  const result: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}
