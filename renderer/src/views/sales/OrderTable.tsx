import { Stack, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { OrderSummary } from '../../../../shared/sales/orders.js';
import { selectColumn } from '../../components/selectColumn.js';
import { SORT_WORDS, SortHeader, type ListSort } from '../../components/SortHeader.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import type { OrderSortColumn } from './orderFilters.js';
import { formatAmount, formatCount, formatDateTime } from '../../format.js';
import { FulfillmentBadge, PaymentBadge } from './FulfillmentBadges.js';
import { OrderStatusBadge } from './OrderStatusBadge.js';

type Header = (label: string, column: OrderSortColumn, kind: keyof typeof SORT_WORDS) => ReactNode;

const dataColumns = (header: Header): ColumnDef<OrderSummary>[] => [
  {
    id: 'id',
    header: () => header('Order', 'id', 'amount'),
    size: 70,
    meta: { sortBy: 'id' },
    cell: ({ row }) => (
      <Text span size="sm" fw={600}>
        #{row.original.id}
      </Text>
    ),
  },
  // Beside the number, so that a narrow window still shows where each order stands.
  {
    id: 'status',
    header: () => header('Status', 'status', 'text'),
    size: 110,
    meta: { sortBy: 'status' },
    cell: ({ row }) => <OrderStatusBadge status={row.original.status} />,
  },
  // Payment over fulfilment, stacked: narrow enough that an 800 px window keeps both beside the status.
  {
    id: 'states',
    header: 'Payment & fulfilment',
    size: 150,
    cell: ({ row }) => (
      <Stack gap={2} align="flex-start" className="order-states">
        <PaymentBadge payment={row.original.payment_status} size="xs" />
        <FulfillmentBadge fulfillment={row.original.fulfillment_status} size="xs" />
      </Stack>
    ),
  },
  {
    id: 'created',
    header: () => header('Placed', 'created_at', 'date'),
    size: 150,
    meta: { secondary: true, sortBy: 'created_at' },
    cell: ({ row }) => formatDateTime(row.original.created_at),
  },
  {
    id: 'customer',
    header: () => header('Customer', 'customer', 'text'),
    size: 170,
    meta: { sortBy: 'customer' },
    cell: ({ row }) => row.original.customer_name,
  },
  {
    id: 'items',
    header: 'Items',
    size: 60,
    meta: { secondary: true },
    cell: ({ row }) => formatCount(row.original.item_count),
  },
  {
    id: 'total',
    header: () => header('Total', 'total', 'amount'),
    size: 100,
    meta: { sortBy: 'total' },
    cell: ({ row }) => <span className="numeric">{formatAmount(row.original.total, row.original.currency)}</span>,
  },
  {
    id: 'paid',
    header: 'Paid',
    size: 100,
    meta: { secondary: true },
    cell: ({ row }) => (
      <span className="numeric">{formatAmount(row.original.paid - row.original.refunded, row.original.currency)}</span>
    ),
  },
];

export interface OrderTableProps {
  orders: OrderSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (order: OrderSummary) => void;
  /** null: newest first, the list's own order. */
  sort: ListSort<OrderSortColumn> | null;
  onSort: (sort: ListSort<OrderSortColumn>) => void;
  /** Ticked for bulk actions. */
  checked: ReadonlySet<number>;
  onCheck: (ids: number[], on: boolean) => void;
}

export function OrderTable({ orders, sort, onSort, checked, onCheck, ...rest }: OrderTableProps) {
  // Without a sort the list is newest first: the Placed header says so.
  const shown: ListSort<OrderSortColumn> = sort ?? { column: 'created_at', order: 'desc' };
  const columns: ColumnDef<OrderSummary>[] = [
    selectColumn<OrderSummary>({
      rows: orders,
      checked,
      onCheck,
      allLabel: 'Select all loaded orders',
      rowLabel: (order) => `Select order #${order.id}`,
    }),
    ...dataColumns((label, column, kind) => (
      <SortHeader
        label={label}
        column={column}
        sort={shown}
        onSort={onSort}
        words={SORT_WORDS[kind]}
        firstOrder={kind === 'text' ? 'asc' : 'desc'}
      />
    )),
  ];
  const table = useReactTable({
    data: orders,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (order) => String(order.id),
  });
  return <VirtualTable table={table} label="Orders" rowHeight={44} sort={shown} {...rest} />;
}
