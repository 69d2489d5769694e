import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ACTIVITY_SORTS, CallerKind } from '../../../shared/activity.js';
import type { ListSort } from '../components/SortHeader.js';
import type { InputOf } from '../../../shared/contracts.js';
import { call } from '../api.js';
import { keys } from '../live.js';

export type OutcomeFilter = 'all' | 'ok' | 'error';

export interface ActivityFilters {
  caller: { caller_kind: CallerKind; caller: string } | null;
  /** A kind of record: customer, product, order, document, ... */
  entity: string | null;
  outcome: OutcomeFilter;
  /** Reads are hidden unless asked for; then those of assistants and workflows show (never the app's own). */
  showReads: boolean;
}

const PAGE_SIZE = 100;

/** The view's filters as the operations take them (list_activity and export_activity share them). */
export function filterInput(filters: ActivityFilters) {
  return {
    ...(filters.caller ?? {}),
    entity: filters.entity ?? undefined,
    outcome: filters.outcome === 'all' ? undefined : filters.outcome,
    reads: filters.showReads ? ('others' as const) : ('none' as const),
  };
}

export function useActivityList(filters: ActivityFilters, sort: ListSort<(typeof ACTIVITY_SORTS)[number]>) {
  return useInfiniteQuery({
    queryKey: [...keys.activity, 'list', filters, sort],
    queryFn: ({ pageParam }) =>
      call('list_activity', {
        ...filterInput(filters),
        sort: sort.column,
        order: sort.order,
        limit: PAGE_SIZE,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useRecentActivity(limit: number) {
  return useQuery({
    queryKey: [...keys.activity, 'recent', limit],
    queryFn: () => call('list_activity', { limit, reads: 'none' }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useActivityFacets() {
  return useQuery({
    queryKey: keys.activityFacets,
    queryFn: () => call('list_activity_facets', {}),
    staleTime: 30_000,
  });
}

export type ExportFormat = InputOf<'export_activity'>['format'];

/** The file is the mutation's result only: it is handed to the browser, never kept in the query cache. */
export function useExportActivity() {
  return useMutation({
    mutationFn: ({ format, filters }: { format: ExportFormat; filters: ActivityFilters }) =>
      call('export_activity', { format, ...filterInput(filters) }),
  });
}

/** Undo one entry; the log refreshes itself from the events the undo makes. */
export function useUndoActivity() {
  return useMutation({
    mutationFn: (activityId: number) => call('undo_activity', { activity_id: activityId }),
  });
}

export function useActivityRetention() {
  return useQuery({ queryKey: keys.activityRetention, queryFn: () => call('get_activity_retention', {}) });
}

export function useUpdateActivityRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_activity_retention'>) => call('update_activity_retention', input),
    onSuccess: (retention) => queryClient.setQueryData(keys.activityRetention, retention),
  });
}
