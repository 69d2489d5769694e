import { Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Product } from '../../../../shared/sales/products.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import { formatAmount, formatCount } from '../../format.js';
import { ProductStatusBadge } from './ProductStatusBadge.js';

const number = (value: number, low = false) => (
  <Text span size="sm" c={low ? 'red' : undefined} fw={low ? 600 : undefined} className="numeric">
    {formatCount(value)}
  </Text>
);

const columns: ColumnDef<Product>[] = [
  {
    id: 'sku',
    header: 'SKU',
    size: 120,
    cell: ({ row }) => (
      <Text span size="sm" ff="monospace">
        {row.original.sku}
      </Text>
    ),
  },
  {
    id: 'name',
    header: 'Name',
    size: 200,
    cell: ({ row }) => (
      <Text span size="sm" fw={600}>
        {row.original.name}
      </Text>
    ),
  },
  {
    id: 'category',
    header: 'Category',
    size: 120,
    meta: { secondary: true },
    cell: ({ row }) => row.original.category ?? '—',
  },
  {
    id: 'price',
    header: 'Price',
    size: 100,
    cell: ({ row }) => <span className="numeric">{formatAmount(row.original.price, row.original.currency)}</span>,
  },
  { id: 'on_hand', header: 'On hand', size: 80, cell: ({ row }) => number(row.original.stock.on_hand) },
  {
    id: 'reserved',
    header: 'Reserved',
    size: 80,
    meta: { secondary: true },
    cell: ({ row }) => number(row.original.stock.reserved),
  },
  {
    id: 'available',
    header: 'Available',
    size: 80,
    cell: ({ row }) => number(row.original.stock.available, row.original.stock.available <= 0),
  },
  { id: 'status', header: 'Status', size: 100, cell: ({ row }) => <ProductStatusBadge status={row.original.status} /> },
];

export interface ProductTableProps {
  products: Product[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (product: Product) => void;
  selectedId: number | null;
}

export function ProductTable({ products, selectedId, ...rest }: ProductTableProps) {
  const table = useReactTable({
    data: products,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (product) => String(product.id),
  });
  return (
    <VirtualTable
      table={table}
      label="Products"
      rowHeight={44}
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
