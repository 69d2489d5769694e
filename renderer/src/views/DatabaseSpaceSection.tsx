import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../api.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatDuration } from '../format.js';
import { notifyError, notifySuccess } from '../notify.js';

const QUERY_KEY = ['database-space'];

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * The database file's size and free space, and compacting it: once on a database made by an older
 * Officina (then pruning run history shrinks the file by itself), or whenever the person wants.
 */
export function DatabaseSpaceSection() {
  const client = useQueryClient();
  const space = useQuery({ queryKey: QUERY_KEY, queryFn: () => call('get_database_space', {}) });
  const compact = useMutation({
    mutationFn: () => call('compact_database', {}),
    onSuccess: (result) => {
      notifySuccess(
        `Compacted: ${megabytes(result.file_bytes_before)} → ${megabytes(result.file_bytes_after)} in ${formatDuration(result.duration_ms)}`,
      );
      void client.invalidateQueries({ queryKey: QUERY_KEY });
    },
    onError: (error) => notifyError('Could not compact the database', error),
  });
  if (space.isError) {
    return (
      <ErrorNotice title="Could not read the database size" error={space.error} onRetry={() => void space.refetch()} />
    );
  }
  if (!space.data) return <Paper withBorder p="md" aria-busy mih={120} />;
  const { file_bytes, free_bytes, gives_space_back } = space.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="database-space-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="database-space-title">
          Database size
        </Title>
        <Text size="sm">
          The database takes {megabytes(file_bytes)} on disk, of which {megabytes(free_bytes)} is free space left by
          deleted history.
        </Text>
        <Text size="sm" c={gives_space_back ? 'dimmed' : undefined}>
          {gives_space_back
            ? 'Deleting old workflow runs gives their space back to the disk by itself.'
            : 'This database was made by an older Officina: deleting old workflow runs frees space inside the file, ' +
              'but the file keeps its size until you compact it once. Compacting rewrites the whole file; the app ' +
              'waits for it, a while on a big database. Afterwards, deleting history shrinks the file by itself.'}
        </Text>
        <Group>
          <Button
            variant={gives_space_back ? 'default' : 'filled'}
            loading={compact.isPending}
            onClick={() => compact.mutate()}
          >
            Compact the database now
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
