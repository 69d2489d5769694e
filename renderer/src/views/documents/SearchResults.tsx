import { Center, EmptyState, Group, Loader, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { DocumentStatusBadge } from './DocumentStatusBadge.js';
import { snippetParts } from './snippet.js';
import { useDocumentSearch, type SearchFilters } from './documentQueries.js';

type Hit = OutputOf<'search_documents'>['items'][number];

/** The snippet's hits as <mark>, the rest as text: the snippet is the document's own text, never HTML. */
export function Snippet({ text }: { text: string }) {
  return (
    <Text size="sm" className="search-snippet">
      {snippetParts(text).map((part, i) =>
        part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </Text>
  );
}

export interface SearchResultsProps {
  filters: SearchFilters;
  selectedPath: string | null;
  onOpen: (hit: Hit) => void;
}

export function SearchResults({ filters, selectedPath, onOpen }: SearchResultsProps) {
  const search = useDocumentSearch(filters);
  if (search.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Searching documents" />
      </Center>
    );
  }
  if (search.isError) {
    return (
      <ErrorNotice title="Could not search the documents" error={search.error} onRetry={() => void search.refetch()} />
    );
  }
  const hits = search.data.items;
  if (hits.length === 0) {
    return (
      <EmptyState
        icon={<IconSearch size={32} aria-hidden />}
        title={`No documents match '${filters.query}'`}
        description='Words match the beginnings of words, ignoring case and accents: "bezug" finds "Bezüge".'
        py="xl"
      />
    );
  }
  return (
    <div className="search-results" aria-busy={search.isFetching}>
      <Text size="sm" c="dimmed" aria-live="polite" mb="xs">
        {hits.length === 1
          ? '1 document matches'
          : `${hits.length}${search.data.next_cursor ? '+' : ''} documents match`}
        , best first
      </Text>
      <Stack gap="xs" component="ol" aria-label="Search results" className="plain-list">
        {hits.map((hit) => (
          <li key={hit.document_id}>
            <UnstyledButton
              className="search-hit"
              data-selected={hit.document_id === selectedPath || undefined}
              onClick={() => onOpen(hit)}
              w="100%"
            >
              <Paper withBorder p="xs">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600} truncate>
                    {hit.title ?? hit.name}
                  </Text>
                  <DocumentStatusBadge status={hit.status} />
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {hit.document_id}
                </Text>
                <Snippet text={hit.snippet} />
              </Paper>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </div>
  );
}
