import { Badge, Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ActivityEntry } from '../../../shared/activity.js';
import { describeActivity } from '../../../shared/activity-sentences.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { formatDateTime } from '../format.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';

const columns: ColumnDef<ActivityEntry>[] = [
  {
    id: 'time',
    header: 'Time',
    size: 150,
    meta: { secondary: true },
    cell: ({ row }) => formatDateTime(row.original.at, true),
  },
  {
    id: 'what',
    header: 'What happened',
    size: 290,
    cell: ({ row }) => (
      <Group gap={6} wrap="nowrap">
        <Text span size="sm" truncate>
          {describeActivity(row.original)}
        </Text>
        {row.original.is_read && (
          <Badge size="xs" variant="outline" color="gray" tt="none">
            read
          </Badge>
        )}
        {row.original.undone_at !== null && (
          <Badge size="xs" variant="light" color="yellow" tt="none">
            undone
          </Badge>
        )}
      </Group>
    ),
  },
  {
    id: 'outcome',
    header: 'Outcome',
    size: 100,
    cell: ({ row }) => <ActivityOutcomeBadge outcome={row.original.outcome} />,
  },
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
