import { Button, Center, EmptyState, Group, Loader, Text, Title } from '@mantine/core';
import { IconActivity, IconFilterOff } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ActivityEntry } from '../../../shared/activity.js';
import { ErrorNotice, StaleNotice } from '../components/ListNotices.js';
import { LIVE_PAGE_LIMIT, loadedPages } from '../live.js';
import { ActivityEntryDrawer } from './ActivityEntryDrawer.js';
import { ActivityExportMenu } from './ActivityExportMenu.js';
import { ActivityFilterBar } from './ActivityFilterBar.js';
import { ActivityTable } from './ActivityTable.js';
import { useActivityList, type ActivityFilters } from './activityQueries.js';

const NO_FILTERS: ActivityFilters = { caller: null, entity: null, outcome: 'all', showReads: false };

export function ActivityView() {
  const [filters, setFilters] = useState<ActivityFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<ActivityEntry | null>(null);
  const list = useActivityList(filters);
  const entries = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const filtered = filters.caller !== null || filters.entity !== null || filters.outcome !== 'all';

  return (
    <div className="fill-view">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Activity</Title>
          <Text c="dimmed" size="sm">
            What was done in Officina — by you, your assistant or a workflow — newest first. Updates live. An
            assistant’s change can be undone from its entry.
          </Text>
        </div>
        {/* The text beside it wraps; the button keeps its word whole in a narrow window. */}
        <div style={{ flexShrink: 0 }}>
          <ActivityExportMenu filters={filters} filtered={filtered} />
        </div>
      </Group>

      <ActivityFilterBar filters={filters} onChange={setFilters} />

      {list.isStale && !list.isFetching && loadedPages(list.data) > LIVE_PAGE_LIMIT && (
        <StaleNotice message="New activity arrived since this list was loaded." onRefresh={() => void list.refetch()} />
      )}

      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading activity" />
        </Center>
      ) : list.isError && entries.length === 0 ? (
        <ErrorNotice title="Could not load the activity log" error={list.error} onRetry={() => void list.refetch()} />
      ) : entries.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconFilterOff size={32} aria-hidden />} title="Nothing matches these filters" py="xl">
            <EmptyState.Actions>
              <Button variant="light" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <EmptyState
            icon={<IconActivity size={32} aria-hidden />}
            title="No activity yet"
            description="Calls from this app, from MCP clients such as Claude Desktop and from workflows appear here as they happen."
            py="xl"
          />
        )
      ) : (
        <>
          {list.isFetchNextPageError && (
            <ErrorNotice
              compact
              title="Could not load older activity"
              error={list.error}
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          {list.isRefetchError && (
            <ErrorNotice
              compact
              title="Could not refresh the activity log"
              error={list.error}
              onRetry={() => void list.refetch()}
            />
          )}
          <ActivityTable
            // New filters start at the top of their results.
            key={JSON.stringify(filters)}
            entries={entries}
            hasMore={list.hasNextPage && !list.isFetchNextPageError}
            loadingMore={list.isFetchingNextPage}
            // Asking for the next page during a refresh would cancel that refresh.
            onLoadMore={() => {
              if (!list.isFetching) void list.fetchNextPage();
            }}
            onOpen={setSelected}
            selectedId={selected?.id ?? null}
          />
        </>
      )}

      <ActivityEntryDrawer entry={selected} onClose={() => setSelected(null)} onChanged={setSelected} />
    </div>
  );
}
