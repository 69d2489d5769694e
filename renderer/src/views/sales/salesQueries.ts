import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import type { Order } from '../../../../shared/sales/orders.js';
import type { Product } from '../../../../shared/sales/products.js';
import type { ListSort } from '../../components/SortHeader.js';
import type { ProductSortColumn } from './ProductTable.js';
import { call } from '../../api.js';
import { findInLists, patchLists } from '../../listCache.js';
import { keys, refreshList } from '../../live.js';
import type { OrderListFilters } from './orderFilters.js';

// ---------------------------------------------------------------------------------------------
// Products

export interface ProductListFilters {
  query: string;
  category: string;
  includeArchived: boolean;
  /** null: by name, or best match first for a search. */
  sort: ListSort<ProductSortColumn> | null;
  /** '' for every product, or only those low on stock or out of it. */
  stock: '' | 'low' | 'out';
}

type ProductPage = OutputOf<'search_products'>;
const PRODUCT_PAGE = 100;

export function useProductList(filters: ProductListFilters) {
  return useInfiniteQuery({
    queryKey: [...keys.products, 'list', filters],
    queryFn: ({ pageParam }) =>
      call('search_products', {
        query: filters.query || undefined,
        category: filters.category || undefined,
        include_archived: filters.includeArchived,
        ...(filters.sort && { sort: filters.sort.column, order: filters.sort.order }),
        stock: filters.stock || undefined,
        limit: PRODUCT_PAGE,
        ...(pageParam !== null && { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ProductPage) => last.next_cursor,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Products matching a search, for pickers (the new-order dialog). */
export function useProductSearch(query: string) {
  return useQuery({
    queryKey: [...keys.products, 'pick', query],
    queryFn: () => call('search_products', { query: query || undefined, limit: 20 }),
    placeholderData: keepPreviousData,
  });
}

export function useProductCategories() {
  return useQuery({ queryKey: keys.categories, queryFn: () => call('list_product_categories', {}) });
}

export function useProduct(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.product(id ?? 0),
    queryFn: () => call('get_product_details', { product_id: id ?? 0 }),
    enabled: id !== null,
    placeholderData: () => (id === null ? undefined : findInLists<Product>(queryClient, keys.products, id)),
  });
}

export function useStockMovements(productId: number | null) {
  return useInfiniteQuery({
    queryKey: keys.stockMovements(productId ?? 0),
    queryFn: ({ pageParam }) =>
      call('list_stock_movements', {
        product_id: productId ?? 0,
        limit: 50,
        ...(pageParam !== null && { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: productId !== null,
  });
}

function patchProductLists(queryClient: QueryClient, product: Product): void {
  patchLists(queryClient, [...keys.products, 'list'], product);
  queryClient.setQueryData(keys.product(product.id), product);
}

export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'create_product'>) => call('create_product', input),
    onSuccess: (product) => {
      queryClient.setQueryData(keys.product(product.id), product);
      refreshList(queryClient, keys.products);
      refreshList(queryClient, keys.categories);
    },
  });
}

export function useUpdateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_product'>) => call('update_product', input),
    onSuccess: (product) => {
      patchProductLists(queryClient, product);
      refreshList(queryClient, keys.products);
      refreshList(queryClient, keys.categories);
    },
  });
}

/** Moves a product to the trash (restorable there). */
export function useDeleteProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (productId: number) => call('delete_product', { product_id: productId }),
    onSuccess: () => {
      refreshList(queryClient, keys.products);
      refreshList(queryClient, keys.categories);
      void queryClient.invalidateQueries({ queryKey: keys.trash });
    },
  });
}

