import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { InputOf, OutputOf } from '../../../shared/contracts.js';
import type { Customer } from '../../../shared/customers.js';
import { call } from '../api.js';
import { findInLists, patchLists } from '../listCache.js';
import { customersDeletedHere, keys, refreshList } from '../live.js';

export type CustomerSort = 'newest' | 'oldest' | 'name';
export type StatusFilter = 'all' | 'active' | 'inactive';

export interface CustomerListFilters {
  query: string;
  status: StatusFilter;
  sort: CustomerSort;
  /** Only customers with this tag; null for any. */
  tag: string | null;
}

type CustomerPage = OutputOf<'list_customers'>;

const PAGE_SIZE = 100;

export function useCustomerList(filters: CustomerListFilters) {
  return useInfiniteQuery({
    queryKey: [...keys.customers, 'list', filters],
    queryFn: ({ pageParam }) =>
      call('list_customers', {
        query: filters.query || undefined,
        status: filters.status === 'all' ? undefined : filters.status,
        tag: filters.tag ?? undefined,
        sort: filters.sort,
        limit: PAGE_SIZE,
        // Counting every match costs the server a scan; the first page's total is enough.
        ...(pageParam === null ? { include_total: true } : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: CustomerPage) => last.next_cursor,
    // While a new search loads, the previous results stay on screen instead of a spinner.
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useCustomerTags() {
  return useQuery({ queryKey: [...keys.customers, 'tags'], queryFn: () => call('list_customer_tags', {}) });
}

export function useCustomerCount(status: StatusFilter) {
  return useQuery({
    queryKey: [...keys.customers, 'count', status],
    queryFn: async () => {
      const page = await call('list_customers', {
        status: status === 'all' ? undefined : status,
        limit: 1,
        include_total: true,
      });
      return page.total ?? page.items.length;
    },
    staleTime: Infinity,
  });
}

/** Customers matching a search, for pickers (the new-order dialog, the orders' customer filter). */
export function useCustomerPick(query: string, status?: 'active') {
  return useQuery({
    queryKey: [...keys.customers, 'pick', query, status ?? 'all'],
    queryFn: () => call('list_customers', { query: query || undefined, status, limit: 20 }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.customer(id ?? 0),
    queryFn: () => call('get_customer', { customer_id: id ?? 0 }),
    enabled: id !== null,
    placeholderData: () => (id === null ? undefined : findInLists<Customer>(queryClient, keys.customers, id)),
  });
}

/** Puts a changed customer into every loaded list page, so the person's own edit shows at once. */
function patchCustomerLists(queryClient: QueryClient, customer: Customer): void {
  patchLists(queryClient, [...keys.customers, 'list'], customer);
  queryClient.setQueryData(keys.customer(customer.id), customer);
}

export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'create_customer'>) => call('create_customer', input),
    onSuccess: (customer) => {
      queryClient.setQueryData(keys.customer(customer.id), customer);
      refreshList(queryClient, keys.customers);
    },
  });
}

export function useUpdateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_customer'>) => call('update_customer', input),
    onSuccess: (customer) => {
      patchCustomerLists(queryClient, customer);
      // A status or name change can move the customer between filtered or sorted lists.
      refreshList(queryClient, keys.customers);
    },
  });
}

export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (customer: Customer) => {
      customersDeletedHere.add(customer.id);
      try {
        return await call('delete_customer', { customer_id: customer.id, expected_version: customer.version });
      } catch (error) {
        customersDeletedHere.delete(customer.id);
        throw error;
      }
    },
    // The record stays cached while the detail panel closes, so the panel never flashes an error.
    onSuccess: () => refreshList(queryClient, keys.customers),
  });
}
