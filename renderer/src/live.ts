import { useQueryClient, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { OfficinaEvent } from '../../shared/events.js';
import { onEvent, onEventsResumed } from './api.js';

/**
 * Query keys, grouped so that one event refreshes a whole family.
 * Lists that live events keep fresh use `staleTime: Infinity`: nothing but an event makes them stale.
 */
export const keys = {
  customers: ['customers'] as const,
  customer: (id: number) => ['customer', id] as const,
  /** Customers and products in the trash. */
  trash: ['trash'] as const,
  activity: ['activity'] as const,
  activityFacets: ['activity-facets'] as const,
  activityRetention: ['activity-retention'] as const,
  settings: ['settings'] as const,
  permissions: ['assistant-permissions'] as const,
  allowedFolders: ['allowed-folders'] as const,
  appInfo: ['app-info'] as const,
  claudeDesktop: ['claude-desktop'] as const,
  backups: ['backups'] as const,
  appPreferences: ['app-preferences'] as const,
  /** Every sales query starts with this, so one sales event can refresh what depends on it. */
  sales: ['sales'] as const,
  products: ['sales', 'products'] as const,
  product: (id: number) => ['sales', 'product', id] as const,
  stockMovements: (id: number) => ['sales', 'stock-movements', id] as const,
  categories: ['sales', 'categories'] as const,
  orders: ['sales', 'orders'] as const,
  order: (id: number) => ['sales', 'order', id] as const,
  payments: ['sales', 'payments'] as const,
  salesAnalytics: ['sales', 'analytics'] as const,
  /** Every document query starts with this: one `document.changed` refreshes the list, preview and history. */
  documents: ['documents'] as const,
  versionRetention: ['version-retention'] as const,
  /**
   * Every monitor query starts with this: one `monitor.changed` (or `notification.changed`) refreshes the
   * list, the open one, its history and the changes inbox.
   */
  monitors: ['monitors'] as const,
  scraperSettings: ['scraper-settings'] as const,
  /** Every workflow query starts with this: a run moving on refreshes the lists, the open run and metrics. */
  workflows: ['workflows'] as const,
};

/** Entities the sales domain announces; a payment or a shipment also changes orders, stock and figures. */
const SALES_ENTITIES = new Set(['product', 'order', 'payment', 'shipment', 'shipping_rates']);

/**
 * A list scrolled deeper than this is not refetched on every change (that would refetch every page
 * loaded so far); it is marked stale and offers a Refresh button instead.
 */
export const LIVE_PAGE_LIMIT = 10;

export function loadedPages(data: unknown): number {
  const pages = (data as { pages?: unknown[] } | undefined)?.pages;
  return Array.isArray(pages) ? pages.length : 1;
}

/** Subscribes the app to Officina's events once and refreshes the queries they concern. */
export function useLiveRefresh(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const customers = throttle(() => refreshList(queryClient, keys.customers), 300);
    const activity = throttle(() => refreshList(queryClient, keys.activity), 250);
    const sales = throttle(() => refreshList(queryClient, keys.sales), 300);
    // A folder of files saved at once (a sync, an unzip) arrives as a burst of events.
    const documents = throttle(() => {
      refreshList(queryClient, keys.documents);
      void queryClient.invalidateQueries({ queryKey: keys.versionRetention });
    }, 400);
    const monitors = throttle(() => refreshList(queryClient, keys.monitors), 300);
    // A run sends an event per step started and ended: the open run lights up step by step.
    const workflows = throttle(() => refreshList(queryClient, keys.workflows), 200);
    const offEvents = onEvent((event: OfficinaEvent) => {
      switch (event.type) {
        case 'record.changed':
          if (event.entity === 'customer') {
            customers.run();
            // The person's own deletion closes the detail panel; refetching it would only log a not_found.
            const id = Number(event.id);
            const deletedHere = event.action === 'deleted' && customersDeletedHere.delete(id);
            if (!deletedHere) void queryClient.invalidateQueries({ queryKey: keys.customer(id) });
          }
          // An order shows its customer's name, and orders change stock: refresh the sales views as a whole,
          // which are few queries on screen at a time.
          if (SALES_ENTITIES.has(event.entity)) sales.run();
          if (event.entity === 'customer' || event.entity === 'product') {
            void queryClient.invalidateQueries({ queryKey: keys.trash });
          }
          if (event.entity === 'workflow') workflows.run();
          break;
        case 'run.updated':
          workflows.run();
          break;
        case 'activity.recorded':
          // New callers and operations appear in the filters' choices the next time they are opened.
          void queryClient.invalidateQueries({ queryKey: keys.activityFacets, refetchType: 'none' });
          // Reads of the log itself (ours included) are recorded too; refreshing on them would loop.
          if (event.notable) activity.run();
          break;
        case 'document.changed':
          documents.run();
          break;
        case 'monitor.changed':
        case 'notification.changed':
          monitors.run();
          break;
        case 'settings.changed':
          void queryClient.invalidateQueries({ queryKey: keys.settings });
          void queryClient.invalidateQueries({ queryKey: keys.allowedFolders });
          void queryClient.invalidateQueries({ queryKey: keys.activityRetention });
          void queryClient.invalidateQueries({ queryKey: keys.scraperSettings });
          void queryClient.invalidateQueries({ queryKey: keys.appPreferences });
          void queryClient.invalidateQueries({ queryKey: keys.backups });
          break;
        case 'permissions.changed':
          void queryClient.invalidateQueries({ queryKey: keys.permissions });
          break;
        case 'vault.changed':
          // The banner comes or goes; back, the documents may have changed meanwhile.
          void queryClient.invalidateQueries({ queryKey: keys.appInfo });
          if (event.available) documents.run();
          break;
      }
    });
    // Events sent while the stream was down are lost: everything on screen may be out of date.
    const offResumed = onEventsResumed(() => refreshList(queryClient));
    return () => {
      offEvents();
      offResumed();
      customers.cancel();
      activity.cancel();
      sales.cancel();
      documents.cancel();
      monitors.cancel();
      workflows.cancel();
    };
  }, [queryClient]);
}

/**
 * Marks a family of queries (all queries without a key) stale and refetches those on screen that
 * are cheap to refetch.
 */
export function refreshList(queryClient: QueryClient, key?: QueryKey): void {
  void queryClient.invalidateQueries({ queryKey: key, refetchType: 'none' });
  void queryClient.refetchQueries({
    queryKey: key,
    type: 'active',
    predicate: (query: Query) => loadedPages(query.state.data) <= LIVE_PAGE_LIMIT,
  });
}

/**
 * Customers this window is deleting: their `deleted` event (which may arrive before the call's own
 * answer) needs no refetch of their details. Each id is removed when its event arrives.
 */
export const customersDeletedHere = new Set<number>();

/** Runs at once, then at most once per `ms`; calls in between collapse into one trailing run. */
function throttle(fn: () => void, ms: number): { run(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    run() {
      if (timer !== undefined) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) {
        last = Date.now();
        fn();
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        fn();
      }, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
