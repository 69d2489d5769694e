import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { CallerKind } from '../../../shared/activity.js';
import { call } from '../api.js';
import { keys } from '../live.js';

export type OutcomeFilter = 'all' | 'ok' | 'error';

export interface ActivityFilters {
  caller: { caller_kind: CallerKind; caller: string } | null;
  operation: string | null;
  outcome: OutcomeFilter;
}

const PAGE_SIZE = 100;

export function useActivityList(filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: [...keys.activity, 'list', filters],
    queryFn: ({ pageParam }) =>
      call('list_activity', {
        ...(filters.caller ?? {}),
        operation: filters.operation ?? undefined,
        outcome: filters.outcome === 'all' ? undefined : filters.outcome,
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
    queryFn: () => call('list_activity', { limit }),
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
