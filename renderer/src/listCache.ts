import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';

interface Page<T> {
  items: T[];
}

/** A record already loaded by a list under `key`, to show at once while the full record loads. */
export function findInLists<T extends { id: number }>(
  queryClient: QueryClient,
  key: QueryKey,
  id: number,
): T | undefined {
  for (const [, data] of queryClient.getQueriesData<InfiniteData<Page<T>>>({ queryKey: key })) {
    for (const page of data?.pages ?? []) {
      const found = page.items?.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Puts a changed record into every loaded page of the lists under `key`, so the person's own edit shows at once. */
export function patchLists<T extends { id: number }>(queryClient: QueryClient, key: QueryKey, record: T): void {
  queryClient.setQueriesData<InfiniteData<Page<T>>>({ queryKey: key }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === record.id ? record : item)),
          })),
        }
      : data,
  );
}
