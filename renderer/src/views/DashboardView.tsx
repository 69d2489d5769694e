import { Anchor, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconFiles, IconRoute, IconShoppingCart, IconUsers, IconWorldSearch, type Icon } from '@tabler/icons-react';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatCount, formatDateTime } from '../format.js';
import { href } from '../router.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';
import { useRecentActivity } from './activityQueries.js';
import { describeActivity } from '../../../shared/activity-sentences.js';
import { useCustomerCount, type StatusFilter } from './customerQueries.js';
import { SalesSummaryCard } from './sales/SalesSummaryCard.js';

export function DashboardView() {
  return (
    <Stack gap="lg">
      <Title order={2}>Dashboard</Title>
      <CustomerCounts />
      <SalesSummaryCard />
      <RecentActivity />
      <DomainCards />
    </Stack>
  );
}

const COUNTS: { status: StatusFilter; label: string }[] = [
  { status: 'all', label: 'Customers' },
  { status: 'active', label: 'Active' },
  { status: 'inactive', label: 'Inactive' },
];

function CustomerCounts() {
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
      {COUNTS.map(({ status, label }) => (
        <CustomerCount key={status} status={status} label={label} />
      ))}
    </SimpleGrid>
  );
}

function CustomerCount({ status, label }: { status: StatusFilter; label: string }) {
  const count = useCustomerCount(status);
  if (count.isError) {
    return (
      <ErrorNotice
        compact
        title={`Could not count ${label.toLowerCase()}`}
        error={count.error}
        onRetry={() => void count.refetch()}
      />
    );
  }
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {count.data === undefined ? (
        <Skeleton height={32} mt={4} width="50%" />
      ) : (
        <Text fz={28} fw={700} aria-live="polite">
          {formatCount(count.data)}
        </Text>
      )}
    </Paper>
  );
}

function RecentActivity() {
  const recent = useRecentActivity(10);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recent-activity-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="recent-activity-title">
          Recent activity
        </Title>
        <Anchor href={href('/activity')} size="sm">
          See all activity
        </Anchor>
      </Group>
      {recent.isError ? (
        <ErrorNotice
          compact
          title="Could not load recent activity"
          error={recent.error}
          onRetry={() => void recent.refetch()}
        />
      ) : recent.data === undefined ? (
        <Skeleton height={200} />
      ) : recent.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing yet. Calls from this app, from MCP clients and from workflows will appear here as they happen.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Recent activity" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>What happened</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.data.items.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>{formatDateTime(entry.at, true)}</Table.Td>
                  <Table.Td>{describeActivity(entry)}</Table.Td>
                  <Table.Td>
                    <ActivityOutcomeBadge outcome={entry.outcome} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

const DOMAINS: { path: string; title: string; text: string; icon: Icon }[] = [
  { path: '/customers', title: 'Customers', text: 'Search, add and edit the people you sell to.', icon: IconUsers },
  {
    path: '/sales',
    title: 'Sales',
    text: 'Products, orders, inventory, payments and shipping.',
    icon: IconShoppingCart,
  },
  {
    path: '/documents',
    title: 'Documents',
    text: 'Your vault folder: search, versions and publishing.',
    icon: IconFiles,
  },
  {
    path: '/scraper',
    title: 'Scraper',
    text: 'Fetch pages politely, extract data, watch for changes.',
    icon: IconWorldSearch,
  },
  { path: '/workflows', title: 'Workflows', text: 'Chain operations on schedules and triggers.', icon: IconRoute },
];

function DomainCards() {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      {DOMAINS.map((domain) => (
        <Card key={domain.path} withBorder component="a" href={href(domain.path)} className="domain-card">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" size="lg" aria-hidden>
              <domain.icon size={20} />
            </ThemeIcon>
            <div>
              <Text fw={600}>{domain.title}</Text>
              <Text size="sm" c="dimmed">
                {domain.text}
              </Text>
            </div>
          </Group>
        </Card>
      ))}
    </SimpleGrid>
  );
}
