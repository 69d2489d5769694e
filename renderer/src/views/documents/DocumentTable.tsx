import { Badge, Group, Text } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Document } from '../../../../shared/vault.js';
import { VirtualTable } from '../../components/VirtualTable.js';
import { formatDateTime, locale } from '../../format.js';
import { DocumentStatusBadge } from './DocumentStatusBadge.js';
import { formatSize } from './fileKinds.js';

const SHOWN_TAGS = 3;

const columns: ColumnDef<Document>[] = [
  {
    id: 'name',
    header: 'Name',
    size: 200,
    cell: ({ row }) => (
      <Text span size="sm" fw={600} title={row.original.title ?? row.original.name}>
        {row.original.name}
      </Text>
    ),
  },
  { id: 'type', header: 'Type', size: 60, cell: ({ row }) => row.original.file_type.toUpperCase() || '—' },
  { id: 'size', header: 'Size', size: 80, cell: ({ row }) => formatSize(row.original.size, locale) },
  { id: 'modified', header: 'Modified', size: 140, cell: ({ row }) => formatDateTime(row.original.modified_at) },
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
}

const COMPACT = { type: false, size: false, modified: false };

export function DocumentTable({ documents, label, selectedPath, compact = false, ...rest }: DocumentTableProps) {
  const table = useReactTable({
    data: documents,
    columns,
    state: { columnVisibility: compact ? COMPACT : {} },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (document) => document.document_id,
  });
  return (
    <VirtualTable table={table} label={label} rowHeight={44} selectedRowId={selectedPath ?? undefined} {...rest} />
  );
}
