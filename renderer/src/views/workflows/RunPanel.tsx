import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Code,
  Group,
  Loader,
  Menu,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';
import { FINISHED_STATUSES, type RunStatus, type WorkflowStep } from '../../../../shared/workflows.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatDateTime } from '../../format.js';
import { keys } from '../../live.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { href, navigate } from '../../router.js';
import { operationTitle } from './catalogue.js';
import { stepLabel } from './problems.js';
import { nodeTypes, toFlow } from './StepNode.js';
import { getWorkflow, useRun, useWorkflowActions, type Run, type RunStep } from './workflowQueries.js';
import { EVENT_TEXT, RUN_STATUS, STEP_STATUS, durationText } from './words.js';

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const s = RUN_STATUS[status];
  return (
    <Badge color={s.color} variant="light">
      {s.label}
    </Badge>
  );
}

/** A run's error without the engine's prefix (the step is named above it) or an operation's name. */
export function personError(error: string): string {
  return error.replace(/^Step "[^"]+" failed: /, '').replace(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+: /, '');
}

/** Who or what started a run, in words. */
function startedBy(run: Run): string {
  if (run.trigger === 'manual') return run.rights === 'person' ? 'started by you' : `started by ${run.started_by}`;
  if (run.trigger === 'schedule') return 'started by its schedule';
  if (run.trigger === 'retry') return 'started again by a retry';
  if (run.parent_execution_id !== null) return `started by run ${run.parent_execution_id}`;
  const event = /^event:(.+)$/.exec(run.trigger)?.[1];
  if (event) return `started when ${EVENT_TEXT[event] ?? event}`;
  return `started by ${run.trigger}`;
}

/** One run: its steps light up on the graph as the run goes on; a step's details on click. */
export function RunPanel({ runId, workflowId }: { runId: number; workflowId: string }) {
  const run = useRun(runId);
  const r = run.data;
  // The run keeps the version it started with: its graph is drawn from that version.
  const definition = useQuery({
    queryKey: [...keys.workflows, 'one', workflowId, 'version', r?.version],
    queryFn: () => getWorkflow(workflowId, r?.version as number),
    enabled: r !== undefined,
    staleTime: Infinity,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const { cancel, retry } = useWorkflowActions();

  if (run.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the run" />
      </Center>
    );
  }
  if (run.isError || !r) {
    return <ErrorNotice title="Could not load this run" error={run.error} onRetry={() => void run.refetch()} />;
  }
  const steps = definition.data?.steps ?? [];
  const finished = FINISHED_STATUSES.includes(r.status);
  const canRetry = ['failed', 'cancelled', 'needs_decision'].includes(r.status);
  const errorStep = steps.find((s) => s.id === r.error_step);
  const doRetry = (from: 'failed_step' | 'skip_step' | 'start') =>
    retry.mutate(
      { execution_id: r.execution_id, from },
      {
        onSuccess: (next) => {
          notifySuccess(from === 'start' ? `Started run ${next.execution_id}` : `Run ${next.execution_id} goes on`);
          if (next.execution_id !== r.execution_id) navigate(`/workflows/${workflowId}/runs/${next.execution_id}`);
        },
        onError: (error) => notifyError('Could not retry the run', error),
      },
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={3} size="h4">
            Run {r.execution_id}
          </Title>
          <RunStatusBadge status={r.status} />
          {!finished && <Loader size="xs" aria-label="The run is going on" />}
        </Group>
        <Group gap="xs">
          {!finished && (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={16} aria-hidden />}
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(r.execution_id, { onError: (error) => notifyError('Could not cancel the run', error) })
              }
            >
              Cancel run
            </Button>
          )}
          {r.status === 'needs_decision' && (
            <Button size="xs" variant="light" color="red" onClick={() => cancel.mutate(r.execution_id)}>
              Cancel run
            </Button>
          )}
          {canRetry && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" leftSection={<IconRefresh size={16} aria-hidden />} loading={retry.isPending}>
                  Retry
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {r.error_step !== null || r.status === 'needs_decision' ? (
                  <>
                    <Menu.Item onClick={() => doRetry('failed_step')}>
                      From the failed step{errorStep ? ` (“${stepLabel(errorStep)}”)` : ''}
                    </Menu.Item>
                    <Menu.Item onClick={() => doRetry('skip_step')}>Skip that step and go on</Menu.Item>
                  </>
                ) : (
                  <Menu.Item onClick={() => doRetry('failed_step')}>Go on from where it stopped</Menu.Item>
                )}
                <Menu.Item onClick={() => doRetry('start')}>From the start, with the current version</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Version {r.version} ·{' '}
        {r.status === 'skipped'
          ? `skipped ${formatDateTime(r.created_at, true)}`
          : `started ${r.started_at ? formatDateTime(r.started_at, true) : 'not yet'}`}
        {r.queue_position !== null ? ` · ${r.queue_position} run(s) ahead in the queue` : ''} · {startedBy(r)}
        {r.duration_ms !== null ? ` · took ${durationText(r.duration_ms)}` : ''}
        {r.retry_of !== null ? ` · a retry of run ${r.retry_of}` : ''}
      </Text>
      {r.status === 'failed' && (
        <Alert color="red" title={errorStep ? `Step “${stepLabel(errorStep)}” failed` : 'The run failed'} role="alert">
          {r.error ? personError(r.error) : 'No reason was recorded.'}
        </Alert>
      )}
      {r.status === 'skipped' && (
        <Alert
          color="yellow"
          title={
            r.caused_by_execution_id !== null
              ? 'Not started, so that it would not start itself over and over'
              : 'Not started: the condition on its trigger could not be worked out'
          }
          role="status"
        >
          {r.error ?? 'What started it came from a run of this workflow.'}
          {r.skipped_events > 1
            ? ` (${r.skipped_events} such changes${r.caused_by_execution_id !== null ? ', from the same run' : ''}.)`
            : ''}
          {r.caused_by_execution_id !== null ? ' ' : ''}
          {r.caused_by_execution_id !== null && (
            <Anchor
              href={href(`/workflows/${r.caused_by_workflow_id ?? r.workflow_id}/runs/${r.caused_by_execution_id}`)}
              size="sm"
            >
              See the run that caused it
            </Anchor>
          )}
        </Alert>
      )}
      {r.status === 'needs_decision' && (
        <Alert color="orange" title="A step was cut off and is not safe to repeat">
          Officina stopped while {errorStep ? `“${stepLabel(errorStep)}”` : 'a step'} was under way. Check whether it
          was done, then run it again, take it as done (skip it), or cancel the run.
        </Alert>
      )}
      <div className="workflow-canvas" style={{ height: 360 }} role="region" aria-label="Run graph">
        <ReactFlowProvider>
          <RunGraph steps={steps} runSteps={r.steps} onChoose={setChosen} />
        </ReactFlowProvider>
      </div>
      <StepRunsTable run={r} steps={steps} chosen={chosen} onChoose={setChosen} />
      {chosen && <StepRunDetail run={r} stepId={chosen} steps={steps} />}
    </Stack>
  );
}

