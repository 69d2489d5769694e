import { Badge, Group, Text } from '@mantine/core';
import type { ActivityEntry } from '../../../shared/activity.js';

const KIND_COLORS: Record<ActivityEntry['caller_kind'], string> = {
  ui: 'blue',
  mcp: 'grape',
  workflow: 'teal',
  cli: 'orange',
  system: 'gray',
};

/** Who made a call: its kind (person's UI, an MCP client, a workflow, ...) and name. */
export function ActivityCaller({ entry }: { entry: Pick<ActivityEntry, 'caller_kind' | 'caller'> }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="dot" color={KIND_COLORS[entry.caller_kind]} tt="none">
        {entry.caller_kind}
      </Badge>
      <Text size="sm" truncate>
        {entry.caller}
      </Text>
    </Group>
  );
}
