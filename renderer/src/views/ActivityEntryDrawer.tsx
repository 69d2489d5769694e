import { Alert, Button, Code, CopyButton, DataList, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import type { ActivityEntry } from '../../../shared/activity.js';
import { formatDateTime, formatDuration } from '../format.js';
import { DetailItem } from '../components/DetailItem.js';
import { ActivityCaller } from './ActivityCaller.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';

export interface ActivityEntryDrawerProps {
  entry: ActivityEntry | null;
  onClose: () => void;
}

export function ActivityEntryDrawer({ entry, onClose }: ActivityEntryDrawerProps) {
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={entry ? entry.operation : 'Activity entry'}
      closeButtonProps={{ 'aria-label': 'Close activity entry' }}
    >
      {entry && <EntryDetails entry={entry} />}
    </Drawer>
  );
}

function EntryDetails({ entry }: { entry: ActivityEntry }) {
  const input = entry.input === undefined ? '(no input)' : JSON.stringify(entry.input, null, 2);
  return (
    <Stack gap="md">
      <DataList labelWidth="7rem">
        <DetailItem label="Time">{formatDateTime(entry.at, true)}</DetailItem>
        <DetailItem label="Caller">
          <ActivityCaller entry={entry} />
        </DetailItem>
        <DetailItem label="Operation">
          <Text size="sm" ff="monospace">
            {entry.operation}
          </Text>
        </DetailItem>
        <DetailItem label="Outcome">
          <ActivityOutcomeBadge outcome={entry.outcome} />
        </DetailItem>
        <DetailItem label="Duration">{formatDuration(entry.duration_ms)}</DetailItem>
        <DetailItem label="Entry">#{entry.id}</DetailItem>
      </DataList>
      {entry.error_message !== null && (
        <Alert color="red" title={`Error: ${entry.outcome}`}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.error_message}
          </Text>
        </Alert>
      )}
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Input
          </Title>
          <CopyButton value={input}>
            {({ copied, copy }) => (
              <Button size="xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy input'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Code block className="json-block">
          {input}
        </Code>
      </Stack>
    </Stack>
  );
}
