import { Button, Center, EmptyState, Group, Loader, NativeSelect, TextInput } from '@mantine/core';
import { IconFileImport, IconFilterOff, IconPlus, IconReceipt } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../../../../shared/sales/orders.js';
import { fulfillmentLabel, paymentLabel } from './FulfillmentBadges.js';
import { ErrorNotice, StaleNotice } from '../../components/ListNotices.js';
import { LIVE_PAGE_LIMIT, loadedPages } from '../../live.js';
import { navigate } from '../../router.js';
import { useCustomer } from '../customerQueries.js';
import { CustomerPicker } from '../CustomerPicker.js';
import { OrderBulkBar } from './OrderBulkBar.js';
import { OrderCreateModal } from './OrderCreateModal.js';
import {
  isFiltered,
  NO_ORDER_FILTERS,
  orderFilterInput,
  orderFiltersOf,
  orderFiltersQuery,
  type OrderListFilters,
} from './orderFilters.js';
import { statusLabel } from './OrderStatusBadge.js';
import { OrderTable } from './OrderTable.js';
import { useOrderList } from './salesQueries.js';
import { ExportMenu } from '../transfer/ExportMenu.js';
import { ImportDialog } from '../transfer/ImportDialog.js';

/** The filters live in the URL (`#/sales/orders?customer=…&status=…&payment=…&fulfilment=…&from=…&until=…`), so reload and back/forward keep them. */
export function OrdersTab({ query }: { query: Readonly<Record<string, string>> }) {
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const filters = orderFiltersOf(query);
  const { status, startDate, endDate, customerId } = filters;
  const setFilters = (change: Partial<OrderListFilters>) =>
    navigate('/sales/orders', orderFiltersQuery({ ...filters, ...change }));
  const list = useOrderList(filters);
  const orders = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const filtered = isFiltered(filters);
  // Ticked orders as loaded now: one the filters no longer show is no longer ticked.
  const selected = orders.filter((o) => checked.has(o.id));
  const check = (ids: number[], on: boolean) =>
    setChecked((before) => {
      const next = new Set(before);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });

  return (
    <>
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-end">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <CustomerPicker
            label="Customer"
            placeholder="All customers"
            clearable
            // Mantine hides its clear button from the keyboard and screen readers; this one is a filter's reset.
            clearButtonProps={{ 'aria-label': 'Clear customer filter', 'aria-hidden': false, tabIndex: 0 }}
            w={280}
            value={customerId}
            onChange={(id) => setFilters({ customerId: id })}
          />
          <NativeSelect
            label="Status"
            value={status}
            onChange={(event) => setFilters({ status: event.currentTarget.value as OrderListFilters['status'] })}
            data={[
              { value: 'all', label: 'All statuses' },
              ...ORDER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
            ]}
          />
          <NativeSelect
            label="Payment"
            value={filters.payment}
            onChange={(event) => setFilters({ payment: event.currentTarget.value as OrderListFilters['payment'] })}
            data={[
              { value: 'all', label: 'Any payment' },
              ...PAYMENT_STATUSES.map((s) => ({ value: s, label: paymentLabel(s) })),
            ]}
          />
          <NativeSelect
            label="Fulfilment"
            value={filters.fulfilment}
            onChange={(event) =>
              setFilters({ fulfilment: event.currentTarget.value as OrderListFilters['fulfilment'] })
            }
            data={[
              { value: 'all', label: 'Any fulfilment' },
              ...FULFILLMENT_STATUSES.map((s) => ({ value: s, label: fulfillmentLabel(s) })),
            ]}
          />
          <TextInput
            label="Placed from"
            type="date"
            value={startDate}
            max={endDate || undefined}
            onChange={(event) => setFilters({ startDate: event.currentTarget.value })}
          />
          <TextInput
            label="Placed until"
            type="date"
            value={endDate}
            min={startDate || undefined}
            onChange={(event) => setFilters({ endDate: event.currentTarget.value })}
          />
          {filtered && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => setFilters({ ...NO_ORDER_FILTERS, sort: filters.sort })}
            >
              Clear filters
            </Button>
          )}
        </Group>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => setImporting(true)}
          >
            Import
          </Button>
          <ExportMenu entity="orders" filters={orderFilterInput(filters)} filtered={filtered} />
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
            New order
          </Button>
        </Group>
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
        <NoOrders
          filters={filters}
          onCreate={() => setCreating(true)}
          onClearFilters={() => setFilters(NO_ORDER_FILTERS)}
        />
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
          {selected.length > 0 && <OrderBulkBar selected={selected} onClear={() => setChecked(new Set())} />}
          <OrderTable
            key={JSON.stringify(filters)}
            orders={orders}
            checked={checked}
            onCheck={check}
            sort={filters.sort}
            onSort={(sort) => setFilters({ sort })}
            hasMore={list.hasNextPage && !list.isFetchNextPageError}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => {
              if (!list.isFetching) void list.fetchNextPage();
            }}
            onOpen={(order) => navigate(`/sales/orders/${order.id}`)}
          />
        </>
      )}
      {importing && <ImportDialog entity="orders" onClose={() => setImporting(false)} />}
      {creating && (
        <OrderCreateModal
          customerId={customerId}
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

interface NoOrdersProps {
  filters: OrderListFilters;
  onCreate: () => void;
  onClearFilters: () => void;
}

/** Says which filter left the list empty: a customer without orders is named, not "no results". */
function NoOrders({ filters, onCreate, onClearFilters }: NoOrdersProps) {
  const customer = useCustomer(filters.customerId);
  const name = customer.data?.name ?? (filters.customerId === null ? '' : `Customer #${filters.customerId}`);
  const otherFilters = isFiltered({ ...filters, customerId: null });
  const newOrder = (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={onCreate}>
      New order
    </Button>
  );
  const showAll = (
    <Button variant="light" leftSection={<IconFilterOff size={18} aria-hidden />} onClick={onClearFilters}>
      Show all orders
    </Button>
  );

  const [title, description, actions] =
    filters.customerId === null
      ? otherFilters
        ? ['No orders match these filters', 'Widen the dates or choose another status, payment or fulfilment.', showAll]
        : ['No orders yet — take your first', 'Orders you or your assistant place appear here, newest first.', newOrder]
      : otherFilters
        ? [
            `No orders for ${name} match these filters`,
            'Widen the dates or choose another status, payment or fulfilment.',
            showAll,
          ]
        : [
            `${name} has no orders yet`,
            'Orders placed for this customer, by you or your assistant, appear here.',
            <>
              {newOrder}
              {showAll}
            </>,
          ];

  return (
    <EmptyState icon={<IconReceipt size={32} aria-hidden />} title={title} description={description} py="xl">
      <EmptyState.Actions>{actions}</EmptyState.Actions>
    </EmptyState>
  );
}
