import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../../shared/contracts.js';
import type { MONITOR_SORTS } from '../../../../shared/monitors.js';
import { call } from '../../api.js';
import type { ListSort } from '../../components/SortHeader.js';
import { keys, refreshList } from '../../live.js';

export type MonitorSort = ListSort<(typeof MONITOR_SORTS)[number]>;

export function useMonitors(sort: MonitorSort) {
  return useInfiniteQuery({
    queryKey: [...keys.monitors, 'list', sort],
    queryFn: ({ pageParam }) =>
      call('list_monitors', {
        sort: sort.column,
        order: sort.order,
        limit: 100,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // A new sort keeps the rows in view until the sorted ones arrive.
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useMonitor(id: number | null) {
  return useQuery({
    queryKey: [...keys.monitors, 'one', id],
    queryFn: () => call('get_monitor', { monitor_id: id as number }),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function useMonitorHistory(id: number | null) {
  return useQuery({
    queryKey: [...keys.monitors, 'history', id],
    queryFn: () => call('get_monitor_history', { monitor_id: id as number, limit: 50 }),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

/** The person's inbox of changes found by watched pages (one monitor's, or all). */
export function useNotifications(monitorId: number | null = null) {
  return useQuery({
    queryKey: [...keys.monitors, 'notifications', monitorId],
    queryFn: () =>
      call('list_monitor_notifications', { limit: 50, ...(monitorId !== null ? { monitor_id: monitorId } : {}) }),
    staleTime: Infinity,
  });
}

export function useNotificationActions() {
  const queryClient = useQueryClient();
  const settled = () => refreshList(queryClient, keys.monitors);
  return {
    markRead: useMutation({
      mutationFn: (input: InputOf<'mark_monitor_notifications_read'>) => call('mark_monitor_notifications_read', input),
      onSettled: settled,
    }),
    retry: useMutation({
      mutationFn: (deliveryId: number) => call('retry_monitor_notification', { delivery_id: deliveryId }),
      onSettled: settled,
    }),
  };
}

export function useScraperSettings() {
  return useQuery({ queryKey: keys.scraperSettings, queryFn: () => call('get_scraper_settings', {}) });
}

/** Monitor writes: the list and the open monitor refresh from the server's answer and its events. */
export function useMonitorActions() {
  const queryClient = useQueryClient();
  const settled = () => refreshList(queryClient, keys.monitors);
  return {
    create: useMutation({
      mutationFn: (input: InputOf<'monitor_website_changes'>) => call('monitor_website_changes', input),
      onSettled: settled,
    }),
    update: useMutation({
      mutationFn: (input: InputOf<'update_monitor'>) => call('update_monitor', input),
      onSettled: settled,
    }),
    check: useMutation({
      mutationFn: (id: number) => call('check_monitor_now', { monitor_id: id }),
      onSettled: settled,
    }),
    remove: useMutation({
      mutationFn: (id: number) => call('delete_monitor', { monitor_id: id }),
      onSettled: settled,
    }),
  };
}

export function useUpdateScraperSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_scraper_settings'>) => call('update_scraper_settings', input),
    onSuccess: (data) => queryClient.setQueryData(keys.scraperSettings, data),
  });
}
