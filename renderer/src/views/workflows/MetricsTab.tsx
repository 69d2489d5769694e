import { Card, Center, EmptyState, Loader, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  Legend,
} from 'recharts';
import type { WorkflowStep } from '../../../../shared/workflows.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatCount, formatPercent } from '../../format.js';
import { stepLabel } from './problems.js';
import { useMetrics, type MetricsPeriod } from './workflowQueries.js';
import { durationText } from './words.js';

const color = (name: string, shade = 6) => `var(--mantine-color-${name}-${shade})`;
const axis = { fontSize: 12, fill: 'var(--mantine-color-dimmed)' };
const tooltipStyle = {
  contentStyle: {
    background: 'var(--mantine-color-body)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-md)',
    color: 'var(--mantine-color-text)',
    fontSize: 13,
  },
  itemStyle: { color: 'var(--mantine-color-text)' },
};

/** From the run history (get_workflow_metrics): how many runs, how many went well, how long, where they fail. */
export function MetricsTab({ workflowId, steps }: { workflowId: string; steps: readonly WorkflowStep[] }) {
  const [period, setPeriod] = useState<MetricsPeriod>('all');
  const metrics = useMetrics(workflowId, period);
  const m = metrics.data;
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Period"
        value={period}
        onChange={(v) => setPeriod(v as MetricsPeriod)}
        data={[
          { value: '24h', label: 'Last 24 hours' },
          { value: '7d', label: 'Last 7 days' },
          { value: '30d', label: 'Last 30 days' },
          { value: 'all', label: 'All time' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {metrics.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading the figures" />
        </Center>
      ) : metrics.isError || !m ? (
        <ErrorNotice title="Could not load the figures" error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : m.total_executions === 0 ? (
        <EmptyState
          icon={<IconChartBar size={32} aria-hidden />}
          title="No runs in this period"
          description="Figures appear once the workflow has run."
          py="xl"
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure label="Runs" value={formatCount(m.total_executions)} />
            <Figure
              label="Went well"
              value={formatPercent(m.success_rate)}
              note={`${formatCount(m.successful_executions)} finished, ${formatCount(m.failed_executions)} failed`}
            />
            <Figure label="Typical time (median)" value={durationText(m.p50_ms)} />
            <Figure label="Slow runs (95th percentile)" value={durationText(m.p95_ms)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Text fw={600} mb="xs">
                Outcomes
              </Text>
              <OutcomeChart
                parts={[
                  { name: 'Finished', value: m.successful_executions, color: color('green') },
                  { name: 'Failed', value: m.failed_executions, color: color('red') },
                  { name: 'Cancelled', value: m.cancelled_executions, color: color('gray', 5) },
                  { name: 'Needs your decision', value: m.needs_decision, color: color('orange') },
                  { name: 'Under way', value: m.in_progress, color: color('blue') },
                ]}
              />
            </Card>
            <Card withBorder>
              <Text fw={600} mb="xs">
                Failures by step
              </Text>
              {m.failures_by_step.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No step has failed in this period.
                </Text>
              ) : (
                <FailuresChart
                  rows={m.failures_by_step.map((f) => ({
                    step: stepLabel(
                      steps.find((s) => s.id === f.step_id),
                      f.step_id,
                    ),
                    failures: f.failures,
                  }))}
                />
              )}
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Card withBorder padding="sm" aria-label={`${label}: ${value}`} role="group">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Card>
  );
}

function OutcomeChart({ parts }: { parts: { name: string; value: number; color: string }[] }) {
  const shown = parts.filter((p) => p.value > 0);
  return (
    <div role="img" aria-label={`Outcomes: ${shown.map((p) => `${p.name} ${p.value}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={220}>
        <PieChart>
          <Pie data={shown} dataKey="value" nameKey="name" innerRadius={50} outerRadius={80} isAnimationActive={false}>
            {shown.map((p) => (
              <Cell key={p.name} fill={p.color} />
            ))}
          </Pie>
          <Tooltip {...tooltipStyle} />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}

function FailuresChart({ rows }: { rows: { step: string; failures: number }[] }) {
  return (
    <div role="img" aria-label={`Failures by step: ${rows.map((r) => `${r.step} ${r.failures}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 36 + 40)}>
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid horizontal={false} stroke="var(--mantine-color-default-border)" />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="step" width={140} tick={axis} />
          <Tooltip {...tooltipStyle} />
          <Bar dataKey="failures" name="Failures" fill={color('red')} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
