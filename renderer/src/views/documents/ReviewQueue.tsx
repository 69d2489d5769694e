import { Center, EmptyState, Loader } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import type { Document } from '../../../../shared/vault.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { DocumentTable } from './DocumentTable.js';
import { useReviewQueue } from './documentQueries.js';

export function ReviewQueue({
  selectedPath,
  onOpen,
}: {
  selectedPath: string | null;
  onOpen: (doc: Document) => void;
}) {
  const queue = useReviewQueue();
  if (queue.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the review queue" />
      </Center>
    );
  }
  if (queue.isError) {
    return (
      <ErrorNotice title="Could not load the review queue" error={queue.error} onRetry={() => void queue.refetch()} />
    );
  }
  if (queue.data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconChecklist size={32} aria-hidden />}
        title="Nothing waits for review"
        description="Documents submitted for review appear here, wherever they are in the vault. Open a draft and choose Submit for review."
        py="xl"
      />
    );
  }
  return (
    <DocumentTable
      documents={queue.data.items}
      label="Review queue"
      hasMore={false}
      loadingMore={false}
      onLoadMore={() => undefined}
      onOpen={onOpen}
      selectedPath={selectedPath}
    />
  );
}
