import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ACTIVITY_SORTS, ActivityEntry } from '../../../shared/activity.js';
import { describeActivity } from '../../../shared/activity-sentences.js';
import { SORT_WORDS, SortHeader, type ListSort } from '../components/SortHeader.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { formatDateTime } from '../format.js';
import { ActivityOutcomeBadge } from './ActivityOutcomeBadge.js';

export type ActivitySort = ListSort<(typeof ACTIVITY_SORTS)[number]>;
/** Newest first: the log's own order. */
export const ACTIVITY_NEWEST_FIRST: ActivitySort = { column: 'time', order: 'desc' };

type Header = (props: Omit<Parameters<typeof SortHeader<ActivitySort['column']>>[0], 'sort' | 'onSort'>) => ReactNode;

const dataColumns = (header: Header): ColumnDef<ActivityEntry>[] => [
  {
    id: 'time',
    header: () => header({ label: 'Time', column: 'time', words: SORT_WORDS.date, firstOrder: 'desc' }),
    size: 150,
    meta: { secondary: true, sortBy: 'time' },
    cell: ({ row }) => formatDateTime(row.original.at, true),
  },
  {
    id: 'what',
    // The sentence begins with who acted: the header sorts by them.
    header: () => header({ label: 'What happened', name: 'who acted', column: 'caller', words: SORT_WORDS.text }),
    size: 290,
    meta: { sortBy: 'caller' },
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
    header: () => header({ label: 'Outcome', column: 'outcome', words: { asc: 'problems first', desc: 'done first' } }),
    size: 110,
    meta: { sortBy: 'outcome' },
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
  sort: ActivitySort;
  onSort: (sort: ActivitySort) => void;
}

export function ActivityTable({ entries, selectedId, sort, onSort, ...rest }: ActivityTableProps) {
  const columns = dataColumns((props) => <SortHeader {...props} sort={sort} onSort={onSort} />);
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
      sort={sort}
      selectedRowId={selectedId === null ? undefined : String(selectedId)}
      {...rest}
    />
  );
}
