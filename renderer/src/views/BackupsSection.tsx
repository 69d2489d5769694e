import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDatabaseExport, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import type { Backup, BackupKind } from '../../../shared/backups.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatDateTime } from '../format.js';
import { errorMessage, notifySuccess } from '../notify.js';
import { restartOfficina } from '../api.js';
import { useAppInfo, useBackupActions, useBackups } from './settingsQueries.js';

const KIND_TEXT: Record<BackupKind, string> = {
  manual: 'On request',
  scheduled: 'Scheduled',
  before_restore: 'Before a restore',
  before_migration: 'Before an update',
};

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Copies of the database in the data directory: made on request or on a schedule, kept a number at a
 * time, and restored from here. A restore replaces the database when Officina next starts, not while
 * it runs, and the database as it is then is kept first.
 */
export function BackupsSection() {
  const backups = useBackups();
  const { backUp, restore, cancelRestore, updatePolicy } = useBackupActions();
  const [confirming, setConfirming] = useState<Backup | undefined>();
  const data = backups.data;
  const pending = data?.pending_restore;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="backups-section-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4" id="backups-section-title">
              Backups
            </Title>
            <Text size="sm" c="dimmed">
              Copies of your data, made while Officina keeps working.{' '}
              {data && (
                <>
                  They are kept in <Code>{data.folder}</Code>.
                </>
              )}
            </Text>
          </div>
          <Button
            size="xs"
            leftSection={<IconDatabaseExport size={14} aria-hidden />}
            loading={backUp.isPending}
            onClick={() =>
              backUp.mutate(undefined, { onSuccess: (made) => notifySuccess(`Backup made: ${made.name}`) })
            }
          >
            Back up now
          </Button>
        </Group>
        {backUp.isError && (
          <Alert color="red" title="The backup could not be made">
            {errorMessage(backUp.error)}
          </Alert>
        )}
        {backups.isError && (
          <ErrorNotice
            title="Could not list the backups"
            error={backups.error}
            onRetry={() => void backups.refetch()}
          />
        )}
        {pending && (
          <Alert color="yellow" title="A restore is waiting for the next start" role="status">
            <Stack gap="xs">
              <Text size="sm">
                <Code>{pending.source}</Code> replaces your data when Officina starts next. Your data as it is then is
                backed up first. Restart Claude Desktop too if it is connected.
              </Text>
              <RestartNow />
              <Group>
                <Button
                  size="xs"
                  variant="default"
                  loading={cancelRestore.isPending}
                  onClick={() => cancelRestore.mutate()}
                >
                  Cancel the restore
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {data && (
          <Group align="flex-end" gap="md">
            <Switch
              label="Back up on a schedule"
              checked={data.policy.scheduled}
              onChange={(event) => updatePolicy.mutate({ scheduled: event.currentTarget.checked })}
            />
            <NumberInput
              label="Every (hours)"
              w={130}
              min={1}
              max={720}
              allowDecimal={false}
              disabled={!data.policy.scheduled}
              defaultValue={data.policy.interval_hours}
              key={`interval-${data.policy.interval_hours}`}
              onBlur={(event) => {
                const value = Number(event.currentTarget.value);
                if (Number.isInteger(value) && value !== data.policy.interval_hours)
                  updatePolicy.mutate({ interval_hours: value });
              }}
            />
            <NumberInput
              label="Backups to keep"
              description="Of each kind; the oldest go first"
              w={220}
              min={1}
              max={100}
              allowDecimal={false}
              defaultValue={data.policy.keep}
              key={`keep-${data.policy.keep}`}
              onBlur={(event) => {
                const value = Number(event.currentTarget.value);
                if (Number.isInteger(value) && value !== data.policy.keep) updatePolicy.mutate({ keep: value });
              }}
            />
          </Group>
        )}
        {updatePolicy.isError && (
          <Alert color="red" title="The backup settings were not saved">
            {errorMessage(updatePolicy.error)}
          </Alert>
        )}
        {data && data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No backups yet.
          </Text>
        )}
        {data && data.items.length > 0 && (
          <Table striped aria-label="Backups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Made</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((backup) => (
                <Table.Tr key={backup.name}>
                  <Table.Td>{formatDateTime(backup.created_at)}</Table.Td>
                  <Table.Td>{KIND_TEXT[backup.kind]}</Table.Td>
                  <Table.Td>{size(backup.bytes)}</Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconRestore size={12} aria-hidden />}
                      aria-label={`Restore the backup of ${formatDateTime(backup.created_at)}`}
                      onClick={() => {
                        restore.reset();
                        setConfirming(backup);
                      }}
                    >
                      Restore…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {confirming && (
        <Modal opened onClose={() => setConfirming(undefined)} title="Restore this backup?" size="md">
          <Stack gap="md">
            <Text size="sm">
              Your data goes back to how it was on <strong>{formatDateTime(confirming.created_at)}</strong>: everything
              stored since then is replaced. Officina checks the backup now and restores it the next time it starts;
              your data as it is then is backed up first, so this can be undone.
            </Text>
            {restore.isError && (
              <Alert color="red" title="This backup cannot be restored">
                {errorMessage(restore.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(undefined)} data-autofocus>
                Cancel
              </Button>
              <Button
                color="red"
                loading={restore.isPending}
                onClick={() =>
                  restore.mutate(confirming.name, {
                    onSuccess: () => setConfirming(undefined),
                  })
                }
              >
                Restore at next start
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}

/**
 * What this Officina can do about the next start, said as it is: the desktop app restarts itself;
 * `serve` can stop when a process manager will start it again; otherwise whoever runs it must.
 */
function RestartNow() {
  const how = useAppInfo().data?.restart;
  const [state, setState] = useState<'idle' | 'restarting' | 'failed'>('idle');
  const [problem, setProblem] = useState('');
  if (how === undefined) return null;
  if (how === 'manual') {
    return (
      <Text size="sm">
        Officina is running as a server here and cannot restart itself. Ask whoever started it to restart it (for
        example <Code>docker restart officina</Code> or <Code>systemctl restart officina</Code>).
      </Text>
    );
  }
  const restart = () => {
    setState('restarting');
    restartOfficina().then(
      () => {
        // The server stops and comes back: the page reloads itself once it answers again.
        if (how === 'stop') waitForServerThenReload();
      },
      (error: unknown) => {
        setState('failed');
        setProblem(errorMessage(error));
      },
    );
  };
  return (
    <Stack gap={4}>
      <Group>
        <Button size="xs" loading={state === 'restarting'} onClick={restart}>
          Restart Officina now
        </Button>
      </Group>
      {state === 'restarting' && how === 'stop' && (
        <Text size="sm" role="status">
          Officina is stopping; its server starts it again in a moment, and this page reloads when it is back.
        </Text>
      )}
      {state === 'failed' && (
        <Text size="sm" c="red" role="alert">
          Officina could not restart: {problem}
        </Text>
      )}
    </Stack>
  );
}

function waitForServerThenReload(): void {
  let tries = 0;
  // Only an answer from after the stop counts: the old process answers until it has stopped.
  let wentAway = false;
  const timer = window.setInterval(() => {
    tries++;
    if (tries > 120) window.clearInterval(timer);
    fetch('/ready', { cache: 'no-store' }).then(
      (response) => {
        if (!response.ok) wentAway = true;
        else if (wentAway) {
          window.clearInterval(timer);
          window.location.reload();
        }
      },
      () => (wentAway = true),
    );
  }, 1000);
}
