import { parseDeepLink } from './deep-links.js';

/** A desktop notification as any part of the app asks for one: a title, a body, and where a click goes. */
export interface NotificationRequest {
  title: string;
  body: string;
  /** An `officina://` link (deep-links.ts): clicking the notification opens the window there. */
  link?: string | undefined;
}

export interface DesktopNotification {
  title: string;
  body: string;
  /** The window's route for the link; undefined opens the window as it is. */
  route: string | undefined;
}

const TITLE_MAX = 120;
const BODY_MAX = 500;

/**
 * The notification to show for a request, or undefined when it is not one: a title is needed, text
 * is cut to what a notification shows (with an ellipsis), and a link that is not a valid `officina://`
 * link is refused rather than dropped, so that a mistake in the caller is seen, not a click that
 * quietly goes nowhere.
 */
export function desktopNotification(request: unknown): DesktopNotification | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const { title, body, link } = request as Record<string, unknown>;
  if (typeof title !== 'string' || title.trim() === '' || typeof body !== 'string') return undefined;
  let route: string | undefined;
  if (link !== undefined && link !== null) {
    route = parseDeepLink(link);
    if (route === undefined) return undefined;
  }
  return { title: cut(title.trim(), TITLE_MAX), body: cut(body.trim(), BODY_MAX), route };
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
