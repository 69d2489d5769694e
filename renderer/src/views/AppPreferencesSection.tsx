import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import type { AppPreferences } from '../../../shared/app-preferences.js';
import { errorMessage } from '../notify.js';
import { useAppPreferences, useUpdateAppPreferences } from './settingsQueries.js';

/**
 * How Officina runs on this computer. Open at login and updates belong to the desktop app (`desktop`);
 * pausing scheduled checks holds wherever Officina runs on this data.
 */
export function AppPreferencesSection({ desktop }: { desktop: boolean }) {
  const preferences = useAppPreferences();
  const update = useUpdateAppPreferences();
  const prefs = preferences.data;
  const toggle = (key: keyof AppPreferences) => (event: React.ChangeEvent<HTMLInputElement>) =>
    update.mutate({ [key]: event.currentTarget.checked });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="app-preferences-title">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="app-preferences-title">
            On this computer
          </Title>
          <Text size="sm" c="dimmed">
            How Officina runs here.
          </Text>
        </div>
        {prefs && (
          <>
            {desktop && (
              <Switch
                label="Open Officina when I log in"
                checked={prefs.open_at_login}
                onChange={toggle('open_at_login')}
              />
            )}
            {desktop && (
              <Switch
                label="Install updates automatically"
                description="Officina looks for a new version a few times a day and installs it when you quit. Off until you turn it on."
                checked={prefs.auto_update}
                onChange={toggle('auto_update')}
              />
            )}
            <Switch
              label="Pause scheduled page checks"
              description="Watched pages are not checked on their schedule until you resume; checking one now still works."
              checked={prefs.schedules_paused}
              onChange={toggle('schedules_paused')}
            />
          </>
        )}
        {(preferences.isError || update.isError) && (
          <Alert color="red" title="Could not change this">
            {errorMessage(preferences.error ?? update.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
