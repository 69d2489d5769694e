import { Alert, Badge, Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import type { Monitor, NotificationDelivery } from '../../../../shared/monitors.js';
import { formatDateTime } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { navigate } from '../../router.js';
import { useNotificationActions, useNotifications } from './scraperQueries.js';

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** One delivery of a change, as a short label: sent, being retried, or given up. */
function DeliveryBadge({ delivery }: { delivery: NotificationDelivery }) {
  const where = hostOf(delivery.target);
  if (delivery.state === 'delivered')
    return (
      <Badge variant="light" color="green">
        Sent to {where}
      </Badge>
    );
  if (delivery.state === 'failed')
    return (
      <Badge variant="light" color="red">
        Not sent to {where}
      </Badge>
    );
  return (
    <Badge variant="light" color={delivery.attempts > 0 ? 'yellow' : 'gray'}>
      {delivery.attempts > 0 ? `Retrying ${where}` : `Sending to ${where}`}
    </Badge>
  );
}

/** The changes the person has not looked at yet, across all watched pages. */
export function NotificationsInbox() {
  const inbox = useNotifications();
  const { markRead } = useNotificationActions();
  const unread = inbox.data?.items.filter((n) => !n.read) ?? [];
  if (unread.length === 0) return null;

  return (
    <Paper withBorder p="sm" radius="md" aria-label="New changes" role="region">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap={6}>
            <IconBell size={18} aria-hidden />
            <Text fw={600} size="sm">
              {unread.length === 1 ? '1 new change' : `${inbox.data?.unread ?? unread.length} new changes`}
            </Text>
          </Group>
          <Button
            size="xs"
            variant="default"
            loading={markRead.isPending}
            onClick={() =>
              markRead.mutate({ all: true }, { onError: (e) => notifyError('Could not mark the changes as read', e) })
            }
          >
            Mark all as read
          </Button>
        </Group>
        {unread.slice(0, 8).map((n) => (
          <Group key={n.id} justify="space-between" align="flex-start" wrap="nowrap">
            <UnstyledButton onClick={() => navigate(`/scraper/watched/${n.monitor_id}`)} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500}>
                {n.title}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(n.created_at)} · {n.added_lines} added, {n.removed_lines} removed
              </Text>
              <Text size="xs" style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>
                {n.body}
              </Text>
            </UnstyledButton>
            <Group gap={4} wrap="nowrap">
              {n.deliveries.map((d) => (
                <DeliveryBadge key={d.id} delivery={d} />
              ))}
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() =>
                  markRead.mutate(
                    { notification_ids: [n.id] },
                    { onError: (e) => notifyError('Could not mark the change as read', e) },
                  )
                }
              >
                Mark read
              </Button>
            </Group>
          </Group>
        ))}
        {unread.length > 8 && (
          <Text size="xs" c="dimmed">
            And {unread.length - 8} more — open a page below to see its changes.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** On a watched page: its unread changes, and a notification that could not be sent, with "Retry now". */
export function MonitorNotificationState({ monitor }: { monitor: Monitor }) {
  const { markRead, retry } = useNotificationActions();
  const problem = monitor.notification_problem;
  return (
    <>
      {monitor.unread_notifications > 0 && (
        <Group gap="xs">
          <Badge color="blue" variant="filled">
            {monitor.unread_notifications === 1 ? '1 new change' : `${monitor.unread_notifications} new changes`}
          </Badge>
          <Button
            size="compact-sm"
            variant="default"
            loading={markRead.isPending}
            onClick={() =>
              markRead.mutate(
                { monitor_id: monitor.id },
                { onError: (e) => notifyError('Could not mark the changes as read', e) },
              )
            }
          >
            Mark as read
          </Button>
        </Group>
      )}
      {problem && (
        <Alert
          color={problem.state === 'failed' ? 'red' : 'yellow'}
          title={problem.state === 'failed' ? 'A change was not sent' : 'A change could not be sent yet'}
        >
          <Stack gap="xs">
            <Text size="sm">
              Notification to {problem.target} failed {times(problem.attempts)}: {problem.last_error}.{' '}
              {problem.state === 'failed'
                ? 'Officina has stopped trying.'
                : problem.next_attempt_at
                  ? `Officina tries again at ${formatDateTime(problem.next_attempt_at)}.`
                  : 'Officina tries again soon.'}
            </Text>
            <Group>
              <Button
                size="xs"
                variant="default"
                loading={retry.isPending}
                onClick={() =>
                  retry.mutate(problem.id, {
                    onSuccess: () => notifySuccess(`Sending the change to ${hostOf(problem.target)} again`),
                    onError: (e) => notifyError('Could not send it again', e),
                  })
                }
              >
                Retry now
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </>
  );
}
