import { Anchor, Group, Paper, SimpleGrid, Skeleton, Text, Title } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatAmount, formatCount } from '../../format.js';
import { href } from '../../router.js';
import { fillPeriods, localDateBefore } from './analyticsPeriods.js';
import { useOrderAnalytics } from './salesQueries.js';

// The charting library (recharts) is the largest part of the dashboard: the figures show first, the
// small chart joins them once its chunk has loaded.
const RevenueChart = lazy(() => import('./SalesCharts.js').then((m) => ({ default: m.RevenueChart })));

/** The dashboard's glance at sales: the last 30 days. */
export function SalesSummaryCard() {
  const startDate = localDateBefore(29);
  const endDate = localDateBefore(0);
  const report = useOrderAnalytics({ start_date: startDate, end_date: endDate, group_by: 'day', top: 1 });
  const data = report.data;
  const points = useMemo(() => (data ? fillPeriods(data, startDate, endDate, 'day') : []), [data, startDate, endDate]);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sales-summary-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="sales-summary-title">
          Sales, last 30 days
        </Title>
        <Anchor href={href('/sales')} size="sm">
          Open sales
        </Anchor>
      </Group>
      {report.isError ? (
        <ErrorNotice compact title="Could not load sales" error={report.error} onRetry={() => void report.refetch()} />
      ) : !data ? (
        <Skeleton height={120} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="md">
          <Figure label="Orders" value={formatCount(data.totals.orders)} />
          <Figure label="Net revenue" value={formatAmount(data.totals.net, data.currency)} />
          <Figure label="Average order" value={formatAmount(data.totals.average_order, data.currency)} />
          <Suspense fallback={<Skeleton height={72} />}>
            <RevenueChart points={points} currency={data.currency} height={72} compact />
          </Suspense>
        </SimpleGrid>
      )}
    </Paper>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} className="numeric">
        {value}
      </Text>
    </div>
  );
}
