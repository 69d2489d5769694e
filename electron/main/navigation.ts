import { pathToFileURL } from 'node:url';

/**
 * Which URLs the window may show. The app is one page: the built renderer's index.html (file://), or,
 * in development, the Vite dev server. Anything else — a link, a redirect, a form, a script setting
 * `location` — is refused in the window; https links open in the person's browser instead.
 */
export interface AppUrlPolicy {
  /** The URL the window loads. */
  readonly startUrl: string;
  /** True for the app's own page (any #route or ?query on it). */
  isAppUrl(url: string): boolean;
}

export function appUrlPolicy(options: { rendererIndexPath: string; devServerUrl?: string | undefined }): AppUrlPolicy {
  const dev = options.devServerUrl ? parseUrl(options.devServerUrl) : undefined;
  if (options.devServerUrl && (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:'))) {
    throw new Error(`The renderer dev server URL must be http(s): ${options.devServerUrl}`);
  }
  if (dev) {
    return {
      startUrl: dev.href,
      // The dev server serves the app and its modules from one origin.
      isAppUrl: (url) => parseUrl(url)?.origin === dev.origin,
    };
  }
  const index = pathToFileURL(options.rendererIndexPath);
  return {
    startUrl: index.href,
    // One file, not its folder: a file:// origin is opaque, so compare the path itself.
    isAppUrl: (url) => {
      const parsed = parseUrl(url);
      return parsed?.protocol === 'file:' && parsed.host === index.host && parsed.pathname === index.pathname;
    },
  };
}

/** Links the person may follow out of the app, in their browser: https only, no credentials in the URL. */
export function opensExternally(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed?.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
