import { Badge, Center, EmptyState, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconRoute } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ExecutionSummary, RunStatus, Workflow } from '../../../shared/workflows.js';
import { call } from '../api.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatDateTime, formatDuration } from '../format.js';
import { keys } from '../live.js';

const RUN_STATUS: Record<RunStatus, { label: string; color: string }> = {
  queued: { label: 'Waiting its turn', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  waiting: { label: 'Paused until later', color: 'cyan' },
  completed: { label: 'Done', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Stopped', color: 'gray' },
  needs_decision: { label: 'Needs your decision', color: 'orange' },
};

function howItStarts(trigger: Workflow['trigger']): string {
  if (trigger.type === 'schedule')
    return `On a schedule (${trigger.cron}${trigger.timezone ? `, ${trigger.timezone}` : ''})`;
  if (trigger.type === 'event') {
    const what: Record<string, string> = {
      'record.changed': trigger.entity ? `a ${trigger.entity} changes` : 'a record changes',
      'document.changed': trigger.folder ? `a document in ${trigger.folder} changes` : 'a document changes',
      'monitor.changed': 'a watched page changes',
      'run.updated': 'another workflow runs',
    };
    return `When ${what[trigger.event] ?? trigger.event}`;
  }
  return 'When you start it';
}

/** A run's error in the person's words: the step, then what went wrong, without the operation's name. */
function personError(error: string): string {
  return error.replace(/^Step "([^"]+)" failed: (?:[a-z_]+: )?/, 'At step “$1”: ');
}

/** The workflows and their latest runs; a run that failed or needs a decision says why. */
export function WorkflowsView() {
  const workflows = useQuery({
    queryKey: [...keys.workflows, 'list'],
    queryFn: () => call('list_workflows', { limit: 200 }),
    staleTime: Infinity,
  });
  const runs = useQuery({
    queryKey: [...keys.workflows, 'runs'],
    queryFn: () => call('list_executions', { limit: 50 }),
    staleTime: Infinity,
  });
  const names = new Map((workflows.data?.items ?? []).map((w) => [w.workflow_id, w.name]));

  return (
    <div className="fill-view">
      <Stack gap="lg">
        <div>
          <Title order={2}>Workflows</Title>
          <Text c="dimmed" size="sm">
            Workflows chain Officina’s work into steps — by hand, on a schedule, or when something happens. Your
            assistant can build and run them too, with no more rights than you gave it.
          </Text>
        </div>
        {workflows.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading workflows" />
          </Center>
        ) : workflows.isError ? (
          <ErrorNotice
            title="Could not load the workflows"
            error={workflows.error}
            onRetry={() => void workflows.refetch()}
          />
        ) : workflows.data.items.length === 0 ? (
          <EmptyState
            icon={<IconRoute size={32} aria-hidden />}
            title="No workflows yet"
            description="Ask your assistant to set one up — for example “when an order comes in, take the payment, ship it and draft the email”."
            py="xl"
          />
        ) : (
          <Table aria-label="Workflows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workflow</Table.Th>
                <Table.Th>Starts</Table.Th>
                <Table.Th>Steps</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {workflows.data.items.map((w) => (
                <Table.Tr key={w.workflow_id}>
                  <Table.Td>
                    <Text fw={500} size="sm">
                      {w.name}
                    </Text>
                    {w.description && (
                      <Text size="xs" c="dimmed">
                        {w.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.enabled ? howItStarts(w.trigger) : 'Turned off'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.steps_count}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(w.updated_at)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <div>
          <Title order={3}>Recent runs</Title>
          {runs.isPending ? (
            <Center py="md">
              <Loader aria-label="Loading runs" />
            </Center>
          ) : runs.isError ? (
            <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={() => void runs.refetch()} />
          ) : runs.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No workflow has run yet.
            </Text>
          ) : (
            <Table aria-label="Recent runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Workflow</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>How it went</Table.Th>
                  <Table.Th>Took</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.items.map((r: ExecutionSummary) => (
                  <Table.Tr key={r.execution_id}>
                    <Table.Td>
                      <Text size="sm">{names.get(r.workflow_id) ?? r.workflow_id}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(r.created_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={RUN_STATUS[r.status].color} variant="light">
                        {RUN_STATUS[r.status].label}
                      </Badge>
                      {r.error && (
                        <Text size="xs" c={r.status === 'failed' ? 'red' : 'dimmed'}>
                          {personError(r.error)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.duration_ms === null ? '—' : formatDuration(r.duration_ms)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
      </Stack>
    </div>
  );
}
