import {
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Menu,
  Modal,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconChartBar,
  IconDots,
  IconHistory,
  IconPlayerPlay,
  IconPlus,
  IconRoute,
  IconSitemap,
} from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { RUN_STATUSES, type RunStatus } from '../../../shared/workflows.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatDateTime } from '../format.js';
import { notifyError, notifySuccess } from '../notify.js';
import { href, navigate, useRoute } from '../router.js';
import { Designer, blankWorkflow } from './workflows/Designer.js';
import { MetricsTab } from './workflows/MetricsTab.js';
import { NewWorkflowModal } from './workflows/NewWorkflowModal.js';
import { RunStatusBadge } from './workflows/RunPanel.js';
import { RunsTab } from './workflows/RunsTab.js';
import { StartRunModal } from './workflows/StartRunModal.js';
import { useWorkflow, useWorkflowActions, useWorkflows, type WorkflowSort } from './workflows/workflowQueries.js';
import { SortTh } from '../components/SortHeader.js';
import { triggerLabel } from './workflows/words.js';

/**
 * #/workflows (the list), #/workflows/new (a blank one in the designer), #/workflows/<id> (designer),
 * #/workflows/<id>/runs[/<run>]?status=…, #/workflows/<id>/metrics.
 */
export function WorkflowsView() {
  const { segments, query } = useRoute();
  const id = segments[1];
  if (id === 'new') return <NewWorkflowPage name={query['name'] ?? ''} />;
  if (id) return <WorkflowPage workflowId={id} segments={segments.slice(2)} query={query} />;
  return <WorkflowList />;
}

