import { Badge, Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Document, DOCUMENT_SORTS } from '../../../../shared/vault.js';
import { selectColumnBy } from '../../components/selectColumn.js';
import { SORT_WORDS, SortHeader, type ListSort } from '../../components/SortHeader.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import { formatDateTime, locale } from '../../format.js';
import { DocumentStatusBadge } from './DocumentStatusBadge.js';
import { formatSize } from './fileKinds.js';

const SHOWN_TAGS = 3;

export type DocumentSort = ListSort<(typeof DOCUMENT_SORTS)[number]>;
type Header = (label: string, column: DocumentSort['column'], kind: keyof typeof SORT_WORDS) => ReactNode;

const dataColumns = (header: Header): ColumnDef<Document>[] => [
  {
    id: 'name',
    header: () => header('Name', 'name', 'text'),
    size: 200,
    meta: { sortBy: 'name' },
    cell: ({ row }) => (
      <Text span size="sm" fw={600} title={row.original.title ?? row.original.name}>
        {row.original.name}
      </Text>
    ),
  },
  { id: 'type', header: 'Type', size: 60, cell: ({ row }) => row.original.file_type.toUpperCase() || '—' },
  {
    id: 'size',
    header: () => header('Size', 'size', 'amount'),
    size: 90,
    meta: { sortBy: 'size' },
    cell: ({ row }) => formatSize(row.original.size, locale),
  },
  {
    id: 'modified',
    header: () => header('Modified', 'modified', 'date'),
    size: 150,
    meta: { sortBy: 'modified' },
    cell: ({ row }) => formatDateTime(row.original.modified_at),
  },
  {
    id: 'status',
    header: 'Status',
    size: 100,
    cell: ({ row }) => <DocumentStatusBadge status={row.original.status} />,
  },
  { id: 'tags', header: 'Tags', size: 120, cell: ({ row }) => <TagList tags={row.original.tags} /> },
];

export function TagList({ tags }: { tags: string[] }) {
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

export interface DocumentTableProps {
  documents: Document[];
  label: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (document: Document) => void;
  selectedPath: string | null;
  /** Beside an open document: only name, status and tags. */
  compact?: boolean;
  /** With onSort, the Name, Size and Modified headers sort the list (list_documents sorts every page). */
  sort?: DocumentSort;
  onSort?: (sort: DocumentSort) => void;
  /** With onCheck, a box per row for bulk actions, by document path. */
  checked?: ReadonlySet<string>;
  onCheck?: (paths: string[], on: boolean) => void;
}

const COMPACT = { type: false, size: false, modified: false };

export function DocumentTable({
  documents,
  label,
  selectedPath,
  compact = false,
  sort,
  onSort,
  checked,
  onCheck,
  ...rest
}: DocumentTableProps) {
  const select =
    checked && onCheck
      ? [
          selectColumnBy<Document, string>({
            rows: documents,
            keyOf: (d) => d.document_id,
            checked,
            onCheck,
            allLabel: 'Select all loaded documents',
            rowLabel: (d) => `Select ${d.name}`,
          }),
        ]
      : [];
  const data = dataColumns((label, column, kind) =>
    onSort ? (
      <SortHeader
        label={label}
        column={column}
        sort={sort ?? null}
        onSort={onSort}
        words={SORT_WORDS[kind]}
        firstOrder={kind === 'text' ? 'asc' : 'desc'}
      />
    ) : (
      label
    ),
  );
  const columns = [...select, ...data];
  const table = useReactTable({
    data: documents,
    columns,
    state: { columnVisibility: compact ? COMPACT : {} },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (document) => document.document_id,
  });
  return (
    <VirtualTable
      table={table}
      label={label}
      rowHeight={44}
      selectedRowId={selectedPath ?? undefined}
      sort={onSort ? sort : undefined}
      {...rest}
    />
  );
}
