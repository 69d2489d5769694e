import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../notify.js';

export interface ErrorNoticeProps {
  title: string;
  error: unknown;
  onRetry: () => void;
  /** A slim one-line notice above a list that is still shown. */
  compact?: boolean;
}

export function ErrorNotice({ title, error, onRetry, compact = false }: ErrorNoticeProps) {
  const retry = (
    <Button size="xs" variant="light" color="red" onClick={onRetry}>
      Try again
    </Button>
  );
  if (compact) {
    return (
      <Alert color="red" py="xs" role="alert">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            {title}: {errorMessage(error)}
          </Text>
          {retry}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" title={title} icon={<IconAlertCircle aria-hidden />} role="alert">
      <Text size="sm" mb="sm">
        {errorMessage(error)}
      </Text>
      {retry}
    </Alert>
  );
}

export function StaleNotice({ message, onRefresh }: { message: string; onRefresh: () => void }) {
  return (
    <Alert color="blue" variant="light" py="xs">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{message}</Text>
        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} onClick={onRefresh}>
          Refresh list
        </Button>
      </Group>
    </Alert>
  );
}
