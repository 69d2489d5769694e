import { Alert, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { GROUP_BY } from '../../../../shared/sales/analytics.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatAmount, formatCount } from '../../format.js';
import { fillPeriods, localDateBefore, type GroupBy } from './analyticsPeriods.js';
import { OrdersByStatusChart, RevenueChart, TopProductsChart } from './SalesCharts.js';
import { useOrderAnalytics } from './salesQueries.js';

const RANGES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '12 months' },
];

export function SalesDashboard() {
  const [range, setRange] = useState('30');
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const startDate = localDateBefore(Number(range) - 1);
  const endDate = localDateBefore(0);
  const report = useOrderAnalytics({ start_date: startDate, end_date: endDate, group_by: groupBy, top: 8 });
  const data = report.data;
  const points = useMemo(
    () => (data ? fillPeriods(data, startDate, endDate, data.group_by) : []),
    [data, startDate, endDate],
  );
  const money = (amount: number) => (data ? formatAmount(amount, data.currency) : '');

  return (
    <Stack gap="md">
      <Group gap="md" wrap="wrap">
        <SegmentedControl aria-label="Period" value={range} onChange={setRange} data={RANGES} />
        <SegmentedControl
          aria-label="Group by"
          value={groupBy}
          onChange={(value) => setGroupBy(value as GroupBy)}
          data={GROUP_BY.map((g) => ({ value: g, label: g.charAt(0).toUpperCase() + g.slice(1) }))}
        />
        {data && (
          <Text size="xs" c="dimmed">
            Amounts in {data.currency}, days in {data.time_zone}; cancelled orders left out.
          </Text>
        )}
      </Group>
      {report.isError && !data ? (
        <ErrorNotice title="Could not load sales figures" error={report.error} onRetry={() => void report.refetch()} />
      ) : !data ? (
        <Skeleton height={360} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md" aria-label="Sales figures" role="group">
            <Figure label="Orders" value={formatCount(data.totals.orders)} />
            <Figure label="Gross sales" value={money(data.totals.gross)} />
            <Figure label="Refunds" value={money(data.totals.refunds)} />
            <Figure label="Net revenue" value={money(data.totals.net)} />
            <Figure label="Average order" value={money(data.totals.average_order)} />
          </SimpleGrid>
          {data.totals.discounts > 0 && (
            <Text size="sm" c="dimmed">
              Gross sales are what the orders came to after {money(data.totals.discounts)} of discounts.
            </Text>
          )}
          {data.totals.orders === 0 && (
            <Alert color="blue" variant="light">
              No orders in this period yet. Orders placed here or by your assistant show up in these charts at once.
            </Alert>
          )}
          <ChartCard title="Revenue over time" id="revenue-title">
            <RevenueChart points={points} currency={data.currency} />
          </ChartCard>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ChartCard title="Top products by net revenue" id="top-products-title">
              {data.top_products.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No products sold in this period.
                </Text>
              ) : (
                <TopProductsChart products={data.top_products} currency={data.currency} />
              )}
            </ChartCard>
            <ChartCard title="Orders by status" id="by-status-title">
              {data.by_status.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No orders in this period.
                </Text>
              ) : (
                <OrdersByStatusChart statuses={data.by_status} />
              )}
            </ChartCard>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="lg" fw={700} className="numeric">
        {value}
      </Text>
    </Paper>
  );
}

function ChartCard({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