function WorkflowList() {
  // By name until a header sorts the list another way; the operation sorts.
  const [sort, setSort] = useState<WorkflowSort>({ column: 'name', order: 'asc' });
  const workflows = useWorkflows(sort);
  const list = useMemo(() => workflows.data ?? [], [workflows.data]);
  const [creating, setCreating] = useState(false);
  const { update } = useWorkflowActions();

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Workflows</Title>
          <Text c="dimmed" size="sm">
            Chains of steps that Officina runs for you: by hand, on a schedule, or when something happens.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New workflow
        </Button>
      </Group>
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
      ) : list.length === 0 ? (
        <EmptyState
          icon={<IconRoute size={32} aria-hidden />}
          title="No workflows yet"
          description="Make one from a template (order fulfilment, contacts from a web page, document approval) or draw your own."
          py="xl"
        />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover aria-label="Workflows">
            <Table.Thead>
              <Table.Tr>
                <SortTh label="Workflow" name="name" column="name" kind="text" sort={sort} onSort={setSort} />
                <Table.Th>Starts</Table.Th>
                <SortTh label="Last run" column="last_run" kind="date" sort={sort} onSort={setSort} />
                <SortTh
                  label="On"
                  name="whether on"
                  column="enabled"
                  kind="text"
                  words={{ asc: 'off first', desc: 'on first' }}
                  sort={sort}
                  onSort={setSort}
                />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((w) => {
                const last = w.last_run;
                return (
                  <Table.Tr key={w.workflow_id}>
                    <Table.Td>
                      <UnstyledButton onClick={() => navigate(`/workflows/${w.workflow_id}`)}>
                        <Text fw={500} size="sm">
                          {w.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {w.steps_count} {w.steps_count === 1 ? 'step' : 'steps'} · version {w.version}
                        </Text>
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{triggerLabel(w.trigger)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {last ? (
                        <Group gap="xs" wrap="nowrap">
                          <Anchor href={href(`/workflows/${w.workflow_id}/runs/${last.execution_id}`)} size="sm">
                            <RunStatusBadge status={last.status} />
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(last.created_at)}
                          </Text>
                        </Group>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Never run
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`${w.name} is on`}
                        checked={w.enabled}
                        onChange={(e) =>
                          update.mutate(
                            { workflow_id: w.workflow_id, enabled: e.currentTarget.checked },
                            { onError: (error) => notifyError(`Could not change ${w.name}`, error) },
                          )
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <NewWorkflowModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function BackLink() {
  return (
    <Anchor href={href('/workflows')} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All workflows
      </Group>
    </Anchor>
  );
}

function NewWorkflowPage({ name }: { name: string }) {
  const workflow = useMemo(() => blankWorkflow(name), [name]);
  const ignore = useCallback(() => undefined, []);
  return (
    <div className="fill-view">
      <BackLink />
      <Title order={2}>New workflow</Title>
      <Designer workflow={workflow} isNew onDirtyChange={ignore} />
    </div>
  );
}

type Tab = 'design' | 'runs' | 'metrics';

function WorkflowPage({
  workflowId,
  segments,
  query,
}: {
  workflowId: string;
  segments: string[];
  query: Readonly<Record<string, string>>;
}) {
  const workflow = useWorkflow(workflowId);
  const tab: Tab = segments[0] === 'runs' ? 'runs' : segments[0] === 'metrics' ? 'metrics' : 'design';
  const openRun = tab === 'runs' && segments[1] && /^\d+$/.test(segments[1]) ? Number(segments[1]) : null;
  const status = RUN_STATUSES.includes(query['status'] as RunStatus) ? (query['status'] as RunStatus) : null;
  const [designed, setDesigned] = useState(tab === 'design');
  const [dirty, setDirty] = useState(false);
  const [running, setRunning] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { update, remove } = useWorkflowActions();
  if (tab === 'design' && !designed) setDesigned(true);

  if (workflow.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the workflow" />
      </Center>
    );
  }
  if (workflow.isError || !workflow.data) {
    return (
      <Stack>
        <BackLink />
        <ErrorNotice
          title="Could not load this workflow"
          error={workflow.error}
          onRetry={() => void workflow.refetch()}
        />
      </Stack>
    );
  }
  const w = workflow.data;

  return (
    <div className="fill-view">
      <BackLink />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Title order={2}>{w.name}</Title>
          {!w.enabled && (
            <Badge color="gray" variant="outline">
              Off
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            {triggerLabel(w.trigger)}
          </Text>
        </Group>
        <Group gap="xs">
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => setRunning(true)}>
            Run
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" aria-label="More actions" px="xs">
                <IconDots size={16} aria-hidden />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                onClick={() =>
                  update.mutate(
                    { workflow_id: w.workflow_id, enabled: !w.enabled },
                    { onError: (error) => notifyError('Could not change it', error) },
                  )
                }
              >
                {w.enabled ? 'Turn off' : 'Turn on'}
              </Menu.Item>
              <Menu.Item color="red" onClick={() => setDeleting(true)}>
                Delete workflow
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) =>
          navigate(value === 'design' || !value ? `/workflows/${workflowId}` : `/workflows/${workflowId}/${value}`)
        }
        keepMounted={false}
      >
        <Tabs.List aria-label="Workflow sections">
          <Tabs.Tab value="design" leftSection={<IconSitemap size={16} aria-hidden />}>
            Design
          </Tabs.Tab>
          <Tabs.Tab value="runs" leftSection={<IconHistory size={16} aria-hidden />}>
            Runs
          </Tabs.Tab>
          <Tabs.Tab value="metrics" leftSection={<IconChartBar size={16} aria-hidden />}>
            Figures
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {/* The designer stays mounted once opened, so unsaved changes and undo survive a look at the runs. */}
      {designed && (
        <div style={{ display: tab === 'design' ? 'flex' : 'none', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          <Designer workflow={w} onDirtyChange={setDirty} />
        </div>
      )}
      {tab === 'runs' && (
        <div style={{ overflowY: 'auto', flex: 1, minHeight: 0 }}>
          <RunsTab workflowId={w.workflow_id} steps={w.steps} openRun={openRun} status={status} />
        </div>
      )}
      {tab === 'metrics' && (
        <div style={{ overflowY: 'auto', flex: 1, minHeight: 0 }}>
          <MetricsTab workflowId={w.workflow_id} steps={w.steps} />
        </div>
      )}
      {running && <StartRunModal workflow={w} unsaved={dirty} onClose={() => setRunning(false)} />}
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={`Delete “${w.name}”?`}>
        <Stack>
          <Text size="sm">
            Runs waiting to start are cancelled; runs under way finish. Past runs stay in the history.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(w.workflow_id, {
                  onSuccess: () => {
                    notifySuccess(`Deleted “${w.name}”`);
                    navigate('/workflows');
                  },
                  onError: (error) => notifyError('Could not delete it', error),
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}
