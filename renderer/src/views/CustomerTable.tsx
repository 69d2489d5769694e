import { Badge, Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Customer } from '../../../shared/customers.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { countryName, formatDate } from '../format.js';
import { CustomerStatusBadge } from './CustomerStatusBadge.js';

const SHOWN_TAGS = 3;

const columns: ColumnDef<Customer>[] = [
  {
    id: 'name',
    header: 'Name',
    size: 170,
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
  { id: 'updated', header: 'Updated', size: 110, cell: ({ row }) => formatDate(row.original.updated_at) },
];

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
}

export function CustomerTable({ customers, total, selectedId, ...rest }: CustomerTableProps) {
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
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
