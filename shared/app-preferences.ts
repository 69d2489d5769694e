import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';

/**
 * How Officina behaves on this computer: what runs when, and what it fetches from the internet. The
 * desktop app applies the first two (electron/main); scheduled page checks pause in every process on
 * this data directory. Person-only: each changes what runs on the person's computer.
 */
export const AppPreferences = z.object({
  open_at_login: z.boolean().describe('Start the desktop app when the person logs in'),
  auto_update: z.boolean().describe('Let the desktop app look for, download and install updates'),
  schedules_paused: z.boolean().describe('Scheduled page monitor checks are paused'),
});
export type AppPreferences = z.infer<typeof AppPreferences>;

// Updates are off until the person turns them on: the app fetches nothing they did not ask for.
export const DEFAULT_APP_PREFERENCES: AppPreferences = {
  open_at_login: false,
  auto_update: false,
  schedules_paused: false,
};

export const getAppPreferences = defineContract({
  name: 'get_app_preferences',
  domain: 'settings',
  reveals: [],
  title: 'Get app preferences',
  description: 'Open at login, automatic updates, and whether scheduled checks are paused. For the person only.',
  input: z.strictObject({}),
  output: AppPreferences,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const updateAppPreferences = defineContract({
  name: 'update_app_preferences',
  domain: 'settings',
  reveals: [],
  title: 'Update app preferences',
  description: 'Change open at login, automatic updates, or pause scheduled checks. For the person only.',
  input: z.strictObject({
    open_at_login: z.boolean().optional(),
    auto_update: z.boolean().optional(),
    schedules_paused: z.boolean().optional(),
  }),
  output: AppPreferences,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const appPreferenceContracts = [getAppPreferences, updateAppPreferences] as const;
