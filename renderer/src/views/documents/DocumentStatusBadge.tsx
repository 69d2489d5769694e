import { Badge } from '@mantine/core';
import type { Document } from '../../../../shared/vault.js';

const COLORS: Record<Document['status'], string> = {
  draft: 'gray',
  in_review: 'yellow',
  approved: 'teal',
  published: 'blue',
  archived: 'dark',
};

export const STATUS_LABELS: Record<Document['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
  archived: 'Archived',
};

export function DocumentStatusBadge({ status }: { status: Document['status'] }) {
  return (
    <Badge color={COLORS[status]} variant="light" size="sm">
      {STATUS_LABELS[status]}
    </Badge>
  );
}
