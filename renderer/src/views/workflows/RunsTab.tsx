import { Button, Center, EmptyState, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useMemo } from 'react';
import { RUN_STATUSES, type RunStatus, type WorkflowStep } from '../../../../shared/workflows.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatDateTime } from '../../format.js';
import { navigate } from '../../router.js';
import { stepLabel } from './problems.js';
import { RunPanel, RunStatusBadge } from './RunPanel.js';
import { useRuns } from './workflowQueries.js';
import { RUN_STATUS, durationText } from './words.js';

/** A workflow's runs, newest first, filtered by outcome; one opened below the list. */
export function RunsTab({
  workflowId,
  steps,
  openRun,
  status,
}: {
  workflowId: string;
  steps: readonly WorkflowStep[];
  openRun: number | null;
  status: RunStatus | null;
}) {
  const runs = useRuns(workflowId, status);
  const items = useMemo(() => runs.data?.pages.flatMap((p) => p.items) ?? [], [runs.data]);
  const go = (run: number | null, nextStatus: RunStatus | null = status) =>
    navigate(`/workflows/${workflowId}/runs${run !== null ? `/${run}` : ''}`, { status: nextStatus ?? undefined });

  return (
    <Stack gap="md">
      {openRun !== null && <RunPanel key={openRun} runId={openRun} workflowId={workflowId} />}
      <Group justify="space-between">
        <Text fw={600}>Run history</Text>
        <Select
          size="xs"
          aria-label="Show runs"
          data={[
            { value: 'all', label: 'All runs' },
            ...RUN_STATUSES.map((s) => ({ value: s, label: RUN_STATUS[s].label })),
          ]}
          value={status ?? 'all'}
          allowDeselect={false}
          onChange={(v) => go(openRun, v === 'all' || v === null ? null : (v as RunStatus))}
        />
      </Group>
      {runs.isPending ? (
        <Center py="md">
          <Loader aria-label="Loading runs" />
        </Center>
      ) : runs.isError ? (
        <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={() => void runs.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconHistory size={32} aria-hidden />}
          title={status ? 'No runs of this kind' : 'No runs yet'}
          description={status ? 'Choose “All runs” to see the others.' : 'Start a run with the Run button above.'}
          py="lg"
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover aria-label="Runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Run</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Took</Table.Th>
                  <Table.Th>Failed at</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((run) => {
                  const failedAt = steps.find((s) => s.id === run.error_step);
                  return (
                    <Table.Tr key={run.execution_id} aria-selected={run.execution_id === openRun}>
                      <Table.Td>
                        <Button variant="subtle" size="compact-sm" onClick={() => go(run.execution_id)}>
                          Run {run.execution_id}
                        </Button>
                      </Table.Td>
                      <Table.Td>
                        <RunStatusBadge status={run.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(run.started_at ?? run.created_at)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{durationText(run.duration_ms)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{failedAt ? stepLabel(failedAt) : (run.error_step ?? '')}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {runs.hasNextPage && (
            <Button variant="default" onClick={() => void runs.fetchNextPage()} loading={runs.isFetchingNextPage}>
              Show older runs
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
