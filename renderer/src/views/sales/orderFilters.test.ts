import { describe, expect, it } from 'vitest';
import {
  isFiltered,
  NO_ORDER_FILTERS,
  orderFilterInput,
  orderFiltersOf,
  orderFiltersQuery,
  ordersHref,
  type OrderListFilters,
} from './orderFilters.js';

const strings = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));

describe('order list filters in the URL', () => {
  it('reads back what it writes', () => {
    const filters: OrderListFilters = {
      status: 'paid',
      payment: 'partially_refunded',
      fulfilment: 'unfulfilled',
      startDate: '2026-01-01',
      endDate: '2026-02-28',
      customerId: 42,
      sort: { column: 'total', order: 'desc' },
    };
    expect(orderFiltersQuery(filters)).toEqual({
      customer: '42',
      status: 'paid',
      payment: 'partially_refunded',
      fulfilment: 'unfulfilled',
      from: '2026-01-01',
      until: '2026-02-28',
      sort: 'total',
      order: 'desc',
    });
    expect(orderFiltersOf(strings(orderFiltersQuery(filters)))).toEqual(filters);
  });

  it('writes nothing for the unfiltered list', () => {
    expect(strings(orderFiltersQuery(NO_ORDER_FILTERS))).toEqual({});
    expect(orderFiltersOf({})).toEqual(NO_ORDER_FILTERS);
    expect(isFiltered(NO_ORDER_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_ORDER_FILTERS, customerId: 1 })).toBe(true);
    expect(isFiltered({ ...NO_ORDER_FILTERS, payment: 'unpaid' })).toBe(true);
    expect(isFiltered({ ...NO_ORDER_FILTERS, fulfilment: 'fulfilled' })).toBe(true);
  });

  it('drops values the tab does not offer instead of sending them', () => {
    expect(
      orderFiltersOf({
        customer: '0',
        status: 'lost',
        payment: 'paid_minor',
        fulfilment: 'shipped',
        from: '1.2.2026',
        until: '2026-02-30x',
        other: 'x',
      }),
    ).toEqual(NO_ORDER_FILTERS);
    expect(orderFiltersOf({ customer: '12abc' }).customerId).toBeNull();
    expect(orderFiltersOf({ customer: '7' }).customerId).toBe(7);
    // A sort column the list does not offer is dropped; a missing order reads as ascending.
    expect(orderFiltersOf({ sort: 'total_minor' }).sort).toBeNull();
    expect(orderFiltersOf({ sort: 'customer' }).sort).toEqual({ column: 'customer', order: 'asc' });
  });

  it('gives list_orders and export_csv the same filters, named as they take them', () => {
    expect(orderFilterInput(NO_ORDER_FILTERS)).toEqual({});
    expect(
      orderFilterInput({
        ...NO_ORDER_FILTERS,
        payment: 'partially_refunded',
        fulfilment: 'unfulfilled',
        customerId: 3,
      }),
    ).toEqual({ payment_status: 'partially_refunded', fulfillment_status: 'unfulfilled', customer_id: 3 });
  });

  it('links to one customer’s orders', () => {
    expect(ordersHref({ customerId: 42 })).toBe('#/sales/orders?customer=42');
    expect(ordersHref({})).toBe('#/sales/orders');
  });
});
