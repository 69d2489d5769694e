import { sql } from 'kysely';
import type { z } from 'zod';
import type { Address } from '../../../shared/customers.js';
import { OpError } from '../../../shared/errors.js';
import { formatAmount, mulDivHalfUp, toMajorUnits } from '../../../shared/money.js';
import {
  ORDER_TRANSITIONS,
  type FulfillmentStatus,
  type Order,
  type OrderStatus,
  type OrderSummary,
  type PaymentStatus,
  type createOrder,
  type listOrders,
  type quoteOrderDiscount,
  type updateOrderStatus,
} from '../../../shared/sales/orders.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { CustomersService } from '../customers/service.js';
import type { Selectable } from 'kysely';
import type { OrderItemsTable, OrderStatusHistoryTable, OrdersTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import type { InventoryService } from './inventory.js';
import type { ProductRow, ProductsService } from './products.js';
import type { ProductRef } from '../../../shared/sales/common.js';
import { minorOrThrow } from './money.js';
import type { Parcel, ShipmentInput, ShippingService } from './shipping.js';
import { boundToIso } from './time.js';
import { fulfillmentStatusSql, paymentStatusSql } from './fulfillment.js';
import { orderTimeline } from './timeline.js';

export type OrderRow = Omit<OrdersTable, 'id'> & { id: number };
type CreateInput = z.output<typeof createOrder.input>;
type DiscountInput = Omit<z.output<typeof quoteOrderDiscount.input>, 'order_id'> & { order_id: number };

export class OrdersService {
  private readonly store: Store;
  private readonly settings: SettingsService;
  private readonly customers: CustomersService;
  private readonly products: ProductsService;
  private readonly inventory: InventoryService;
  private readonly shipping: ShippingService;
  private readonly clock: Clock;

  constructor(deps: {
    store: Store;
    settings: SettingsService;
    customers: CustomersService;
    products: ProductsService;
    inventory: InventoryService;
    shipping: ShippingService;
    clock: Clock;
  }) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.customers = deps.customers;
    this.products = deps.products;
    this.inventory = deps.inventory;
    this.shipping = deps.shipping;
    this.clock = deps.clock;
  }

  /** `importRef`: the order's reference in the file it is imported from (see importedAs). */
  create(
    input: CreateInput,
    events: EventSink,
    actor: string,
    options: { importRef?: string } = {},
  ): Order & { warnings: string[] } {
    const priced = this.price(input);
    const { customer, lines, address, warnings } = priced;
    const now = this.clock.now().toISOString();

    const values = {
      customer_id: customer.id,
      status: 'pending',
      currency: priced.currency,
      // The items after the discount (see migration 016), so total = subtotal + shipping + tax holds.
      subtotal_minor: priced.subtotal_minor - priced.discount_minor,
      discount_minor: priced.discount_minor,
      discount_percent_bps: priced.discount_percent_bps,
      shipping_minor: priced.shipping_minor,
      tax_minor: priced.tax_minor,
      tax_rate_bps: priced.tax_rate_bps,
      total_minor: priced.total_minor,
      paid_minor: 0,
      refunded_minor: 0,
      shipping_service: priced.service,
      shipping_address: address ? JSON.stringify(address) : null,
      notes: input.notes || null,
      import_ref: options.importRef ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const { lastInsertRowid: orderId } = this.store.insertRow('orders', values);
    const items = [...lines.values()].map(({ product, quantity }) => ({
      order_id: orderId,
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      quantity,
      unit_price_minor: product.price_minor,
      line_total_minor: product.price_minor * quantity,
      weight_grams: product.weight_grams,
      shipped_quantity: 0,
    }));
    this.store.insertRows('order_items', items);
    // A short item throws here, and the transaction takes the order and earlier holds back with it.
    this.inventory.holdForOrder(
      [...lines.values()].map(({ product, quantity, index }) => ({
        product,
        quantity,
        path: `items.${index}.quantity`,
      })),
      orderId,
      events,
      actor,
    );
    const history = this.history(orderId, null, 'pending', null, actor);
    events.emit({ type: 'record.changed', entity: 'order', id: orderId, action: 'created', status: 'pending' });
    // The answer is what was just written, in this transaction: built from it rather than read back.
    const derived: Derived = {
      fulfillment_status: 'unfulfilled',
      payment_status: 'unpaid',
      lineRefunds: new Map(),
      timeline: orderTimeline({
        currency: priced.currency,
        history: [history],
        payments: [],
        refunds: [],
        shipments: [],
        items,
      }),
    };
    return { ...toOrder({ id: orderId, ...values }, customer.name, items, [history], [], derived), warnings };
  }

  /** What create_order would charge, and for quote_order: validates everything, writes nothing. */
  quote(input: CreateInput) {
    const priced = this.price(input);
    const m = (minor: number) => toMajorUnits(minor, priced.currency);
    return {
      currency: priced.currency,
      subtotal: m(priced.subtotal_minor),
      discount: m(priced.discount_minor),
      discount_percent: priced.discount_percent_bps === null ? null : priced.discount_percent_bps / 100,
      shipping: m(priced.shipping_minor),
      shipping_service: priced.service,
      tax: m(priced.tax_minor),
      tax_rate_bps: priced.tax_rate_bps,
      total: m(priced.total_minor),
      warnings: priced.warnings,
    };
  }

  /**
   * The one place an order's figures are worked out (create_order and quote_order both come here).
   * `subtotal_minor` here is the items before the discount.
   */
  private price(input: CreateInput) {
    const customer = this.customer(input.customer_id);
    if (customer.status !== 'active') {
      throw new OpError(
        'conflict',
        // Not their name: create_order serves assistants that may not see customers (redacts them).
        `Customer ${customer.id} is inactive; reactivate them with update_customer (status "active") before ordering.`,
        [{ path: 'customer_id', message: 'Inactive customer' }],
      );
    }
    const warnings: string[] = [];
    // One line per product: the same product twice is one line with the quantities added.
    const lines = new Map<number, { product: ProductRow; quantity: number; index: number }>();
    input.items.forEach((item, index) => {
      const product = this.products.resolve(item.product_id, `items.${index}.product_id`);
      if (product.status !== 'active') {
        throw new OpError('conflict', `${product.sku} (${product.name}) is archived and cannot be ordered.`, [
          { path: `items.${index}.product_id`, message: 'Archived product' },
        ]);
      }
      const first = lines.values().next().value;
      if (first && first.product.currency !== product.currency) {
        throw new OpError(
          'invalid_input',
          `Currency mismatch: ${first.product.sku} is priced in ${first.product.currency} and ${product.sku} in ` +
            `${product.currency}; one order has one currency, so order them separately.`,
          [{ path: `items.${index}.product_id`, message: `Priced in ${product.currency}` }],
        );
      }
      if (
        item.price !== undefined &&
        Math.abs(item.price - toMajorUnits(product.price_minor, product.currency)) > 1e-9
      ) {
        warnings.push(
          `items.${index}.price ${item.price} was ignored: ${product.sku} costs ${formatAmount(product.price_minor, product.currency)} in the catalog.`,
        );
      }
      const line = lines.get(product.id);
      if (line) {
        line.quantity += item.quantity;
        warnings.push(`${product.sku} was listed more than once; the quantities were added up (${line.quantity}).`);
      } else lines.set(product.id, { product, quantity: item.quantity, index });
    });

    const currency = [...lines.values()][0]!.product.currency;
    const subtotal = [...lines.values()].reduce((sum, l) => sum + l.product.price_minor * l.quantity, 0);
    const address: Address | null = input.shipping_address ?? customer.address ?? null;
    // Shipping is charged only when the caller asks for it: a payment of the items' total settles the order.
    const service =
      input.shipping_service !== undefined
        ? this.shipping.serviceNamed(input.shipping_service, currency, 'shipping_service')
        : null;
    if (service && !address) {
      throw new OpError(
        'invalid_input',
        `A shipping service was chosen but there is no address: give shipping_address (customer ${customer.id} has none).`,
        [{ path: 'shipping_address', message: 'Needed for shipping' }],
      );
    }
    const parcel: Parcel = {
      currency,
      weightGrams: [...lines.values()].reduce((w, l) => w + l.product.weight_grams * l.quantity, 0),
      valueMinor: subtotal,
      lines: [],
    };
    const shippingMinor =
      input.shipping_amount !== undefined
        ? minorOrThrow(input.shipping_amount, currency, 'shipping_amount')
        : service
          ? this.shipping.costMinor(parcel, service)
          : 0;
    const discount = orderDiscount(input, subtotal, currency);
    const taxRate = this.settings.get().tax_rate_bps;
    const totals = orderTotals({ subtotal, discount: discount.minor, shipping: shippingMinor, taxRateBps: taxRate });
    return {
      customer,
      lines,
      address,
      warnings,
      currency,
      service,
      subtotal_minor: subtotal,
      discount_minor: discount.minor,
      discount_percent_bps: discount.percentBps,
      shipping_minor: shippingMinor,
      tax_minor: totals.tax,
      tax_rate_bps: taxRate,
      total_minor: totals.total,
    };
  }

  get(id: number): Order {
    const row = this.row(id);
    const customer = this.store.first(
      this.store.query.selectFrom('customers').select('name').where('id', '=', row.customer_id),
    );
    const items = this.store.all(
      this.store.query.selectFrom('order_items').selectAll().where('order_id', '=', id).orderBy('id'),
    );
    const history = this.store.all(
      this.store.query.selectFrom('order_status_history').selectAll().where('order_id', '=', id).orderBy('id'),
    );
    const shipments = this.store.all(
      this.store.query.selectFrom('shipments').selectAll().where('order_id', '=', id).orderBy('id'),
    );
    const states = this.store.first(
      this.store.query
        .selectFrom('orders as o')
        .select([fulfillmentStatusSql.as('fulfillment_status'), paymentStatusSql.as('payment_status')])
        .where('o.id', '=', id),
    )!;
    const payments = this.store.all(
      this.store.query
        .selectFrom('payments')
        .select(['id', 'transaction_id', 'amount_minor', 'method', 'reference', 'actor', 'created_at'])
        .where('order_id', '=', id)
        .orderBy('id'),
    );
    const refunds = this.store.all(
      this.store.query
        .selectFrom('refunds as r')
        .innerJoin('payments as p', 'p.id', 'r.payment_id')
        .select(['r.id', 'r.refund_id', 'r.amount_minor', 'r.reason', 'r.actor', 'r.created_at'])
        .where('p.order_id', '=', id)
        .orderBy('r.id'),
    );
    const refundItems = this.refundItems(id);
    const lineRefunds = new Map<number, { refunded: number; cancelled: number }>();
    for (const r of refundItems) {
      const line = lineRefunds.get(r.product_id) ?? { refunded: 0, cancelled: 0 };
      line.refunded += r.quantity;
      line.cancelled += r.quantity - r.shipped_quantity;
      lineRefunds.set(r.product_id, line);
    }
    const derived: Derived = {
      ...states,
      lineRefunds,
      timeline: orderTimeline({
        currency: row.currency,
        history,
        payments,
        refunds: refunds.map((r) => ({ ...r, items: refundItems.filter((i) => i.refund_id === r.id) })),
        shipments,
        items,
      }),
    };
    return toOrder(row, customer?.name ?? '', items, history, shipments, derived);
  }

  /** The refunded lines of an order, with the product each line is for. */
  refundItems(orderId: number) {
    return this.store.all(
      this.store.query
        .selectFrom('refund_items as ri')
        .innerJoin('order_items as oi', 'oi.id', 'ri.order_item_id')
        .select([
          'ri.id',
          'ri.refund_id',
          'ri.order_item_id',
          'ri.quantity',
          'ri.shipped_quantity',
          'ri.restocked_quantity',
          'ri.amount_minor',
          'oi.product_id',
          'oi.sku',
          'oi.name',
          'oi.unit_price_minor',
        ])
        .where('oi.order_id', '=', orderId)
        .orderBy('ri.id'),
    );
  }

  /** The order imported earlier under this reference of its file, if any. */
  importedAs(importRef: string): number | undefined {
    return this.store.first(this.store.query.selectFrom('orders').select('id').where('import_ref', '=', importRef))?.id;
  }

  row(id: number, path = 'order_id'): OrderRow {
    const row = this.store.first(this.store.query.selectFrom('orders').selectAll().where('id', '=', id));
    if (!row) {
      throw new OpError('not_found', `There is no order with id ${id}. Find orders with list_orders.`, [
        { path, message: 'No such order' },
      ]);
    }
    return row;
  }

  list(input: z.output<typeof listOrders.input>): { items: OrderSummary[]; next_cursor: string | null } {
    if (input.cursor !== undefined && input.offset > 0) {
      throw new OpError('invalid_input', 'Give cursor or offset, not both.', [
        { path: 'offset', message: 'Not allowed with cursor' },
      ]);
    }
    const tz = this.settings.get().time_zone;
    const start = input.start_date ? boundToIso(input.start_date, tz, 'start', 'start_date') : undefined;
    const end = input.end_date ? boundToIso(input.end_date, tz, 'end', 'end_date') : undefined;
    if (start && end && start >= end) {
      throw new OpError('invalid_input', 'start_date is after end_date.', [
        { path: 'start_date', message: 'After end_date' },
      ]);
    }
    let query = this.store.query.selectFrom('orders as o');
    if (input.customer_id !== undefined) query = query.where('o.customer_id', '=', input.customer_id);
    if (input.status) query = query.where('o.status', '=', input.status);
    if (input.fulfillment_status)
      query = query.where(sql<boolean>`${fulfillmentStatusSql} = ${input.fulfillment_status}`);
    if (input.payment_status) query = query.where(sql<boolean>`${paymentStatusSql} = ${input.payment_status}`);
    if (start) query = query.where('o.created_at', '>=', start);
    if (end) query = query.where('o.created_at', '<', end);
    // Newest first is the common view and seeks by key; the other sorts page by position.
    const keyset = input.sort === 'created_at' && input.order === 'desc';
    const list = `orders:${input.sort}:${input.order}`;
    let offset = input.offset;
    if (input.cursor && !keyset) offset = decodeCursor(list, input.cursor, ['number'])[0] as number;
    else if (input.cursor) {
      const [at, id] = decodeCursor('orders', input.cursor, ['string', 'number']) as [string, number];
      // Seekable form of (created_at, id) < (at, id): see customers' name cursor.
      query = query.where(({ eb, or, and }) =>
        and([eb('o.created_at', '<=', at), or([eb('o.created_at', '<', at), eb('o.id', '<', id)])]),
      );
    }
    const rows = this.store.all(
      query
        .select([
          'o.id',
          'o.customer_id',
          'o.status',
          'o.currency',
          'o.total_minor',
          'o.paid_minor',
          'o.refunded_minor',
          'o.created_at',
          'o.updated_at',
          sql<string>`(SELECT name FROM customers c WHERE c.id = o.customer_id)`.as('customer_name'),
          sql<number>`(SELECT COUNT(*) FROM order_items i WHERE i.order_id = o.id)`.as('item_count'),
          fulfillmentStatusSql.as('fulfillment_status'),
          paymentStatusSql.as('payment_status'),
        ])
        .$call((q) => {
          const direction = input.order;
          switch (input.sort) {
            case 'created_at':
              return q.orderBy('o.created_at', direction).orderBy('o.id', direction);
            case 'id':
              return q.orderBy('o.id', direction);
            case 'customer':
              return q.orderBy(sql`customer_name COLLATE NOCASE`, direction).orderBy('o.id', direction);
            case 'total':
              // Amounts in minor units compare within a currency; a shop with several sees them grouped.
              return q.orderBy('o.currency').orderBy('o.total_minor', direction).orderBy('o.id', direction);
            case 'status':
              return q.orderBy('o.status', direction).orderBy('o.id', direction);
          }
        })
        .limit(input.limit + 1)
        .offset(offset),
    );
    const items = rows.slice(0, input.limit).map((r) => ({
      id: r.id,
      customer_id: r.customer_id,
      customer_name: r.customer_name ?? '',
      status: r.status as OrderStatus,
      fulfillment_status: r.fulfillment_status,
      payment_status: r.payment_status,
      currency: r.currency,
      total: toMajorUnits(r.total_minor, r.currency),
      paid: toMajorUnits(r.paid_minor, r.currency),
      refunded: toMajorUnits(r.refunded_minor, r.currency),
      item_count: r.item_count,
      created_at: r.created_at,
      updated_at: r.updated_at,
    }));
    const last = items.at(-1);
    return {
      items,
      next_cursor:
        rows.length > input.limit && last
          ? keyset
            ? encodeCursor('orders', [last.created_at, last.id])
            : encodeCursor(list, [offset + input.limit])
          : null,
    };
  }

  updateStatus(input: z.output<typeof updateOrderStatus.input>, events: EventSink, actor: string): Order {
    const row = this.row(input.order_id);
    if (input.expected_version !== undefined && input.expected_version !== row.version) {
      throw new OpError(
        'conflict',
        `Order ${row.id} was changed since you read it (version ${row.version}, you had ${input.expected_version}); read it again.`,
        [{ path: 'expected_version', message: 'Stale version' }],
      );
    }
    const from = row.status as OrderStatus;
    const to = input.status;
    if (from === to)
      throw new OpError('conflict', `Order ${row.id} is already ${to}.`, [{ path: 'status', message: 'Unchanged' }]);
    const move = ORDER_TRANSITIONS[from].find((t) => t.to === to);
    if (!move) throw illegalMove(row);
    if (move.by) {
      throw new OpError(
        'conflict',
        `Order ${row.id} becomes ${to} through ${move.by}, not by setting its status` +
          (to === 'paid' ? ` (it has ${formatAmount(balanceDue(row), row.currency)} to pay).` : '.'),
        [{ path: 'status', message: `Use ${move.by}` }],
      );
    }
    if (to === 'cancelled' && row.paid_minor - row.refunded_minor > 0) {
      throw new OpError(
        'conflict',
        `Order ${row.id} has ${formatAmount(row.paid_minor - row.refunded_minor, row.currency)} paid: refund it with ` +
          'refund_payment before cancelling (see list_payments for its transaction ids).',
        [{ path: 'status', message: 'Refund first' }],
      );
    }
    if (to === 'cancelled') this.inventory.releaseOrder(row.id, events, actor);
    this.setStatus(row, to, input.note ?? null, actor, events);
    return this.get(row.id);
  }

  /**
   * An order's figures with another discount, worked out as create_order works them out (the items at
   * the prices they were ordered at, the order's own tax rate and shipping). Refused unless the order is
   * pending with no payment recorded: a payment, refund or invoice was made for the figures it has.
   */
  discountPlan(input: DiscountInput) {
    const row = this.row(input.order_id);
    if (row.status !== 'pending') {
      throw new OpError(
        'conflict',
        `Order ${row.id} is ${row.status}; its discount can be changed only while it is pending, before any payment.`,
        [{ path: 'order_id', message: `Order is ${row.status}` }],
      );
    }
    if (row.paid_minor > 0) {
      throw new OpError(
        'conflict',
        `Order ${row.id} has a payment of ${formatAmount(row.paid_minor, row.currency)} recorded; its discount can be ` +
          'changed only before any payment. Give money back with refund_payment instead.',
        [{ path: 'order_id', message: 'Has a payment' }],
      );
    }
    const items = row.subtotal_minor + row.discount_minor;
    const discount = orderDiscount(
      {
        ...(input.discount_amount != null && { discount_amount: input.discount_amount }),
        ...(input.discount_percent != null && { discount_percent: input.discount_percent }),
      },
      items,
      row.currency,
    );
    const totals = orderTotals({
      subtotal: items,
      discount: discount.minor,
      shipping: row.shipping_minor,
      taxRateBps: row.tax_rate_bps,
    });
    // No discount at all is no percent either: "0 %" would read as a discount given.
    const percentBps = discount.minor === 0 ? null : discount.percentBps;
    const next = {
      subtotal_minor: items - discount.minor,
      discount_minor: discount.minor,
      discount_percent_bps: percentBps,
      tax_minor: totals.tax,
      total_minor: totals.total,
    };
    return { row, next };
  }

  quoteDiscount(input: DiscountInput) {
    const { row, next } = this.discountPlan(input);
    const m = (minor: number) => toMajorUnits(minor, row.currency);
    return {
      currency: row.currency,
      subtotal: m(next.subtotal_minor + next.discount_minor),
      discount: m(next.discount_minor),
      discount_percent: next.discount_percent_bps === null ? null : next.discount_percent_bps / 100,
      shipping: m(row.shipping_minor),
      tax: m(next.tax_minor),
      total: m(next.total_minor),
    };
  }

  /** Sets the discount (see discountPlan); the payment state follows, as it is derived from the total. */
  setDiscount(input: DiscountInput & { expected_version?: number | undefined }, events: EventSink): Order {
    const { row, next } = this.discountPlan(input);
    if (input.expected_version !== undefined && input.expected_version !== row.version) {
      throw new OpError(
        'conflict',
        `Order ${row.id} was changed since you read it (version ${row.version}, you had ${input.expected_version}); read it again.`,
        [{ path: 'expected_version', message: 'Stale version' }],
      );
    }
    if (next.discount_minor === row.discount_minor && next.discount_percent_bps === row.discount_percent_bps) {
      return this.get(row.id);
    }
    const changed = this.store.run(
      this.store.query
        .updateTable('orders')
        .set({ ...next, version: row.version + 1, updated_at: this.clock.now().toISOString() })
        .where('id', '=', row.id)
        .where('version', '=', row.version),
    );
    if (changed.changes === 0) throw new OpError('conflict', `Order ${row.id} was changed meanwhile; read it again.`);
    events.emit({ type: 'record.changed', entity: 'order', id: row.id, action: 'updated' });
    return this.get(row.id);
  }

  /** For holds attached to an order by hand: the order must still be waiting to ship. */
  assertOpen(orderId: number): void {
    const row = this.row(orderId);
    if (!['pending', 'paid', 'processing'].includes(row.status)) {
      throw new OpError(
        'conflict',
        `Order ${orderId} is ${row.status}; stock can only be held for pending, paid or processing orders.`,
        [{ path: 'order_id', message: `Order is ${row.status}` }],
      );
    }
  }

  /** Applies a recorded payment to its order: the paid order moves to "paid". */
  applyPayment(orderId: number, amountMinor: number, transactionId: string, events: EventSink, actor: string): void {
    const row = this.row(orderId);
    this.store.run(
      this.store.query
        .updateTable('orders')
        .set({ paid_minor: row.paid_minor + amountMinor })
        .where('id', '=', orderId),
    );
    const after = this.row(orderId);
    if (after.status === 'pending' && balanceDue(after) <= 0) {
      this.setStatus(after, 'paid', `payment ${transactionId}`, actor, events);
    } else this.touch(after, events);
  }

  /** Applies a refund: an order refunded in full becomes "refunded", releasing holds if it had not shipped. */
  applyRefund(orderId: number, amountMinor: number, refundId: string, events: EventSink, actor: string): string {
    const row = this.row(orderId);
    this.store.run(
      this.store.query
        .updateTable('orders')
        .set({ refunded_minor: row.refunded_minor + amountMinor })
        .where('id', '=', orderId),
    );
    const after = this.row(orderId);
    const fullyRefunded = after.paid_minor - after.refunded_minor === 0;
    if (fullyRefunded && ['paid', 'processing', 'shipped', 'delivered'].includes(after.status)) {
      if (after.status === 'paid' || after.status === 'processing') this.inventory.releaseOrder(orderId, events, actor);
      this.setStatus(after, 'refunded', `refund ${refundId}`, actor, events);
      return 'refunded';
    }
    this.touch(after, events);
    return after.status;
  }

  /** A parcel for an order: stock leaves the ledger, lines are marked shipped, the order moves when all are. */
  ship(input: ShipmentInput, events: EventSink, actor: string): number {
    const orderId = input.order_id!;
    const row = this.row(orderId);
    const service = this.shipping.serviceNamed(input.service, row.currency, 'service');
    if (row.status !== 'paid' && row.status !== 'processing') {
      throw new OpError(
        'conflict',
        row.status === 'pending'
          ? `Order ${row.id} is not paid yet (${formatAmount(balanceDue(row), row.currency)} due): record payment with process_payment first.`
          : `Order ${row.id} is ${row.status}; only paid or processing orders can be shipped.`,
        [{ path: 'order_id', message: `Order is ${row.status}` }],
      );
    }
    const items = this.openLines(orderId);
    const wanted = new Map<number, number>();
    if (input.items) {
      input.items.forEach((item, index) => {
        const path = `items.${index}.product_id`;
        if (item.product_id === undefined) {
          throw new OpError('invalid_input', 'Items of an order’s shipment name their product_id.', [
            { path, message: 'Required' },
          ]);
        }
        const product = this.products.resolve(item.product_id, path);
        const line = items.find((i) => i.product_id === product.id);
        if (!line) {
          throw new OpError('invalid_input', `${product.sku} is not on order ${orderId}.`, [
            { path, message: 'Not on this order' },
          ]);
        }
        const open = line.open - (wanted.get(product.id) ?? 0);
        if (item.quantity > open) {
          throw new OpError(
            'conflict',
            open === 0
              ? `Nothing of ${product.sku} on order ${orderId} is left to ship.`
              : `Only ${open} of ${product.sku} on order ${orderId} ${open === 1 ? 'is' : 'are'} left to ship; ` +
                  `${item.quantity} were asked for.`,
            [{ path: `items.${index}.quantity`, message: `At most ${open}` }],
          );
        }
        wanted.set(product.id, (wanted.get(product.id) ?? 0) + item.quantity);
      });
    } else {
      for (const line of items) if (line.open > 0) wanted.set(line.product_id, line.open);
    }
    if (wanted.size === 0) throw new OpError('conflict', `Everything on order ${orderId} has already shipped.`);

    const destination =
      input.destination ??
      (row.shipping_address ? (JSON.parse(row.shipping_address) as Address) : null) ??
      this.customer(row.customer_id).address;
    if (!destination) {
      throw new OpError('invalid_input', `Order ${orderId} has no shipping address: give destination.`, [
        { path: 'destination', message: 'Required for this order' },
      ]);
    }
    const parcel: Parcel = { currency: row.currency, weightGrams: 0, valueMinor: 0, lines: [] };
    for (const [productId, quantity] of wanted) {
      const line = items.find((i) => i.product_id === productId)!;
      parcel.weightGrams += line.weight_grams * quantity;
      parcel.valueMinor += line.unit_price_minor * quantity;
      parcel.lines.push({ product_id: productId, quantity, weight_grams: line.weight_grams });
    }
    const shipmentId = this.shipping.insert(
      {
        orderId,
        service,
        carrier: input.carrier ?? null,
        tracking: input.tracking ?? null,
        destination,
        parcel,
      },
      actor,
    );
    for (const [productId, quantity] of wanted) {
      this.inventory.ship({ orderId, productId, quantity, shipmentId }, events, actor);
      this.store.run(
        this.store.query
          .updateTable('order_items')
          .set((eb) => ({ shipped_quantity: eb('shipped_quantity', '+', quantity) }))
          .where('order_id', '=', orderId)
          .where('product_id', '=', productId),
      );
    }
    if (!this.settleShipped(orderId, `shipment ${shipmentId}`, events, actor)) this.touch(this.row(orderId), events);
    return shipmentId;
  }

  /** An order's lines with how many units are left to ship: neither shipped nor refunded before shipping. */
  openLines(orderId: number) {
    const lines = this.store.all(
      this.store.query.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('id'),
    );
    const refunded = this.refundItems(orderId);
    return lines.map((line) => {
      const mine = refunded.filter((r) => r.order_item_id === line.id);
      const refundedUnits = mine.reduce((n, r) => n + r.quantity, 0);
      const cancelled = mine.reduce((n, r) => n + r.quantity - r.shipped_quantity, 0);
      const returned = refundedUnits - cancelled;
      return {
        ...line,
        refunded: refundedUnits,
        cancelled,
        returned,
        open: line.quantity - line.shipped_quantity - cancelled,
      };
    });
  }

  /**
   * Moves a paid or processing order to "shipped" once nothing is left to ship and something did
   * ship (an order whose every unit was refunded before shipping is refunded, not shipped).
   */
  private settleShipped(orderId: number, note: string, events: EventSink, actor: string): boolean {
    const row = this.row(orderId);
    if (row.status !== 'paid' && row.status !== 'processing') return false;
    const lines = this.openLines(orderId);
    if (lines.some((l) => l.open > 0) || !lines.some((l) => l.shipped_quantity > 0)) return false;
    this.setStatus(row, 'shipped', note, actor, events);
    return true;
  }

  /**
   * What refunding these lines comes to: each line's units at their price less their share of the
   * order's discount, plus tax. Both are worked out on the goods refunded so far, as the order works
   * them out on its subtotal, so refunding every line gives back exactly the order's goods and tax. Units not shipped yet are
   * refunded first (they are cancelled); the rest are units that had shipped.
   */
  refundPlan(orderId: number, items: readonly { product_id: ProductRef; quantity: number }[]): RefundPlan {
    const row = this.row(orderId);
    const lines = this.openLines(orderId);
    const wanted = new Map<number, number>();
    items.forEach((item, index) => {
      const path = `items.${index}.product_id`;
      const product = this.products.resolve(item.product_id, path);
      const line = lines.find((l) => l.product_id === product.id);
      if (!line) {
        throw new OpError('invalid_input', `${product.sku} is not on order ${orderId}.`, [
          { path, message: 'Not on this order' },
        ]);
      }
      const left = line.quantity - line.refunded - (wanted.get(line.id) ?? 0);
      if (item.quantity > left) {
        throw new OpError(
          'conflict',
          left === 0
            ? `Every ${product.sku} on order ${orderId} is refunded already.`
            : `Only ${left} of ${product.sku} on order ${orderId} can still be refunded (${line.quantity} ordered, ` +
                `${line.refunded} refunded); ${item.quantity} were asked for.`,
          [{ path: `items.${index}.quantity`, message: `At most ${left}` }],
        );
      }
      wanted.set(line.id, (wanted.get(line.id) ?? 0) + item.quantity);
    });
    // An order's discount is shared by its units in proportion to their price (the stored subtotal is
    // the items after it), so refunding every line gives back exactly what was charged for the goods.
    const itemsBeforeDiscount = row.subtotal_minor + row.discount_minor;
    const paidFor = (listPrice: number) =>
      itemsBeforeDiscount === 0 ? 0 : listPrice - mulDivHalfUp(listPrice, row.discount_minor, itemsBeforeDiscount);
    const charged = (listPrice: number) => {
      const goods = paidFor(listPrice);
      return goods + mulDivHalfUp(goods, row.tax_rate_bps, 10_000);
    };
    let refundedList = this.refundItems(orderId).reduce((sum, r) => sum + r.quantity * r.unit_price_minor, 0);
    const planned = [...wanted].map(([lineId, quantity]) => {
      const line = lines.find((l) => l.id === lineId)!;
      const listPrice = line.unit_price_minor * quantity;
      const amount = charged(refundedList + listPrice) - charged(refundedList);
      refundedList += listPrice;
      const cancelled = Math.min(quantity, line.open);
      return {
        orderItemId: line.id,
        productId: line.product_id,
        quantity,
        shipped: quantity - cancelled,
        amountMinor: amount,
      };
    });
    return { orderId, lines: planned, amountMinor: planned.reduce((sum, l) => sum + l.amountMinor, 0) };
  }

  /**
   * Writes a refund's lines: units refunded before shipping end their hold on stock; with `restock`,
   * units that had shipped come back on hand. An order with nothing left to ship moves to "shipped".
   */
  applyRefundLines(
    plan: RefundPlan,
    refund: { id: number; refundId: string },
    restock: boolean,
    events: EventSink,
    actor: string,
  ): void {
    const reason = `refund ${refund.refundId}`;
    for (const line of plan.lines) {
      const cancelled = line.quantity - line.shipped;
      const restocked = restock ? line.shipped : 0;
      this.store.insertRow('refund_items', {
        refund_id: refund.id,
        order_item_id: line.orderItemId,
        quantity: line.quantity,
        shipped_quantity: line.shipped,
        restocked_quantity: restocked,
        amount_minor: line.amountMinor,
      });
      const stock = { orderId: plan.orderId, productId: line.productId, reason };
      if (cancelled > 0) this.inventory.releaseUnits({ ...stock, quantity: cancelled }, events, actor);
      if (restocked > 0) this.inventory.restock({ ...stock, quantity: restocked }, events, actor);
    }
    this.settleShipped(plan.orderId, reason, events, actor);
  }

  /** A delivered parcel: the order is delivered once it is fully shipped and every parcel arrived. */
  shipmentDelivered(orderId: number, shipmentId: number, events: EventSink, actor: string): void {
    const row = this.row(orderId);
    if (row.status !== 'shipped') return;
    const undelivered = this.store.first(
      this.store.query
        .selectFrom('shipments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('order_id', '=', orderId)
        .where('status', 'not in', ['delivered', 'returned', 'lost']),
    )?.n;
    if (undelivered === 0) this.setStatus(row, 'delivered', `shipment ${shipmentId} delivered`, actor, events);
  }

  private setStatus(row: OrderRow, to: OrderStatus, note: string | null, actor: string, events: EventSink): void {
    const changed = this.store.run(
      this.store.query
        .updateTable('orders')
        .set({ status: to, version: row.version + 1, updated_at: this.clock.now().toISOString() })
        .where('id', '=', row.id)
        .where('version', '=', row.version),
    );
    if (changed.changes === 0) throw new OpError('conflict', `Order ${row.id} was changed meanwhile; read it again.`);
    this.history(row.id, row.status, to, note, actor);
    events.emit({ type: 'record.changed', entity: 'order', id: row.id, action: 'updated', status: to });
  }

  private touch(row: OrderRow, events: EventSink): void {
    this.store.run(
      this.store.query
        .updateTable('orders')
        .set({ version: row.version + 1, updated_at: this.clock.now().toISOString() })
        .where('id', '=', row.id),
    );
    events.emit({ type: 'record.changed', entity: 'order', id: row.id, action: 'updated' });
  }

  private history(orderId: number, from: string | null, to: string, note: string | null, actor: string): HistoryRow {
    const row = {
      order_id: orderId,
      from_status: from,
      to_status: to,
      note,
      actor,
      at: this.clock.now().toISOString(),
    };
    return { id: this.store.insertRow('order_status_history', row).lastInsertRowid, ...row };
  }

  private customer(id: number) {
    try {
      return this.customers.byId(id);
    } catch (error) {
      if (error instanceof OpError && error.code === 'not_found') {
        throw new OpError('not_found', `There is no customer with id ${id}.`, [
          { path: 'customer_id', message: 'No such customer' },
        ]);
      }
      throw error;
    }
  }
}

/**
 * What the customer still owes. Only a pending order owes anything: once it is paid, a partial
 * refund is money given back (a concession, a returned item), not a new debt; before that, a refunded
 * part payment must still be paid.
 */
type ItemRow = Omit<Selectable<OrderItemsTable>, 'id'>;

export type RefundPlan = {
  orderId: number;
  lines: { orderItemId: number; productId: number; quantity: number; shipped: number; amountMinor: number }[];
  amountMinor: number;
};

/** What is derived from an order's shipments, payments and refunds. */
type Derived = {
  fulfillment_status: FulfillmentStatus;
  payment_status: PaymentStatus;
  /** Per product: units refunded, and of those, units refunded before they shipped. */
  lineRefunds: ReadonlyMap<number, { refunded: number; cancelled: number }>;
  timeline: Order['timeline'];
};
type HistoryRow = Selectable<OrderStatusHistoryTable>;

/** An order as operations return it, from its row, its customer's name, its items and history (by id). */
type ShipmentSummaryRow = {
  id: number;
  status: string;
  service: string;
  carrier: string | null;
  tracking: string | null;
  cost_minor: number;
  created_at: string;
};

function toOrder(
  row: OrderRow,
  customerName: string,
  items: readonly ItemRow[],
  history: readonly HistoryRow[],
  shipments: readonly ShipmentSummaryRow[],
  derived: Derived,
): Order {
  const c = row.currency;
  return {
    id: row.id,
    customer_id: row.customer_id,
    customer_name: customerName,
    status: row.status as OrderStatus,
    fulfillment_status: derived.fulfillment_status,
    payment_status: derived.payment_status,
    currency: c,
    items: items.map((i) => {
      const refunds = derived.lineRefunds.get(i.product_id) ?? { refunded: 0, cancelled: 0 };
      return {
        product_id: i.product_id,
        sku: i.sku,
        name: i.name,
        quantity: i.quantity,
        unit_price: toMajorUnits(i.unit_price_minor, c),
        line_total: toMajorUnits(i.line_total_minor, c),
        shipped_quantity: i.shipped_quantity,
        refunded_quantity: refunds.refunded,
        unshipped_quantity: i.quantity - i.shipped_quantity - refunds.cancelled,
      };
    }),
    subtotal: toMajorUnits(row.subtotal_minor + row.discount_minor, c),
    discount: toMajorUnits(row.discount_minor, c),
    discount_percent: row.discount_percent_bps === null ? null : row.discount_percent_bps / 100,
    shipping: toMajorUnits(row.shipping_minor, c),
    tax: toMajorUnits(row.tax_minor, c),
    tax_rate_bps: row.tax_rate_bps,
    total: toMajorUnits(row.total_minor, c),
    paid: toMajorUnits(row.paid_minor, c),
    refunded: toMajorUnits(row.refunded_minor, c),
    balance_due: toMajorUnits(balanceDue(row), c),
    shipping_service: row.shipping_service,
    shipping_address: row.shipping_address ? (JSON.parse(row.shipping_address) as Address) : null,
    notes: row.notes,
    import_ref: row.import_ref,
    allowed_statuses: manualMoves(row),
    history: history.map((h) => ({ from: h.from_status, to: h.to_status, note: h.note, by: h.actor, at: h.at })),
    shipments: shipments.map((s) => ({
      id: s.id,
      status: s.status,
      service: s.service,
      carrier: s.carrier,
      tracking: s.tracking,
      cost: toMajorUnits(s.cost_minor, c),
      created_at: s.created_at,
    })),
    timeline: derived.timeline,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function balanceDue(row: Pick<OrderRow, 'status' | 'total_minor' | 'paid_minor' | 'refunded_minor'>): number {
  return row.status === 'pending' ? row.total_minor - (row.paid_minor - row.refunded_minor) : 0;
}

/** Moves update_order_status can make now (the others belong to payments, shipments and refunds). */
function manualMoves(row: OrderRow): OrderStatus[] {
  return ORDER_TRANSITIONS[row.status as OrderStatus]
    .filter((t) => !t.by)
    .filter((t) => t.to !== 'cancelled' || row.paid_minor - row.refunded_minor === 0)
    .map((t) => t.to);
}

function illegalMove(row: OrderRow): OpError {
  const status = row.status as OrderStatus;
  const options = ORDER_TRANSITIONS[status].map((t) => (t.by ? `${t.to} (through ${t.by})` : t.to));
  return new OpError(
    'conflict',
    options.length
      ? `Order ${row.id} is ${status}; from there it can move to ${options.join(', ')}.`
      : `Order ${row.id} is ${status}, which is final.`,
    [{ path: 'status', message: `Allowed: ${ORDER_TRANSITIONS[status].map((t) => t.to).join(', ') || 'none'}` }],
  );
}

/**
 * An order's discount in minor units: an amount (at most the items' subtotal), or a percent of the
 * subtotal rounded half up to the currency's minor unit.
 */
export function orderDiscount(
  input: { discount_amount?: number | undefined; discount_percent?: number | undefined },
  subtotalMinor: number,
  currency: string,
): { minor: number; percentBps: number | null } {
  if (input.discount_percent !== undefined) {
    const percentBps = Math.round(input.discount_percent * 100);
    return { minor: mulDivHalfUp(subtotalMinor, percentBps, 10_000), percentBps };
  }
  if (input.discount_amount === undefined) return { minor: 0, percentBps: null };
  const minor = minorOrThrow(input.discount_amount, currency, 'discount_amount');
  if (minor > subtotalMinor) {
    throw new OpError(
      'invalid_input',
      `discount_amount ${formatAmount(minor, currency)} is more than the items come to (${formatAmount(subtotalMinor, currency)}).`,
      [{ path: 'discount_amount', message: `At most ${formatAmount(subtotalMinor, currency)}` }],
    );
  }
  return { minor, percentBps: null };
}

/**
 * Tax and total from the parts. Tax is charged on what the customer pays for the items, the subtotal
 * less the discount (a seller's discount lowers the taxable price, as VAT and US sales tax both
 * treat it); shipping is not taxed, as before discounts existed.
 */
export function orderTotals(parts: { subtotal: number; discount: number; shipping: number; taxRateBps: number }): {
  tax: number;
  total: number;
} {
  const taxable = parts.subtotal - parts.discount;
  const tax = mulDivHalfUp(taxable, parts.taxRateBps, 10_000);
  return { tax, total: taxable + parts.shipping + tax };
}
