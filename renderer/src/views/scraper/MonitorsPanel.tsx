import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Drawer,
  EmptyState,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconEye, IconPlus, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Monitor } from '../../../../shared/monitors.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { SortTh } from '../../components/SortHeader.js';
import { formatDateTime } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { navigate } from '../../router.js';
import { DiffView } from './DiffView.js';
import { MonitorFormModal, intervalLabel } from './MonitorFormModal.js';
import { MonitorNotificationState, NotificationsInbox } from './NotificationsInbox.js';
import { useMonitor, useMonitorActions, useMonitorHistory, useMonitors, type MonitorSort } from './scraperQueries.js';

const STATUS: Record<Monitor['status'], { label: string; color: string }> = {
  pending: { label: 'Not checked yet', color: 'gray' },
  ok: { label: 'No change', color: 'green' },
  changed: { label: 'Changed', color: 'blue' },
  error: { label: 'Problem', color: 'red' },
};

export function MonitorStatusBadge({ monitor }: { monitor: Monitor }) {
  if (!monitor.enabled)
    return (
      <Badge color="gray" variant="outline">
        Paused
      </Badge>
    );
  const status = STATUS[monitor.status];
  return (
    <Badge color={status.color} variant="light">
      {status.label}
    </Badge>
  );
}

