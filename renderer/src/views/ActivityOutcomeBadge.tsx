import { Badge } from '@mantine/core';

/** Error codes in a person's words. */
const OUTCOME_LABELS: Record<string, string> = {
  ok: 'Done',
  cancelled: 'Cancelled',
  invalid_input: 'Refused: input',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Refused',
  external: 'Failed elsewhere',
  io_error: 'Disk problem',
  internal: 'Failed',
};

export function ActivityOutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge color={outcome === 'ok' ? 'green' : outcome === 'cancelled' ? 'gray' : 'red'} variant="light" tt="none">
      {OUTCOME_LABELS[outcome] ?? 'Failed'}
    </Badge>
  );
}
