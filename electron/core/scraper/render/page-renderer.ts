import type { RenderSession } from './render-session.js';

/** A page after its scripts ran: the DOM serialised as HTML, read like any fetched page. */
export interface RenderedPage {
  html: string;
  /** Where the page ended up (a script may have navigated). */
  url: string;
  /** What the person should know: the page was cut short, addresses were refused… */
  warnings: string[];
}

/**
 * Runs a page's scripts in a browser whose every request goes through `session` (Officina's guarded
 * fetcher). `serve` and the CLI use Chromium through Playwright; the desktop app may bring its own
 * browser behind the same interface.
 */
export interface PageRenderer {
  render(session: RenderSession, signal: AbortSignal): Promise<RenderedPage>;
  /** Closes the browser; the next render launches it again. */
  close(): Promise<void>;
}
