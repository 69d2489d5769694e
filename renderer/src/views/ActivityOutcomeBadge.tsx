import { Badge } from '@mantine/core';

export function ActivityOutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge color={outcome === 'ok' ? 'green' : outcome === 'cancelled' ? 'gray' : 'red'} variant="light" tt="none">
      {outcome}
    </Badge>
  );
}
