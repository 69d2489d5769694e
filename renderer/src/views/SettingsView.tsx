import { NavLink, Stack, Text, Title } from '@mantine/core';
import {
  IconArchive,
  IconBuildingStore,
  IconDatabase,
  IconDeviceDesktop,
  IconRobot,
  IconWorldSearch,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import type { AppInfo } from '../../../shared/settings.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { href, type Route } from '../router.js';
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

interface SettingsSection {
  /** The second path segment: `#/settings/backups`. */
  segment: string;
  label: string;
  about: string;
  icon: Icon;
  render: (info: AppInfo | undefined) => ReactNode;
}

/** One page each, with its own address, so a link (or the person's bookmark) opens the section itself. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  {
    segment: 'business',
    label: 'Business',
    about: "Your country, currency, tax rate and time zone: used for new customers' phone numbers, prices and reports.",
    icon: IconBuildingStore,
    render: () => <BusinessSettingsForm />,
  },
  {
    segment: 'assistant',
    label: 'Assistant & MCP',
    about:
      'How an assistant such as Claude connects to Officina, what it may do and see, and which folders it may use.',
    icon: IconRobot,
    render: (info) => (
      <>
        <McpConnectionSection info={info} />
        <AssistantPermissionsSection />
        <AllowedFoldersSection />
      </>
    ),
  },
  {
    segment: 'scraper',
    label: 'Scraper',
    about: 'How politely web pages are read, and which addresses on your own network may be read at all.',
    icon: IconWorldSearch,
    render: () => <ScraperSettingsSection />,
  },
  {
    segment: 'backups',
    label: 'Backups',
    about: 'Copies of your data, made when you ask and on a schedule, and putting one back.',
    icon: IconArchive,
    render: () => <BackupsSection />,
  },
  {
    segment: 'app',
    label: 'App',
    about: 'How the app starts and updates.',
    icon: IconDeviceDesktop,
    // The desktop app runs its own executable as Node for Claude Desktop; serve does not.
    render: (info) => <AppPreferencesSection desktop={info?.run_as_node === true} />,
  },
  {
    segment: 'data',
    label: 'Data',
    about: 'Where your data lives, and how long the activity log and the documents’ history keep what they hold.',
    icon: IconDatabase,
    render: (info) => (
      <>
        <AppDataSection info={info} />
        <ActivityRetentionSection />
        <DocumentHistorySection />
        <DatabaseSpaceSection />
      </>
    ),
  },
];

export function SettingsView({ route }: { route: Route }) {
  const appInfo = useAppInfo();
  const segment = route.segments[1];
  const section = SETTINGS_SECTIONS.find((s) => s.segment === segment) ?? SETTINGS_SECTIONS[0];

  useEffect(() => {
    if (section) document.title = `${section.label} · Settings · Officina`;
  }, [section]);

  if (!section) return null;
  return (
    <Stack gap="md">
      <Title order={2}>Settings</Title>
      <div className="settings-layout">
        <nav className="settings-index" aria-label="Settings sections">
          {SETTINGS_SECTIONS.map((s) => (
            <NavLink
              key={s.segment}
              href={href(`/settings/${s.segment}`)}
              label={s.label}
              leftSection={<s.icon size={18} stroke={1.6} aria-hidden />}
              active={s === section}
              aria-current={s === section ? 'page' : undefined}
              className="settings-index-link"
            />
          ))}
        </nav>
        <Stack gap="lg" maw={900} className="settings-content">
          <Text c="dimmed" size="sm">
            {section.about}
          </Text>
          {appInfo.isError && (
            <ErrorNotice
              title="Could not load app information"
              error={appInfo.error}
              onRetry={() => void appInfo.refetch()}
            />
          )}
          {section.render(appInfo.data)}
        </Stack>
      </div>
    </Stack>
  );
}
