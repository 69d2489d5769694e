import { Badge, Checkbox, Group, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Customer } from '../../../shared/customers.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { countryName, formatDate } from '../format.js';
import { CustomerStatusBadge } from './CustomerStatusBadge.js';
import type { CustomerSort } from './customerQueries.js';

const SHOWN_TAGS = 3;

type SortHeaderOf = (label: string, column: 'name' | 'added') => ReactNode;

const dataColumns = (sortHeader: SortHeaderOf): ColumnDef<Customer>[] => [
  {
    id: 'name',
    header: () => sortHeader('Name', 'name'),
    size: 170,
    meta: { sortBy: 'name' },
    cell: ({ row }) => (
      <Text span size="sm" fw={600}>
        {row.original.name}
      </Text>
    ),
  },
  { id: 'email', header: 'Email', size: 210, accessorKey: 'email' },
  { id: 'phone', header: 'Phone', size: 130, cell: ({ row }) => row.original.phone ?? '—' },
  {
    id: 'location',
    header: 'City / country',
    size: 150,
    cell: ({ row }) => {
      const address = row.original.address;
      const parts = [address?.city, address?.country ? countryName(address.country) : undefined];
      return parts.filter(Boolean).join(', ') || '—';
    },
  },
  {
    id: 'status',
    header: 'Status',
    size: 110,
    cell: ({ row }) => <CustomerStatusBadge status={row.original.status} />,
  },
  {
    id: 'tags',
    header: 'Tags',
    size: 130,
    cell: ({ row }) => <TagList tags={row.original.tags} />,
  },
  {
    id: 'added',
    header: () => sortHeader('Added', 'added'),
    size: 110,
    meta: { sortBy: 'added' },
    cell: ({ row }) => formatDate(row.original.created_at),
  },
];

/** A column header that sorts the list: the server sorts by name, or by when customers were added. */
function SortHeader({
  label,
  column,
  sort,
  onSort,
}: {
  label: string;
  column: 'name' | 'added';
  sort: CustomerSort;
  onSort: (sort: CustomerSort) => void;
}) {
  const active = column === 'name' ? sort === 'name' : sort !== 'name';
  const next: CustomerSort = column === 'name' ? 'name' : sort === 'newest' ? 'oldest' : 'newest';
  const Icon = !active ? IconArrowsSort : column === 'name' || sort === 'oldest' ? IconArrowUp : IconArrowDown;
  const state = !active
    ? 'not sorted'
    : column === 'name'
      ? 'sorted A to Z'
      : sort === 'newest'
        ? 'newest first'
        : 'oldest first';
  return (
    <UnstyledButton
      onClick={(event) => {
        event.stopPropagation();
        onSort(next);
      }}
      aria-label={`Sort by ${label.toLowerCase()} (${state})`}
    >
      <Group gap={4} wrap="nowrap">
        <Text span size="sm" fw={700}>
          {label}
        </Text>
        <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.4 }} />
      </Group>
    </UnstyledButton>
  );
}

function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const hidden = tags.length - SHOWN_TAGS;
  return (
    <Group gap={4} wrap="nowrap">
      {tags.slice(0, SHOWN_TAGS).map((tag) => (
        <Badge key={tag} variant="outline" size="sm" tt="none">
          {tag}
        </Badge>
      ))}
      {hidden > 0 && (
        <Text size="xs" c="dimmed">
          +{hidden}
        </Text>
      )}
    </Group>
  );
}

export interface CustomerTableProps {
  customers: Customer[];
  total: number | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (customer: Customer) => void;
  selectedId: number | null;
  sort: CustomerSort;
  onSort: (sort: CustomerSort) => void;
  /** Ticked for bulk actions (not the one open in the panel). */
  checked: ReadonlySet<number>;
  onCheck: (ids: number[], on: boolean) => void;
}

export function CustomerTable({
  customers,
  total,
  selectedId,
  sort,
  onSort,
  checked,
  onCheck,
  ...rest
}: CustomerTableProps) {
  const all = customers.length > 0 && customers.every((c) => checked.has(c.id));
  const some = customers.some((c) => checked.has(c.id));
  const columns: ColumnDef<Customer>[] = [
    {
      id: 'select',
      size: 40,
      header: () => (
        <Checkbox
          aria-label="Select all loaded customers"
          checked={all}
          indeterminate={some && !all}
          onChange={(event) =>
            onCheck(
              customers.map((c) => c.id),
              event.currentTarget.checked,
            )
          }
        />
      ),
      cell: ({ row }) => (
        // A click on the box ticks the row; it does not open the customer.
        <div onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
          <Checkbox
            aria-label={`Select ${row.original.name}`}
            checked={checked.has(row.original.id)}
            onChange={(event) => onCheck([row.original.id], event.currentTarget.checked)}
          />
        </div>
      ),
    },
    ...dataColumns((label, column) => <SortHeader label={label} column={column} sort={sort} onSort={onSort} />),
  ];
  const table = useReactTable({
    data: customers,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (customer) => String(customer.id),
  });
  return (
    <VirtualTable
      table={table}
      label="Customers"
      rowHeight={44}
      total={total}
      sort={
        sort === 'name'
          ? { column: 'name', order: 'asc' }
          : { column: 'added', order: sort === 'newest' ? 'desc' : 'asc' }
      }
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
