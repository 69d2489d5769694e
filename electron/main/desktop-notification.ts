import type { OfficinaEvent } from '../../shared/events.js';

/**
 * What the desktop shows as a native notification for one of the core's events: a change a page
 * monitor found (in this app, or in the assistant's server sharing the database), with the lines
 * that changed after the monitor's ignore rules. Nothing for any other event.
 */
export function nativeNotificationFor(event: OfficinaEvent): { title: string; body: string } | undefined {
  if (event.type !== 'notification.changed' || event.action !== 'created') return undefined;
  const title = event.title?.trim() || 'A watched page changed';
  const body = (event.body ?? '').trim();
  // Native notifications show a few lines at most; the rest is in the app.
  return { title: title.slice(0, 120), body: body.length > 240 ? `${body.slice(0, 239)}…` : body };
}
