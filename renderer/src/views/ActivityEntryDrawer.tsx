import {
  Accordion,
  Alert,
  Button,
  Code,
  CopyButton,
  DataList,
  Drawer,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import type { ActivityEntry } from '../../../shared/activity.js';
import { ENTITY_LABELS, describeActivity, fieldLabel, formatChangeValue } from '../../../shared/activity-sentences.js';
import { contractsByName } from '../../../shared/contracts.js';
import { isErrorCode } from '../../../shared/errors.js';
import { DetailItem } from '../components/DetailItem.js';
import { messageSentence } from '../errorWords.js';
import { formatDateTime, formatDuration } from '../format.js';
import { errorMessage, notifySuccess } from '../notify.js';
import { ActivityCaller } from './ActivityCaller.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';
import { useUndoActivity } from './activityQueries.js';

export interface ActivityEntryDrawerProps {
  entry: ActivityEntry | null;
  onClose: () => void;
  /** The entry as it is after an undo (undone_at set). */
  onChanged: (entry: ActivityEntry) => void;
}

export function ActivityEntryDrawer({ entry, onClose, onChanged }: ActivityEntryDrawerProps) {
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={entry ? describeActivity(entry) : 'Activity entry'}
      closeButtonProps={{ 'aria-label': 'Close activity entry' }}
    >
      {entry && <EntryDetails key={entry.id} entry={entry} onChanged={onChanged} />}
    </Drawer>
  );
}

function EntryDetails({ entry, onChanged }: { entry: ActivityEntry; onChanged: (entry: ActivityEntry) => void }) {
  const undo = useUndoActivity();
  const input = entry.input === undefined ? '(no input)' : JSON.stringify(entry.input, null, 2);
  const subject = entry.subject;
  return (
    <Stack gap="md">
      <DataList labelWidth="7rem">
        <DetailItem label="When">{formatDateTime(entry.at, true)}</DetailItem>
        <DetailItem label="Who">
          <ActivityCaller entry={entry} />
        </DetailItem>
        {subject && (
          <DetailItem label="Record">
            {`${ENTITY_LABELS[subject.entity]?.one ?? subject.entity} ${subject.name ?? `#${subject.id}`}`}
          </DetailItem>
        )}
        <DetailItem label="Outcome">
          <ActivityOutcomeBadge outcome={entry.outcome} />
        </DetailItem>
        {entry.undone_at !== null && <DetailItem label="Undone">{formatDateTime(entry.undone_at, true)}</DetailItem>}
      </DataList>
      {entry.error_message !== null && (
        <Alert color="red" title="Why it failed">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {messageSentence(isErrorCode(entry.outcome) ? entry.outcome : 'internal', entry.error_message)}
          </Text>
        </Alert>
      )}
      {entry.input_hidden && (
        <Text size="sm" c="dimmed">
          The details of this call are not shared with assistants.
        </Text>
      )}
      {entry.changes && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            What changed
          </Title>
          <Table aria-label="What changed" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Before</Table.Th>
                <Table.Th>After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.keys(entry.changes.after).map((field) => (
                <Table.Tr key={field}>
                  <Table.Td>{fieldLabel(field)}</Table.Td>
                  <Table.Td>{formatChangeValue(entry.changes?.before[field])}</Table.Td>
                  <Table.Td>{formatChangeValue(entry.changes?.after[field])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {entry.undoable && (
        <Stack gap="xs">
          <Group>
            <Button
              leftSection={<IconArrowBackUp size={16} aria-hidden />}
              variant="light"
              loading={undo.isPending}
              onClick={() =>
                undo.mutate(entry.id, {
                  onSuccess: (now) => {
                    notifySuccess('Undone.');
                    onChanged(now);
                  },
                })
              }
            >
              Undo
            </Button>
          </Group>
          {undo.isError && (
            <Alert color="red" title="Could not undo">
              {errorMessage(undo.error)}
            </Alert>
          )}
        </Stack>
      )}
      <Accordion variant="separated">
        <Accordion.Item value="technical">
          <Accordion.Control>Technical details</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="sm">
                Entry #{entry.id} · {contractsByName.get(entry.operation)?.title ?? fieldLabel(entry.operation)} ·{' '}
                {formatDuration(entry.duration_ms)}
              </Text>
              <Group justify="flex-end">
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
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
