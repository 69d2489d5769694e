import { Badge } from '@mantine/core';

/** Error codes in a person's words. */
const OUTCOME_LABELS: Record<string, string> = {
  ok: 'Done',
  cancelled: 'Cancelled',
  // What was asked for did not hold up (a bad email, a missing field): the entry says which.
  invalid_input: 'Not accepted',
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
