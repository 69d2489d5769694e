import { Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ActivityEntry } from '../../../shared/activity.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { formatDateTime, formatDuration } from '../format.js';
import { ActivityCaller } from './ActivityCaller.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';

const columns: ColumnDef<ActivityEntry>[] = [
  { id: 'time', header: 'Time', size: 190, cell: ({ row }) => formatDateTime(row.original.at, true) },
  { id: 'caller', header: 'Caller', size: 220, cell: ({ row }) => <ActivityCaller entry={row.original} /> },
  {
    id: 'operation',
    header: 'Operation',
    size: 200,
    cell: ({ row }) => (
      <Text span size="sm" ff="monospace">
        {row.original.operation}
      </Text>
    ),
  },
  {
    id: 'outcome',
    header: 'Outcome',
    size: 120,
    cell: ({ row }) => <ActivityOutcomeBadge outcome={row.original.outcome} />,
  },
  { id: 'duration', header: 'Duration', size: 90, cell: ({ row }) => formatDuration(row.original.duration_ms) },
];

export interface ActivityTableProps {
  entries: ActivityEntry[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (entry: ActivityEntry) => void;
  selectedId: number | null;
}

export function ActivityTable({ entries, selectedId, ...rest }: ActivityTableProps) {
  const table = useReactTable({
    data: entries,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (entry) => String(entry.id),
  });
  return (
    <VirtualTable
      table={table}
      label="Activity"
      rowHeight={40}
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
