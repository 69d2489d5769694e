import { Badge, Group, Text } from '@mantine/core';
import type { ActivityEntry } from '../../../shared/activity.js';
import { actorOf } from '../../../shared/activity-sentences.js';

const KIND_COLORS: Record<ActivityEntry['caller_kind'], string> = {
  ui: 'blue',
  mcp: 'grape',
  workflow: 'teal',
  cli: 'orange',
  system: 'gray',
};

const KIND_LABELS: Record<ActivityEntry['caller_kind'], string> = {
  ui: 'you',
  mcp: 'assistant',
  workflow: 'workflow',
  cli: 'command line',
  system: 'Officina',
};

/** Who made a call: the person, an assistant (by its client's name), a workflow. */
export function ActivityCaller({ entry }: { entry: Pick<ActivityEntry, 'caller_kind' | 'caller'> }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="dot" color={KIND_COLORS[entry.caller_kind]} tt="none">
        {KIND_LABELS[entry.caller_kind]}
      </Badge>
      <Text size="sm" truncate>
        {entry.caller_kind === 'ui' ? `this app (${entry.caller})` : actorOf(entry)}
      </Text>
    </Group>
  );
}
