import { Stack, Text, Title } from '@mantine/core';
import { ErrorNotice } from '../components/ListNotices.js';
import { ActivityRetentionSection } from './ActivityRetentionSection.js';
import { AllowedFoldersSection } from './AllowedFoldersSection.js';
import { AppDataSection } from './AppDataSection.js';
import { AppPreferencesSection } from './AppPreferencesSection.js';
import { AssistantPermissionsSection } from './AssistantPermissionsSection.js';
import { BackupsSection } from './BackupsSection.js';
import { DatabaseSpaceSection } from './DatabaseSpaceSection.js';
import { BusinessSettingsForm } from './BusinessSettingsForm.js';
import { DocumentHistorySection } from './DocumentHistorySection.js';
import { McpConnectionSection } from './McpConnectionSection.js';
import { ScraperSettingsSection } from './ScraperSettingsSection.js';
import { useAppInfo } from './settingsQueries.js';

export function SettingsView() {
  const appInfo = useAppInfo();
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={2}>Settings</Title>
        <Text c="dimmed" size="sm">
          Business defaults, where your data lives, how long the activity log and document history keep it, how an
          assistant connects and what it may do.
        </Text>
      </div>
      <BusinessSettingsForm />
      {appInfo.isError && (
        <ErrorNotice
          title="Could not load app information"
          error={appInfo.error}
          onRetry={() => void appInfo.refetch()}
        />
      )}
      <AppDataSection info={appInfo.data} />
      <BackupsSection />
      <DatabaseSpaceSection />
      {/* The desktop app runs its own executable as Node for Claude Desktop; serve does not. */}
      <AppPreferencesSection desktop={appInfo.data?.run_as_node === true} />
      <ActivityRetentionSection />
      <DocumentHistorySection />
      <McpConnectionSection info={appInfo.data} />
      <AssistantPermissionsSection />
      <AllowedFoldersSection />
      <ScraperSettingsSection />
    </Stack>
  );
}
