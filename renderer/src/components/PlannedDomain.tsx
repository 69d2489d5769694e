import { Badge, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A domain that is designed but not built yet: says plainly what it will do. */
export function PlannedDomain({
  title,
  icon: DomainIcon,
  children,
}: {
  title: string;
  icon: Icon;
  children: ReactNode;
}) {
  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm">
        <ThemeIcon variant="light" size="xl" aria-hidden>
          <DomainIcon size={26} />
        </ThemeIcon>
        <Title order={2}>{title}</Title>
        <Badge variant="outline" color="gray">
          Coming soon
        </Badge>
      </Group>
      <Paper withBorder p="md">
        <Text>{children}</Text>
      </Paper>
    </Stack>
  );
}