/** The pages being watched, and one of them opened with its changes. */
export function MonitorsPanel({ openId }: { openId: number | null }) {
  // Newest first until a header sorts the list (the operation sorts, so every page is in order).
  const [sort, setSort] = useState<MonitorSort>({ column: 'created_at', order: 'desc' });
  const list = useMonitors(sort);
  const monitors = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [creating, setCreating] = useState(false);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Officina checks these pages while it runs and tells you what changed — never a change of spacing or of the
          parts you leave out.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          Watch a page
        </Button>
      </Group>
      <NotificationsInbox />
      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading watched pages" />
        </Center>
      ) : list.isError ? (
        <ErrorNotice title="Could not load the watched pages" error={list.error} onRetry={() => void list.refetch()} />
      ) : monitors.length === 0 ? (
        <EmptyState
          icon={<IconEye size={32} aria-hidden />}
          title="No pages watched yet"
          description="Watch a page to hear when its prices, stock or news change."
          py="xl"
        />
      ) : (
        <Table highlightOnHover aria-label="Watched pages">
          <Table.Thead>
            <Table.Tr>
              <SortTh label="Page" name="name" column="name" kind="text" sort={sort} onSort={setSort} />
              <SortTh
                label="Checked"
                name="last checked"
                column="last_checked_at"
                kind="date"
                sort={sort}
                onSort={setSort}
              />
              <SortTh
                label="Status"
                column="status"
                kind="text"
                words={{ asc: 'problems first', desc: 'paused first' }}
                sort={sort}
                onSort={setSort}
              />
              <SortTh label="Last change" column="last_changed_at" kind="date" sort={sort} onSort={setSort} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {monitors.map((m) => (
              <Table.Tr key={m.id} aria-selected={m.id === openId}>
                <Table.Td>
                  <UnstyledButton onClick={() => navigate(`/scraper/watched/${m.id}`)}>
                    <Text fw={500} size="sm">
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.url}
                    </Text>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{intervalLabel(m.interval_minutes)}</Text>
                  <Text size="xs" c="dimmed">
                    {m.last_checked_at ? `Last ${formatDateTime(m.last_checked_at)}` : 'Not checked yet'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <MonitorStatusBadge monitor={m} />
                    {m.unread_notifications > 0 && (
                      <Badge color="blue" variant="filled" size="sm">
                        {m.unread_notifications} new
                      </Badge>
                    )}
                    {m.notification_problem && (
                      <Badge color={m.notification_problem.state === 'failed' ? 'red' : 'yellow'} variant="light">
                        Notification not sent
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{m.last_changed_at ? formatDateTime(m.last_changed_at) : '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && (
        <MonitorFormModal
          opened
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/scraper/watched/${id}`)}
        />
      )}
      <MonitorDrawer id={openId} onClose={() => navigate('/scraper/watched')} />
    </Stack>
  );
}

function MonitorDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const monitor = useMonitor(id);
  const history = useMonitorHistory(id);
  const { check, update, remove } = useMonitorActions();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const m = monitor.data;

  const checkNow = () => {
    if (!m) return;
    check.mutate(m.id, {
      onSuccess: (result) =>
        notifySuccess(
          result.changed
            ? `${m.name} changed`
            : result.baseline
              ? `${m.name} checked for the first time`
              : `No change on ${m.name}`,
        ),
      onError: (error) => notifyError(`Could not check ${m.name}`, error),
    });
  };

  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="xl" title={m?.name ?? 'Watched page'}>
      {monitor.isPending ? (
        <Loader aria-label="Loading the watched page" />
      ) : monitor.isError || !m ? (
        <ErrorNotice
          title="Could not load this watched page"
          error={monitor.error}
          onRetry={() => void monitor.refetch()}
        />
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            <MonitorStatusBadge monitor={m} />
            <Text size="sm">{intervalLabel(m.interval_minutes)}</Text>
            {m.render === 'always' && (
              <Badge variant="light" color="grape">
                Scripts run
              </Badge>
            )}
            {m.webhook_url && (
              <Text size="sm" c="dimmed">
                · changes also sent to {m.webhook_url}
              </Text>
            )}
          </Group>
          <Anchor href={m.url} target="_blank" rel="noreferrer noopener" size="sm">
            {m.url}
          </Anchor>
          <MonitorNotificationState monitor={m} />
          {m.last_error && (
            <Alert
              color={m.status === 'error' ? 'red' : 'yellow'}
              title={m.status === 'error' ? 'This page has a problem' : 'The last check had a problem'}
            >
              {m.last_error}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {m.last_checked_at ? `Last checked ${formatDateTime(m.last_checked_at)}` : 'Not checked yet'}
            {m.next_check_at && m.enabled ? ` · next check ${formatDateTime(m.next_check_at)}` : ''}
          </Text>
          <Group gap="xs">
            <Button leftSection={<IconRefresh size={16} aria-hidden />} loading={check.isPending} onClick={checkNow}>
              Check now
            </Button>
            <Button variant="default" onClick={() => setEditing(true)}>
              Change
            </Button>
            <Button
              variant="default"
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { monitor_id: m.id, enabled: !m.enabled },
                  { onError: (e) => notifyError('Could not change it', e) },
                )
              }
            >
              {m.enabled ? 'Pause' : 'Resume'}
            </Button>
            <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
              Stop watching
            </Button>
          </Group>
          <Stack gap="sm">
            <Text fw={600}>Changes</Text>
            {history.isPending ? (
              <Loader size="sm" aria-label="Loading changes" />
            ) : history.isError ? (
              <ErrorNotice
                compact
                title="Could not load the changes"
                error={history.error}
                onRetry={() => void history.refetch()}
              />
            ) : history.data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No changes found yet.
              </Text>
            ) : (
              history.data.items.map((change) => (
                <Stack key={change.id} gap={4}>
                  <Text size="sm">
                    {formatDateTime(change.taken_at)} · {change.added_lines} added, {change.removed_lines} removed
                  </Text>
                  {change.diff && (
                    <DiffView diff={change.diff} label={`Change of ${formatDateTime(change.taken_at)}`} />
                  )}
                </Stack>
              ))
            )}
          </Stack>
          {editing && <MonitorFormModal opened monitor={m} onClose={() => setEditing(false)} />}
          <Modal opened={deleting} onClose={() => setDeleting(false)} title={`Stop watching ${m.name}?`}>
            <Stack>
              <Text size="sm">Its history of changes is deleted with it.</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setDeleting(false)}>
                  Keep watching
                </Button>
                <Button
                  color="red"
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate(m.id, {
                      onSuccess: () => {
                        setDeleting(false);
                        notifySuccess(`Stopped watching ${m.name}`);
                        onClose();
                      },
                      onError: (e) => notifyError('Could not stop watching it', e),
                    })
                  }
                >
                  Stop watching
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Stack>
      )}
    </Drawer>
  );
}
