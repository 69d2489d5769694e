import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import type {
  Execution,
  RunStatus,
  StepKind,
  StepRun,
  StepStatus,
  Workflow,
  WorkflowStep,
  WorkflowTrigger,
  WORKFLOW_SORTS,
} from '../../../../shared/workflows.js';
import type { ListSort } from '../../components/SortHeader.js';
import { call } from '../../api.js';
import { keys, refreshList } from '../../live.js';

/*
 * The contracts list steps, triggers and step records loosely (as plain objects and strings), to keep
 * every assistant's tool list light; the engine writes them in the shapes shared/workflows.ts defines
 * (WorkflowStep, WorkflowTrigger, the step statuses), which is how the designer reads them.
 */
export type WorkflowDef = Omit<Workflow, 'steps' | 'trigger'> & { steps: WorkflowStep[]; trigger: WorkflowTrigger };
export interface RunStepItem {
  index: number;
  status: StepStatus;
  output: unknown;
  error: string | null;
  attempts: number;
}
export type RunStep = Omit<StepRun, 'status' | 'kind' | 'items'> & {
  status: StepStatus;
  kind: StepKind;
  items?: RunStepItem[];
};
export type Run = Omit<Execution, 'steps'> & { steps: RunStep[] };

export async function getWorkflow(workflowId: string, version?: number): Promise<WorkflowDef> {
  return (await call('get_workflow', {
    workflow_id: workflowId,
    ...(version !== undefined ? { version } : {}),
  })) as WorkflowDef;
}

/** Every workflow query starts with keys.workflows: one run.updated refreshes lists, runs and metrics. */
export type WorkflowSort = ListSort<(typeof WORKFLOW_SORTS)[number]>;

export function useWorkflows(sort: WorkflowSort = { column: 'workflow_id', order: 'asc' }) {
  return useQuery({
    queryKey: [...keys.workflows, 'list', sort],
    queryFn: async () => {
      const all: OutputOf<'list_workflows'>['items'] = [];
      let cursor: string | null = null;
      do {
        const page: OutputOf<'list_workflows'> = await call('list_workflows', {
          sort: sort.column,
          order: sort.order,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    },
    // A new sort keeps the rows in view until the sorted ones arrive.
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export function useWorkflow(id: string | null) {
  return useQuery({
    queryKey: [...keys.workflows, 'one', id],
    queryFn: () => getWorkflow(id as string),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: ['workflow-templates'],
    queryFn: async () =>
      (await call('list_workflow_templates', {})).items as (OutputOf<'list_workflow_templates'>['items'][number] & {
        steps: WorkflowStep[];
      })[],
    staleTime: Infinity,
  });
}

export function useRuns(workflowId: string, status: RunStatus | null) {
  return useInfiniteQuery({
    queryKey: [...keys.workflows, 'runs', workflowId, status],
    queryFn: ({ pageParam }) =>
      call('list_executions', {
        workflow_id: workflowId,
        limit: 50,
        ...(status ? { status } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: Infinity,
  });
}

export function useRun(id: number | null) {
  return useQuery({
    queryKey: [...keys.workflows, 'run', id],
    queryFn: async () => (await call('get_execution_status', { execution_id: id as number })) as Run,
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export type MetricsPeriod = '24h' | '7d' | '30d' | 'all';

export function useMetrics(workflowId: string, period: MetricsPeriod) {
  return useQuery({
    queryKey: [...keys.workflows, 'metrics', workflowId, period],
    queryFn: () => call('get_workflow_metrics', { workflow_id: workflowId, period }),
    staleTime: Infinity,
  });
}

export function useValidation(
  steps: readonly WorkflowStep[],
  trigger: WorkflowTrigger | undefined,
  workflowId: string,
) {
  return useQuery({
    queryKey: ['workflow-validation', workflowId, steps, trigger],
    queryFn: () => call('validate_workflow', { steps: steps as WorkflowStep[], ...(trigger ? { trigger } : {}) }),
    placeholderData: (previous) => previous,
    staleTime: Infinity,
  });
}

export function useWorkflowActions() {
  const queryClient = useQueryClient();
  const settled = () => refreshList(queryClient, keys.workflows);
  return {
    create: useMutation({
      mutationFn: async (input: InputOf<'create_workflow'>) => (await call('create_workflow', input)) as WorkflowDef,
      onSettled: settled,
    }),
    update: useMutation({
      mutationFn: async (input: InputOf<'update_workflow'>) => (await call('update_workflow', input)) as WorkflowDef,
      onSettled: settled,
    }),
    remove: useMutation({
      mutationFn: (id: string) => call('delete_workflow', { workflow_id: id }),
      onSettled: settled,
    }),
    execute: useMutation({
      mutationFn: (input: { workflow_id: string; context: Record<string, unknown> }) =>
        call('execute_workflow', { ...input, wait: false }),
      onSettled: settled,
    }),
    cancel: useMutation({
      mutationFn: (id: number) => call('cancel_execution', { execution_id: id }),
      onSettled: settled,
    }),
    retry: useMutation({
      mutationFn: (input: { execution_id: number; from: 'failed_step' | 'skip_step' | 'start' }) =>
        call('retry_execution', input),
      onSettled: settled,
    }),
  };
}

/** How many workflows' latest run failed or waits for a decision: the badge on the navigation. */
export function useWorkflowsNeedingAttention(): number {
  const workflows = useWorkflows();
  // Each workflow's last run comes with the list (one call, not one per workflow).
  return (workflows.data ?? []).filter(
    (w) => w.last_run && (w.last_run.status === 'failed' || w.last_run.status === 'needs_decision'),
  ).length;
}
