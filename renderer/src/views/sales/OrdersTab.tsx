import { Button, Center, EmptyState, Group, Loader, NativeSelect, TextInput } from '@mantine/core';
import { IconFilterOff, IconPlus, IconReceipt } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ORDER_STATUSES } from '../../../../shared/sales/orders.js';
import { ErrorNotice, StaleNotice } from '../../components/ListNotices.js';
import { LIVE_PAGE_LIMIT, loadedPages } from '../../live.js';
import { navigate } from '../../router.js';
import { OrderCreateModal } from './OrderCreateModal.js';
import { statusLabel } from './OrderStatusBadge.js';
import { OrderTable } from './OrderTable.js';
import { useOrderList, type OrderListFilters } from './salesQueries.js';

export function OrdersTab() {
  const [status, setStatus] = useState<OrderListFilters['status']>('all');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [creating, setCreating] = useState(false);
  const filters = useMemo<OrderListFilters>(() => ({ status, startDate, endDate }), [status, startDate, endDate]);
  const list = useOrderList(filters);
  const orders = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const filtered = status !== 'all' || startDate !== '' || endDate !== '';

  return (
    <>
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-end">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <NativeSelect
            label="Status"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as OrderListFilters['status'])}
            data={[
              { value: 'all', label: 'All statuses' },
              ...ORDER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
            ]}
          />
          <TextInput
            label="Placed from"
            type="date"
            value={startDate}
            max={endDate || undefined}
            onChange={(event) => setStartDate(event.currentTarget.value)}
          />
          <TextInput
            label="Placed until"
            type="date"
            value={endDate}
            min={startDate || undefined}
            onChange={(event) => setEndDate(event.currentTarget.value)}
          />
          {filtered && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => {
                setStatus('all');
                setStartDate('');
                setEndDate('');
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
          New order
        </Button>
      </Group>

      {list.isStale && !list.isFetching && loadedPages(list.data) > LIVE_PAGE_LIMIT && (
        <StaleNotice message="Orders changed since this list was loaded." onRefresh={() => void list.refetch()} />
      )}

      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading orders" />
        </Center>
      ) : list.isError && orders.length === 0 ? (
        <ErrorNotice title="Could not load orders" error={list.error} onRetry={() => void list.refetch()} />
      ) : orders.length === 0 ? (
        <EmptyState
          icon={<IconReceipt size={32} aria-hidden />}
          title={filtered ? 'No orders match these filters' : 'No orders yet — take your first'}
          description={
            filtered
              ? 'Widen the dates or choose another status.'
              : 'Orders you or your assistant place appear here, newest first.'
          }
          py="xl"
        >
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
              New order
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <>
          {list.isFetchNextPageError && (
            <ErrorNotice
              compact
              title="Could not load more orders"
              error={list.error}
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          <OrderTable
            key={JSON.stringify(filters)}
            orders={orders}
            hasMore={list.hasNextPage && !list.isFetchNextPageError}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => {
              if (!list.isFetching) void list.fetchNextPage();
            }}
            onOpen={(order) => navigate(`/sales/orders/${order.id}`)}
          />
        </>
      )}
      {creating && (
        <OrderCreateModal
          onClose={() => setCreating(false)}
          onOpenOrder={(order) => {
            setCreating(false);
            navigate(`/sales/orders/${order.id}`);
          }}
        />
      )}
    </>
  );
}