export function useAdjustInventory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'adjust_inventory'>) => call('adjust_inventory', input),
    onSuccess: (result) => {
      const cached = queryClient.getQueryData<Product>(keys.product(result.product_id));
      if (cached) {
        const { on_hand, reserved, available, level } = result;
        patchProductLists(queryClient, { ...cached, stock: { on_hand, reserved, available, level } });
      }
      refreshList(queryClient, keys.product(result.product_id));
      refreshList(queryClient, keys.stockMovements(result.product_id));
      refreshList(queryClient, keys.products);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Orders

type OrderPage = OutputOf<'list_orders'>;

export function useOrderList(filters: OrderListFilters) {
  return useInfiniteQuery({
    queryKey: [...keys.orders, 'list', filters],
    queryFn: ({ pageParam }) =>
      call('list_orders', {
        status: filters.status === 'all' ? undefined : filters.status,
        customer_id: filters.customerId ?? undefined,
        start_date: filters.startDate || undefined,
        end_date: filters.endDate || undefined,
        ...(filters.sort && { sort: filters.sort.column, order: filters.sort.order }),
        limit: 100,
        ...(pageParam !== null && { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: OrderPage) => last.next_cursor,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useOrder(id: number | null) {
  return useQuery({
    queryKey: keys.order(id ?? 0),
    queryFn: () => call('get_order', { order_id: id ?? 0 }),
    enabled: id !== null,
  });
}

/** After any change to an order: the order itself, the lists, stock and figures may all move. */
function afterOrderChange(queryClient: QueryClient, order?: Order): void {
  if (order) queryClient.setQueryData(keys.order(order.id), order);
  refreshList(queryClient, keys.sales);
}

export function useCreateOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'create_order'>) => call('create_order', input),
    onSuccess: (order) => afterOrderChange(queryClient, order),
  });
}

export function useUpdateOrderStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_order_status'>) => call('update_order_status', input),
    onSuccess: (order) => afterOrderChange(queryClient, order),
  });
}

export function useSetOrderDiscount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'set_order_discount'>) => call('set_order_discount', input),
    onSuccess: (order) => afterOrderChange(queryClient, order),
  });
}

/** The Edit discount form's preview, worked out by the server as setting the discount would. */
export function useOrderDiscountQuote(input: InputOf<'quote_order_discount'> | null) {
  return useQuery({
    queryKey: [...keys.sales, 'discount-quote', input],
    queryFn: () => call('quote_order_discount', input as InputOf<'quote_order_discount'>),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useOrderPayments(orderId: number | null) {
  return useQuery({
    queryKey: [...keys.payments, 'order', orderId ?? 0],
    queryFn: () => call('list_payments', { order_id: orderId ?? 0, limit: 100 }),
    enabled: orderId !== null,
  });
}

export function useProcessPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'process_payment'>) => call('process_payment', input),
    onSuccess: () => afterOrderChange(queryClient),
  });
}

export function useRefundPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'refund_payment'>) => call('refund_payment', input),
    onSuccess: () => afterOrderChange(queryClient),
  });
}

export function useShippingQuote(input: InputOf<'calculate_shipping'> | null) {
  return useQuery({
    queryKey: [...keys.sales, 'quote', input],
    queryFn: () => call('calculate_shipping', input as InputOf<'calculate_shipping'>),
    enabled: input !== null,
  });
}

/** The New order form's totals, priced by the server exactly as placing the order would. */
export function useOrderQuote(input: InputOf<'quote_order'> | null) {
  return useQuery({
    queryKey: [...keys.sales, 'order-quote', input],
    queryFn: () => call('quote_order', input as InputOf<'quote_order'>),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateShipment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'create_shipment'>) => call('create_shipment', input),
    onSuccess: () => afterOrderChange(queryClient),
  });
}

export function useUpdateShipmentStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_shipment_status'>) => call('update_shipment_status', input),
    onSuccess: () => afterOrderChange(queryClient),
  });
}

const shippingRatesKey = [...keys.sales, 'shipping-rates'] as const;

export function useShippingRates() {
  return useQuery({ queryKey: shippingRatesKey, queryFn: () => call('get_shipping_rates', {}) });
}

export function useUpdateShippingRates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_shipping_rates'>) => call('update_shipping_rates', input),
    onSuccess: (table) => {
      queryClient.setQueryData(shippingRatesKey, table);
      refreshList(queryClient, [...keys.sales, 'quote']);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

export function useOrderAnalytics(input: InputOf<'get_order_analytics'>) {
  return useQuery({
    queryKey: [...keys.salesAnalytics, input],
    queryFn: () => call('get_order_analytics', input),
    placeholderData: keepPreviousData,
  });
}

/** One customer's figures (orders, revenue, average, first and last order) for the customer drawer. */
export function useCustomerAnalytics(customerId: number | null) {
  return useQuery({
    queryKey: [...keys.salesAnalytics, 'customer', customerId ?? 0],
    queryFn: () => call('get_customer_analytics', { customer_id: customerId ?? 0 }),
    enabled: customerId !== null,
  });
}