function RunGraph({
  steps,
  runSteps,
  onChoose,
}: {
  steps: readonly WorkflowStep[];
  runSteps: readonly RunStep[];
  onChoose: (id: string) => void;
}) {
  const flow = useMemo(() => {
    const status = new Map(runSteps.map((s) => [s.step_id, s.status]));
    return toFlow(steps, (step) => ({ problems: [], status: status.get(step.id) }));
  }, [steps, runSteps]);
  return (
    <ReactFlow
      nodes={flow.nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      deleteKeyCode={null}
      onNodeClick={(_, node) => onChoose(node.id)}
      fitView
      fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
      minZoom={0.2}
    />
  );
}

function StepRunsTable({
  run,
  steps,
  chosen,
  onChoose,
}: {
  run: Run;
  steps: readonly WorkflowStep[];
  chosen: string | null;
  onChoose: (id: string) => void;
}) {
  if (run.steps.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No step has run yet.
      </Text>
    );
  }
  return (
    <Table highlightOnHover aria-label="Steps of this run">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Step</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Tries</Table.Th>
          <Table.Th>Took</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {run.steps.map((s) => {
          const step = steps.find((d) => d.id === s.step_id);
          return (
            <Table.Tr
              key={s.step_id}
              aria-selected={chosen === s.step_id}
              onClick={() => onChoose(s.step_id)}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Button variant="subtle" size="compact-sm" onClick={() => onChoose(s.step_id)}>
                  {step ? stepLabel(step) : (s.name ?? operationTitle(s.tool_name ?? undefined))}
                </Button>
              </Table.Td>
              <Table.Td>
                <Badge color={STEP_STATUS[s.status].color} variant="light">
                  {STEP_STATUS[s.status].label}
                </Badge>
              </Table.Td>
              <Table.Td>{s.attempts}</Table.Td>
              <Table.Td>{durationText(s.duration_ms)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function StepRunDetail({ run, stepId, steps }: { run: Run; stepId: string; steps: readonly WorkflowStep[] }) {
  const s = run.steps.find((x) => x.step_id === stepId);
  const step = steps.find((d) => d.id === stepId);
  const title = step ? stepLabel(step) : stepId;
  return (
    <Stack gap="xs" component="section" aria-label={`Details of step ${title}`}>
      <Title order={4} size="h5">
        {title}
      </Title>
      {!s ? (
        <Text size="sm" c="dimmed">
          This step has not run in this run.
        </Text>
      ) : (
        <>
          <Group gap="xs">
            <Badge color={STEP_STATUS[s.status].color} variant="light">
              {STEP_STATUS[s.status].label}
            </Badge>
            <Text size="sm">
              {s.attempts} {s.attempts === 1 ? 'try' : 'tries'} · took {durationText(s.duration_ms)}
              {s.started_at ? ` · started ${formatDateTime(s.started_at, true)}` : ''}
            </Text>
          </Group>
          {s.error && (
            <Alert color="red" title="What went wrong">
              {s.error}
            </Alert>
          )}
          {s.hidden ? (
            <Text size="sm" c="dimmed">
              What this step was given and gave is withheld.
            </Text>
          ) : (
            <>
              <Text size="sm" fw={500}>
                What it was given
              </Text>
              <Code block className="json-block">
                {JSON.stringify(s.input, null, 2) ?? '—'}
              </Code>
              <Text size="sm" fw={500}>
                What it gave
              </Text>
              <Code block className="json-block">
                {s.output === undefined ? '—' : JSON.stringify(s.output, null, 2)}
              </Code>
            </>
          )}
          {s.items && s.items.length > 0 && (
            <Table aria-label="Items of this step">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.items.map((item) => (
                  <Table.Tr key={item.index}>
                    <Table.Td>{item.index + 1}</Table.Td>
                    <Table.Td>{STEP_STATUS[item.status].label}</Table.Td>
                    <Table.Td>{item.error ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
