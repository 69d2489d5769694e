import { Badge, Code, DataList, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { AppInfo } from '../../../shared/settings.js';
import { DetailItem } from '../components/DetailItem.js';

export function AppDataSection({ info }: { info: AppInfo | undefined }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="data-section-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="data-section-title">
          Data
        </Title>
        <Text size="sm" c="dimmed">
          Where Officina keeps your records. Back up the data directory and the vault to keep everything.
        </Text>
        {info ? (
          <DataList labelWidth="9rem">
            <DetailItem label="Data directory">
              <Code>{info.data_dir}</Code>
            </DetailItem>
            <DetailItem label="Database">
              <Code>{info.database_path}</Code>
            </DetailItem>
            <DetailItem label="Document vault">
              <Group gap="xs">
                <Code>{info.vault}</Code>
                {info.vault_exists ? (
                  <Badge color="green" variant="light">
                    Found
                  </Badge>
                ) : (
                  <Badge color="orange" variant="light">
                    Not created yet
                  </Badge>
                )}
              </Group>
            </DetailItem>
            <DetailItem label="Version">{info.version}</DetailItem>
          </DataList>
        ) : (
          <Skeleton height={96} aria-label="Loading" />
        )}
      </Stack>
    </Paper>
  );
}
