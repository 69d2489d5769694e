import { ORDER_SORTS, ORDER_STATUSES, type OrderStatus } from '../../../../shared/sales/orders.js';
import { sortOf, type ListSort } from '../../components/SortHeader.js';
import { href } from '../../router.js';

export type OrderSortColumn = (typeof ORDER_SORTS)[number];

export interface OrderListFilters {
  status: OrderStatus | 'all';
  /** ISO dates (YYYY-MM-DD) or '' */
  startDate: string;
  endDate: string;
  customerId: number | null;
  /** null: newest first. */
  sort: ListSort<OrderSortColumn> | null;
}

export const NO_ORDER_FILTERS: OrderListFilters = {
  status: 'all',
  startDate: '',
  endDate: '',
  customerId: null,
  sort: null,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[1-9][0-9]{0,15}$/;

/**
 * The Orders tab's filters from the hash's query (`#/sales/orders?customer=4&status=paid&from=…&until=…`).
 * A value that is not one the tab offers (edited by hand, or from an older link) is dropped, not sent.
 */
export function orderFiltersOf(query: Readonly<Record<string, string>>): OrderListFilters {
  const status = query['status'] ?? '';
  const from = query['from'] ?? '';
  const until = query['until'] ?? '';
  const customer = query['customer'] ?? '';
  return {
    status: (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatus) : 'all',
    startDate: DATE.test(from) ? from : '',
    endDate: DATE.test(until) ? until : '',
    customerId: ID.test(customer) ? Number(customer) : null,
    sort: sortOf(query, ORDER_SORTS),
  };
}

/** The query that `orderFiltersOf` reads back; the unfiltered list has none. */
export function orderFiltersQuery(filters: OrderListFilters): Record<string, string | undefined> {
  return {
    customer: filters.customerId === null ? undefined : String(filters.customerId),
    status: filters.status === 'all' ? undefined : filters.status,
    from: filters.startDate || undefined,
    until: filters.endDate || undefined,
    sort: filters.sort?.column,
    order: filters.sort?.order,
  };
}

export function isFiltered(filters: OrderListFilters): boolean {
  return (
    filters.status !== NO_ORDER_FILTERS.status ||
    filters.startDate !== '' ||
    filters.endDate !== '' ||
    filters.customerId !== null
  );
}

/** The link to the orders list with these filters, e.g. the customer drawer's "See orders". */
export function ordersHref(filters: Partial<OrderListFilters>): string {
  return href('/sales/orders', orderFiltersQuery({ ...NO_ORDER_FILTERS, ...filters }));
}
