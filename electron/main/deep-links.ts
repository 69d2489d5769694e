/** The app's URL scheme: `officina://customers/12` opens that customer in the window. */
export const DEEP_LINK_SCHEME = 'officina';

/** Record kinds a link may name, and the window's route for one (renderer/src/router.ts's hash routes). */
const RECORD_ROUTES: Readonly<Record<string, (id: string) => string>> = {
  customers: (id) => `/customers/${id}`,
  orders: (id) => `/sales/orders/${id}`,
  products: (id) => `/sales/products/${id}`,
  monitors: (id) => `/scraper/watched/${id}`,
};

/** Views a link may open without a record. */
const VIEW_ROUTES: Readonly<Record<string, string>> = {
  dashboard: '/',
  customers: '/customers',
  sales: '/sales',
  orders: '/sales/orders',
  products: '/sales/products',
  documents: '/documents',
  scraper: '/scraper',
  monitors: '/scraper/watched',
  activity: '/activity',
  settings: '/settings',
};

/** Ids are the store's integer ids: 1 to 2^53 − 1, no sign, no leading zero. */
const ID = /^[1-9]\d{0,15}$/;

/**
 * The window route for an `officina://` link, or undefined for anything else. Strict, because a link
 * can come from any web page or program: only `officina://<view>` or `officina://<kind>/<id>`, with
 * nothing more — no user, password, port, query, fragment, further segments, encoded characters or
 * ids that are not whole numbers. The result is built from this table, never from the link's text.
 */
export function parseDeepLink(link: unknown): string | undefined {
  if (typeof link !== 'string' || link.length > 200) return undefined;
  // Before URL parsing, which would fold case, trim, decode and drop a trailing dot or slash quietly.
  const match = /^officina:\/\/([a-z]+)(?:\/([0-9]+))?\/?$/.exec(link);
  if (!match) return undefined;
  const [, kind = '', id] = match;
  if (id === undefined) return VIEW_ROUTES[kind];
  if (!ID.test(id) || !Number.isSafeInteger(Number(id))) return undefined;
  return RECORD_ROUTES[kind]?.(id);
}

/**
 * The deep link among a started process's arguments (Windows and Linux hand the link to the app as
 * an argument, to the first instance through `second-instance`). Only an argument that is a whole
 * link counts, and only one: Chromium's switches and the app path are skipped.
 */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (!arg.startsWith(`${DEEP_LINK_SCHEME}://`)) continue;
    const route = parseDeepLink(arg);
    if (route !== undefined) return route;
  }
  return undefined;
}
