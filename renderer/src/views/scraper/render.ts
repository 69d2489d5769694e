import type { RENDER_MODES } from '../../../../shared/scraper.js';

export type RenderChoice = (typeof RENDER_MODES)[number];

/** How a person chooses whether a page's scripts run before it is read. */
export const RENDER_CHOICES: { value: RenderChoice; label: string }[] = [
  { value: 'auto', label: 'Only when the page is empty without them' },
  { value: 'always', label: 'Always' },
  { value: 'never', label: 'Never' },
];

export const RENDER_HELP =
  'Some pages only show their text once their scripts have run. Officina runs them in a sealed browser that ' +
  'reaches nothing on your network you have not allowed.';
