import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRASH_SORTS, TrashEntity } from '../../../shared/trash.js';
import type { ListSort } from '../components/SortHeader.js';
import { call } from '../api.js';
import { keys, refreshList } from '../live.js';

export type TrashSort = ListSort<(typeof TRASH_SORTS)[number]>;

export function useTrash(sort: TrashSort) {
  return useQuery({
    queryKey: [...keys.trash, sort],
    queryFn: () => call('list_trash', { sort: sort.column, order: sort.order }),
    // A new sort keeps the rows in view until the sorted ones arrive.
    placeholderData: keepPreviousData,
  });
}

/** Restores through the domain's own operation, as an assistant would. */
export function useRestoreFromTrash() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ entity, id }: { entity: TrashEntity; id: number }): Promise<{ name: string }> =>
      entity === 'customer'
        ? await call('restore_customer', { customer_id: id })
        : await call('restore_product', { product_id: id }),
    onSuccess: (_data, { entity }) => {
      void queryClient.invalidateQueries({ queryKey: keys.trash });
      refreshList(queryClient, entity === 'customer' ? keys.customers : keys.products);
    },
  });
}

export function usePurgeFromTrash() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { entity: TrashEntity; id: number }) => call('purge_from_trash', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.trash }),
  });
}
