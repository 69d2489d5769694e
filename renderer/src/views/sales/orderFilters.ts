import {
  FULFILLMENT_STATUSES,
  ORDER_SORTS,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type FulfillmentStatus,
  type OrderStatus,
  type PaymentStatus,
} from '../../../../shared/sales/orders.js';
import { sortOf, type ListSort } from '../../components/SortHeader.js';
import { href } from '../../router.js';

export type OrderSortColumn = (typeof ORDER_SORTS)[number];

export interface OrderListFilters {
  status: OrderStatus | 'all';
  payment: PaymentStatus | 'all';
  fulfilment: FulfillmentStatus | 'all';
  /** ISO dates (YYYY-MM-DD) or '' */
  startDate: string;
  endDate: string;
  customerId: number | null;
  /** null: newest first. */
  sort: ListSort<OrderSortColumn> | null;
}

export const NO_ORDER_FILTERS: OrderListFilters = {
  status: 'all',
  payment: 'all',
  fulfilment: 'all',
  startDate: '',
  endDate: '',
  customerId: null,
  sort: null,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[1-9][0-9]{0,15}$/;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | 'all' =>
  value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : 'all';

/**
 * The Orders tab's filters from the hash's query
 * (`#/sales/orders?customer=4&status=paid&payment=partially_refunded&fulfilment=unfulfilled&from=…&until=…`).
 * A value that is not one the tab offers (edited by hand, or from an older link) is dropped, not sent.
 */
export function orderFiltersOf(query: Readonly<Record<string, string>>): OrderListFilters {
  const from = query['from'] ?? '';
  const until = query['until'] ?? '';
  const customer = query['customer'] ?? '';
  return {
    status: oneOf(ORDER_STATUSES, query['status']),
    payment: oneOf(PAYMENT_STATUSES, query['payment']),
    fulfilment: oneOf(FULFILLMENT_STATUSES, query['fulfilment']),
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
    payment: filters.payment === 'all' ? undefined : filters.payment,
    fulfilment: filters.fulfilment === 'all' ? undefined : filters.fulfilment,
    from: filters.startDate || undefined,
    until: filters.endDate || undefined,
    sort: filters.sort?.column,
    order: filters.sort?.order,
  };
}

/** The filters as list_orders and export_csv take them. */
export function orderFilterInput(filters: OrderListFilters) {
  return {
    ...(filters.status !== 'all' && { status: filters.status }),
    ...(filters.payment !== 'all' && { payment_status: filters.payment }),
    ...(filters.fulfilment !== 'all' && { fulfillment_status: filters.fulfilment }),
    ...(filters.customerId !== null && { customer_id: filters.customerId }),
    ...(filters.startDate !== '' && { start_date: filters.startDate }),
    ...(filters.endDate !== '' && { end_date: filters.endDate }),
  };
}

export function isFiltered(filters: OrderListFilters): boolean {
  return (
    filters.status !== NO_ORDER_FILTERS.status ||
    filters.payment !== 'all' ||
    filters.fulfilment !== 'all' ||
    filters.startDate !== '' ||
    filters.endDate !== '' ||
    filters.customerId !== null
  );
}

/** The link to the orders list with these filters, e.g. the customer drawer's "See orders". */
export function ordersHref(filters: Partial<OrderListFilters>): string {
  return href('/sales/orders', orderFiltersQuery({ ...NO_ORDER_FILTERS, ...filters }));
}
