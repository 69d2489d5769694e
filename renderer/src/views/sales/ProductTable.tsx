import { Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Product, PRODUCT_SORTS } from '../../../../shared/sales/products.js';
import { selectColumn } from '../../components/selectColumn.js';
import { SORT_WORDS, SortHeader, type ListSort } from '../../components/SortHeader.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import { formatAmount, formatCount } from '../../format.js';
import { ProductStatusBadge } from './ProductStatusBadge.js';
import { StockLevelBadge } from './StockLevelBadge.js';

const number = (value: number, low = false) => (
  <Text span size="sm" c={low ? 'red' : undefined} fw={low ? 600 : undefined} className="numeric">
    {formatCount(value)}
  </Text>
);

export type ProductSortColumn = (typeof PRODUCT_SORTS)[number];
export type ProductSort = ListSort<ProductSortColumn>;
type Header = (label: string, column: ProductSortColumn, kind: keyof typeof SORT_WORDS) => ReactNode;

const dataColumns = (header: Header): ColumnDef<Product>[] => [
  {
    id: 'sku',
    header: () => header('SKU', 'sku', 'text'),
    size: 120,
    meta: { sortBy: 'sku' },
    cell: ({ row }) => (
      <Text span size="sm" ff="monospace">
        {row.original.sku}
      </Text>
    ),
  },
  {
    id: 'name',
    header: () => header('Name', 'name', 'text'),
    size: 260,
    meta: { sortBy: 'name' },
    // The stock badge sits by the name, which narrow windows keep in view (the numbers scroll away).
    cell: ({ row }) => (
      <Group gap={6} wrap="nowrap">
        <Text span size="sm" fw={600} truncate>
          {row.original.name}
        </Text>
        <StockLevelBadge stock={row.original.stock} threshold={row.original.low_stock_threshold} />
      </Group>
    ),
  },
  {
    id: 'category',
    header: () => header('Category', 'category', 'text'),
    size: 120,
    meta: { secondary: true, sortBy: 'category' },
    cell: ({ row }) => row.original.category ?? '—',
  },
  {
    id: 'price',
    header: () => header('Price', 'price', 'amount'),
    size: 100,
    meta: { sortBy: 'price' },
    cell: ({ row }) => <span className="numeric">{formatAmount(row.original.price, row.original.currency)}</span>,
  },
  {
    id: 'on_hand',
    header: () => header('On hand', 'on_hand', 'amount'),
    size: 90,
    meta: { sortBy: 'on_hand' },
    cell: ({ row }) => number(row.original.stock.on_hand),
  },
  {
    id: 'reserved',
    header: () => header('Reserved', 'reserved', 'amount'),
    size: 90,
    meta: { secondary: true, sortBy: 'reserved' },
    cell: ({ row }) => number(row.original.stock.reserved),
  },
  {
    id: 'available',
    header: () => header('Available', 'available', 'amount'),
    size: 90,
    meta: { sortBy: 'available' },
    cell: ({ row }) => number(row.original.stock.available, row.original.stock.level === 'out'),
  },
  {
    id: 'status',
    header: () => header('Status', 'status', 'text'),
    size: 100,
    meta: { sortBy: 'status' },
    cell: ({ row }) => <ProductStatusBadge status={row.original.status} />,
  },
];

export interface ProductTableProps {
  products: Product[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (product: Product) => void;
  selectedId: number | null;
  /** null: the list's own order (by name, or best match for a search). */
  sort: ProductSort | null;
  onSort: (sort: ProductSort) => void;
  /** Ticked for bulk actions (not the one open in the panel). */
  checked: ReadonlySet<number>;
  onCheck: (ids: number[], on: boolean) => void;
}

export function ProductTable({ products, selectedId, sort, onSort, checked, onCheck, ...rest }: ProductTableProps) {
  const columns: ColumnDef<Product>[] = [
    selectColumn<Product>({
      rows: products,
      checked,
      onCheck,
      allLabel: 'Select all loaded products',
      rowLabel: (product) => `Select ${product.name}`,
    }),
    ...dataColumns((label, column, kind) => (
      <SortHeader
        label={label}
        column={column}
        sort={sort}
        onSort={onSort}
        words={SORT_WORDS[kind]}
        firstOrder={kind === 'amount' ? 'desc' : 'asc'}
      />
    )),
  ];
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
      sort={sort}
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
