import { Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { OrderSummary } from '../../../../shared/sales/orders.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import { formatAmount, formatCount, formatDateTime } from '../../format.js';
import { FulfillmentBadges } from './FulfillmentBadges.js';
import { OrderStatusBadge } from './OrderStatusBadge.js';

const columns: ColumnDef<OrderSummary>[] = [
  {
    id: 'id',
    header: 'Order',
    size: 80,
    cell: ({ row }) => (
      <Text span size="sm" fw={600}>
        #{row.original.id}
      </Text>
    ),
  },
  // Beside the number, so that a narrow window still shows where each order stands.
  {
    id: 'status',
    header: 'Status',
    size: 390,
    cell: ({ row }) => (
      <Group gap={4} wrap="nowrap">
        <OrderStatusBadge status={row.original.status} />
        <FulfillmentBadges fulfillment={row.original.fulfillment_status} payment={row.original.payment_status} />
      </Group>
    ),
  },
  {
    id: 'created',
    header: 'Placed',
    size: 150,
    meta: { secondary: true },
    cell: ({ row }) => formatDateTime(row.original.created_at),
  },
  { id: 'customer', header: 'Customer', size: 180, cell: ({ row }) => row.original.customer_name },
  {
    id: 'items',
    header: 'Items',
    size: 60,
    meta: { secondary: true },
    cell: ({ row }) => formatCount(row.original.item_count),
  },
  {
    id: 'total',
    header: 'Total',
    size: 110,
    cell: ({ row }) => <span className="numeric">{formatAmount(row.original.total, row.original.currency)}</span>,
  },
  {
    id: 'paid',
    header: 'Paid',
    size: 110,
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
}

export function OrderTable({ orders, ...rest }: OrderTableProps) {
  const table = useReactTable({
    data: orders,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (order) => String(order.id),
  });
  return <VirtualTable table={table} label="Orders" rowHeight={44} {...rest} />;
}
