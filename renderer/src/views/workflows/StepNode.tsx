import { Badge, Group, Text } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsSplit,
  IconClock,
  IconFileExport,
  IconListCheck,
  IconPlayerPlay,
  IconRepeat,
  IconTransform,
  type Icon,
} from '@tabler/icons-react';
import { Handle, Position, type Edge, type Node, type NodeProps } from '@xyflow/react';
import type { StepKind, StepStatus, WorkflowStep } from '../../../../shared/workflows.js';
import { operationTitle } from './catalogue.js';
import { NODE_WIDTH, edgesOf, kindOf, layout, type EdgeKind } from './definition.js';
import { stepLabel } from './problems.js';
import { STEP_KIND_TEXT, STEP_STATUS } from './words.js';

export interface StepNodeData extends Record<string, unknown> {
  step: WorkflowStep;
  problems: string[];
  status?: StepStatus | undefined;
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

export const KIND_ICON: Record<StepKind, Icon> = {
  op: IconPlayerPlay,
  condition: IconArrowsSplit,
  foreach: IconRepeat,
  transform: IconTransform,
  validate: IconListCheck,
  delay: IconClock,
  export: IconFileExport,
};

const STATUS_COLOR: Record<StepStatus, string> = {
  running: 'var(--mantine-color-blue-6)',
  completed: 'var(--mantine-color-green-6)',
  failed: 'var(--mantine-color-red-6)',
  skipped: 'var(--mantine-color-gray-5)',
  uncertain: 'var(--mantine-color-orange-6)',
  waiting: 'var(--mantine-color-cyan-6)',
};

const EXIT_TEXT: Record<EdgeKind, string> = {
  next: 'then',
  then: 'yes',
  else: 'no',
  error_next: 'on error',
  invalid_next: 'invalid items',
};

export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { step, problems, status } = data;
  const kind = kindOf(step);
  const KindIcon = KIND_ICON[kind];
  const subtitle =
    kind === 'op'
      ? operationTitle(step.tool_name)
      : kind === 'foreach'
        ? `For each item: ${operationTitle(step.tool_name)}`
        : STEP_KIND_TEXT[kind].label;
  const border = status
    ? STATUS_COLOR[status]
    : problems.length > 0
      ? 'var(--mantine-color-red-6)'
      : selected
        ? 'var(--mantine-primary-color-filled)'
        : 'var(--mantine-color-default-border)';
  const title = stepLabel(step);
  return (
    <div
      className="workflow-node"
      data-status={status}
      data-problems={problems.length > 0 ? problems.length : undefined}
      style={{
        width: NODE_WIDTH,
        border: `2px solid ${border}`,
        boxShadow: selected ? '0 0 0 3px var(--mantine-primary-color-light)' : undefined,
      }}
      aria-label={`Step ${title}${status ? `: ${STEP_STATUS[status].label}` : ''}${problems.length ? `: ${problems.length} problem${problems.length > 1 ? 's' : ''}` : ''}`}
    >
      <Handle type="target" position={Position.Top} />
      <Group gap={6} wrap="nowrap" align="flex-start">
        <KindIcon size={18} stroke={1.6} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} truncate="end">
            {title}
          </Text>
          {subtitle !== title && (
            <Text size="xs" c="dimmed" truncate="end">
              {subtitle}
            </Text>
          )}
        </div>
      </Group>
      {status && (
        <Badge size="xs" mt={4} color={STEP_STATUS[status].color} variant="light">
          {STEP_STATUS[status].label}
        </Badge>
      )}
      {!status && problems.length > 0 && (
        <Group gap={4} mt={4} wrap="nowrap" c="red">
          <IconAlertTriangle size={14} aria-hidden style={{ flexShrink: 0 }} />
          <Text size="xs" c="red" lineClamp={2} title={problems.join('\n')}>
            {problems[0]}
            {problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}
          </Text>
        </Group>
      )}
      {exitsOf(step).map((exit, i, all) => (
        <Handle
          key={exit}
          id={exit}
          type="source"
          position={exit === 'error_next' ? Position.Right : Position.Bottom}
          style={
            exit === 'error_next'
              ? undefined
              : { left: `${((i + 1) / (all.filter((e) => e !== 'error_next').length + 1)) * 100}%` }
          }
          title={EXIT_TEXT[exit]}
          className={`workflow-exit workflow-exit-${exit}`}
        />
      ))}
    </div>
  );
}

/** The ways out of a step the person can connect. */
export function exitsOf(step: WorkflowStep): EdgeKind[] {
  const kind = kindOf(step);
  const exits: EdgeKind[] = kind === 'condition' ? ['then', 'else'] : ['next'];
  if (kind === 'validate') exits.push('invalid_next');
  if (kind !== 'condition') exits.push('error_next');
  return exits;
}

export const nodeTypes = { step: StepNode };

const EDGE_COLOR: Record<EdgeKind, string> = {
  next: 'var(--mantine-color-gray-6)',
  then: 'var(--mantine-color-green-7)',
  else: 'var(--mantine-color-orange-7)',
  error_next: 'var(--mantine-color-red-6)',
  invalid_next: 'var(--mantine-color-grape-6)',
};

/** The steps as React Flow's nodes and edges. */
export function toFlow(
  steps: readonly WorkflowStep[],
  extra: (step: WorkflowStep) => { problems: string[]; status?: StepStatus | undefined },
  selected: ReadonlySet<string> = new Set(),
): { nodes: StepFlowNode[]; edges: Edge[] } {
  const places = layout(steps);
  const nodes: StepFlowNode[] = steps.map((step) => ({
    id: step.id,
    type: 'step',
    position: places.get(step.id) ?? { x: 0, y: 0 },
    data: { step, ...extra(step) },
    selected: selected.has(step.id),
  }));
  const edges: Edge[] = edgesOf(steps).map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.kind,
    label: edge.kind === 'next' ? undefined : EXIT_TEXT[edge.kind],
    style: { stroke: EDGE_COLOR[edge.kind], strokeDasharray: edge.kind === 'error_next' ? '6 4' : undefined },
    data: { kind: edge.kind, implicit: edge.implicit },
  }));
  return { nodes, edges };
}
