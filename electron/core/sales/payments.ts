import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { formatAmount, toMajorUnits } from '../../../shared/money.js';
import {
  PAYMENT_METHODS,
  type Payment,
  type listPayments,
  type processPayment,
  type refundPayment,
} from '../../../shared/sales/payments.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { CustomersService } from '../customers/service.js';
import type { PaymentsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { minorOrThrow } from './money.js';
import { balanceDue, type OrdersService } from './orders.js';

type PaymentRow = Omit<PaymentsTable, 'id'> & { id: number };

/**
 * Where the money moves. "manual" records what happened outside Officina (till, bank, terminal);
 * an online provider (Stripe) implements the same interface and is chosen by payment method.
 */
export interface PaymentProvider {
  readonly name: string;
  readonly methods: readonly string[];
  /** Takes the money (or confirms it was taken); throws OpError('external') when the provider refuses. */
  charge(request: { amountMinor: number; currency: string; method: string; reference: string | null }): {
    reference: string | null;
  };
  refund(request: { amountMinor: number; currency: string; paymentReference: string | null }): void;
}

export const manualProvider: PaymentProvider = {
  name: 'manual',
  methods: PAYMENT_METHODS,
  charge: (request) => ({ reference: request.reference }),
  refund: () => undefined,
};

/** The seed's words for a card: Officina's is the terminal the card was taken on. */
const METHOD_NAMES: Record<string, string> = { card: 'card_terminal' };

const NO_PROVIDER =
  'Officina records a payment received; it does not charge a card or an account (no payment provider is set ' +
  'up). Take the money with your terminal or the payment service, and this record matches it.';

export class PaymentsService {
  private readonly store: Store;
  private readonly orders: OrdersService;
  private readonly customers: CustomersService;
  private readonly clock: Clock;
  private readonly providers: readonly PaymentProvider[];

  constructor(deps: {
    store: Store;
    orders: OrdersService;
    customers: CustomersService;
    clock: Clock;
    providers?: readonly PaymentProvider[];
  }) {
    this.store = deps.store;
    this.orders = deps.orders;
    this.customers = deps.customers;
    this.clock = deps.clock;
    this.providers = deps.providers ?? [manualProvider];
  }

  process(
    input: z.output<typeof processPayment.input>,
    events: EventSink,
    actor: string,
  ): z.input<typeof Payment> & { warnings: string[] } {
    const method = METHOD_NAMES[input.payment_method] ?? input.payment_method;
    // A method no provider takes is recorded by hand, as the seed's words for cards and online payments are.
    const provider = this.providers.find((p) => p.methods.includes(method)) ?? manualProvider;
    const warnings =
      provider === manualProvider && !PAYMENT_METHODS.includes(input.payment_method as never) ? [NO_PROVIDER] : [];
    const amountMinor = minorOrThrow(input.amount, input.currency, 'amount');
    const fingerprint = digest([
      amountMinor,
      input.currency,
      method,
      input.order_id ?? null,
      input.customer_info ?? null,
    ]);
    if (input.idempotency_key) {
      const earlier = this.store.first(
        this.store.query.selectFrom('payments').selectAll().where('idempotency_key', '=', input.idempotency_key),
      );
      if (earlier) {
        if (earlier.request_fingerprint !== fingerprint) {
          throw new OpError(
            'conflict',
            `idempotency_key was already used for a different payment (${earlier.transaction_id}); use a new key for a new payment.`,
            [{ path: 'idempotency_key', message: 'Used for another request' }],
          );
        }
        return { ...this.toPayment(earlier), warnings };
      }
    }

    let customerId = input.customer_info?.customer_id ?? null;
    if (customerId !== null) this.customerExists(customerId, 'customer_info.customer_id');
    if (input.order_id !== undefined) {
      const order = this.orders.row(input.order_id);
      if (order.currency !== input.currency) {
        throw new OpError(
          'invalid_input',
          `Currency mismatch: order ${order.id} is in ${order.currency}, the payment in ${input.currency}.`,
          [{ path: 'currency', message: `Use ${order.currency}` }],
        );
      }
      if (order.status !== 'pending') {
        throw new OpError(
          'conflict',
          order.status === 'cancelled' || order.status === 'refunded'
            ? `Order ${order.id} is ${order.status} and takes no payments.`
            : `Order ${order.id} is already paid (${order.status}); it takes no more payments.`,
          [{ path: 'order_id', message: `Order is ${order.status}` }],
        );
      }
      const due = balanceDue(order);
      if (due <= 0) {
        throw new OpError(
          'conflict',
          `Order ${order.id} is already paid in full (${formatAmount(order.total_minor, order.currency)}).`,
          [{ path: 'order_id', message: 'Nothing due' }],
        );
      }
      if (amountMinor > due) {
        throw new OpError(
          'conflict',
          `Order ${order.id} has ${formatAmount(due, order.currency)} left to pay; a payment of ` +
            `${formatAmount(amountMinor, input.currency)} would exceed its total.`,
          [{ path: 'amount', message: `At most ${toMajorUnits(due, order.currency)}` }],
        );
      }
      if (customerId !== null && customerId !== order.customer_id) {
        throw new OpError(
          'invalid_input',
          `Order ${order.id} belongs to customer ${order.customer_id}, not ${customerId}.`,
          [{ path: 'customer_info.customer_id', message: 'Not the order’s customer' }],
        );
      }
      customerId = order.customer_id;
    }
    const info = input.customer_info ?? (customerId !== null ? this.customerInfo(customerId) : null);
    if (!info) {
      throw new OpError('invalid_input', 'Give customer_info (who paid) or the order_id the payment is for.', [
        { path: 'customer_info', message: 'Required without order_id' },
      ]);
    }
    const charged = provider.charge({
      amountMinor,
      currency: input.currency,
      method,
      reference: input.reference ?? null,
    });
    const transactionId = `txn_${randomBytes(10).toString('hex')}`;
    this.store.run(
      this.store.query.insertInto('payments').values({
        transaction_id: transactionId,
        order_id: input.order_id ?? null,
        customer_id: customerId,
        customer_info: JSON.stringify(info),
        amount_minor: amountMinor,
        currency: input.currency,
        method,
        provider: provider.name,
        status: 'succeeded',
        refunded_minor: 0,
        reference: charged.reference,
        note: input.note ?? null,
        idempotency_key: input.idempotency_key ?? null,
        request_fingerprint: fingerprint,
        actor,
        created_at: this.clock.now().toISOString(),
      }),
    );
    if (input.order_id !== undefined)
      this.orders.applyPayment(input.order_id, amountMinor, transactionId, events, actor);
    events.emit({ type: 'record.changed', entity: 'payment', id: transactionId, action: 'created' });
    return { ...this.get(transactionId), warnings };
  }

  refund(input: z.output<typeof refundPayment.input>, events: EventSink, actor: string) {
    const payment = this.row(input.transaction_id);
    const refundable = payment.amount_minor - payment.refunded_minor;
    const fingerprint = digest(
      input.items
        ? [payment.transaction_id, input.amount ?? null, input.items, input.restock ?? false]
        : [payment.transaction_id, input.amount ?? null],
    );
    if (input.idempotency_key) {
      const earlier = this.store.first(
        this.store.query.selectFrom('refunds').selectAll().where('idempotency_key', '=', input.idempotency_key),
      );
      if (earlier) {
        if (earlier.request_fingerprint !== fingerprint) {
          throw new OpError(
            'conflict',
            `idempotency_key was already used for a different refund (${earlier.refund_id}).`,
            [{ path: 'idempotency_key', message: 'Used for another request' }],
          );
        }
        return this.refundResult(earlier.refund_id);
      }
    }
    if (input.restock !== undefined && !input.items) {
      throw new OpError('invalid_input', 'restock goes with items: name the lines whose units come back.', [
        { path: 'restock', message: 'Only with items' },
      ]);
    }
    if (input.items && payment.order_id === null) {
      throw new OpError(
        'invalid_input',
        `Payment ${payment.transaction_id} is not for an order, so it has no lines: refund it by amount.`,
        [{ path: 'items', message: 'The payment has no order' }],
      );
    }
    if (refundable === 0) {
      throw new OpError('conflict', `Payment ${payment.transaction_id} is already refunded in full.`, [
        { path: 'transaction_id', message: 'Nothing left to refund' },
      ]);
    }
    const plan = input.items ? this.orders.refundPlan(payment.order_id!, input.items) : null;
    if (plan && input.amount === undefined && plan.amountMinor > refundable) {
      throw new OpError(
        'conflict',
        `These lines come to ${formatAmount(plan.amountMinor, payment.currency)} with tax, but only ` +
          `${formatAmount(refundable, payment.currency)} of payment ${payment.transaction_id} can be refunded; ` +
          'refund fewer units, or give a smaller amount.',
        [{ path: 'items', message: `More than the ${toMajorUnits(refundable, payment.currency)} refundable` }],
      );
    }
    const amountMinor =
      input.amount !== undefined
        ? minorOrThrow(input.amount, payment.currency, 'amount')
        : (plan?.amountMinor ?? refundable);
    if (amountMinor > refundable) {
      throw new OpError(
        'conflict',
        `Only ${formatAmount(refundable, payment.currency)} of payment ${payment.transaction_id} can be refunded ` +
          `(paid ${formatAmount(payment.amount_minor, payment.currency)}, refunded ${formatAmount(payment.refunded_minor, payment.currency)}).`,
        [{ path: 'amount', message: `At most ${toMajorUnits(refundable, payment.currency)}` }],
      );
    }
    const provider = this.providers.find((p) => p.name === payment.provider) ?? manualProvider;
    provider.refund({ amountMinor, currency: payment.currency, paymentReference: payment.reference });
    const refundId = `rfd_${randomBytes(10).toString('hex')}`;
    const { lastInsertRowid: refundRowId } = this.store.run(
      this.store.query.insertInto('refunds').values({
        refund_id: refundId,
        payment_id: payment.id,
        amount_minor: amountMinor,
        reason: input.reason ?? null,
        idempotency_key: input.idempotency_key ?? null,
        request_fingerprint: fingerprint,
        actor,
        created_at: this.clock.now().toISOString(),
      }),
    );
    this.store.run(
      this.store.query
        .updateTable('payments')
        .set({ refunded_minor: payment.refunded_minor + amountMinor })
        .where('id', '=', payment.id),
    );
    if (plan) this.orders.applyRefundLines(plan, { id: refundRowId, refundId }, input.restock ?? false, events, actor);
    if (payment.order_id !== null) this.orders.applyRefund(payment.order_id, amountMinor, refundId, events, actor);
    events.emit({ type: 'record.changed', entity: 'payment', id: payment.transaction_id, action: 'updated' });
    return this.refundResult(refundId);
  }

  get(transactionId: string): z.input<typeof Payment> {
    return this.toPayment(this.row(transactionId));
  }

  list(input: z.output<typeof listPayments.input>) {
    let query = this.store.query
      .selectFrom('payments')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.order_id !== undefined) query = query.where('order_id', '=', input.order_id);
    if (input.customer_id !== undefined) query = query.where('customer_id', '=', input.customer_id);
    if (input.cursor) {
      const [before] = decodeCursor('payments', input.cursor, ['number']) as [number];
      query = query.where('id', '<', before);
    }
    const rows = this.store.all(query);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => this.toPayment(r)),
      next_cursor: rows.length > input.limit && last ? encodeCursor('payments', [last.id]) : null,
    };
  }

  private refundResult(refundId: string) {
    const refund = this.store.first(
      this.store.query.selectFrom('refunds').selectAll().where('refund_id', '=', refundId),
    )!;
    const payment = this.store.first(
      this.store.query.selectFrom('payments').selectAll().where('id', '=', refund.payment_id),
    )!;
    const orderStatus =
      payment.order_id === null
        ? null
        : (this.store.first(this.store.query.selectFrom('orders').select('status').where('id', '=', payment.order_id))
            ?.status ?? null);
    return {
      refund_id: refund.refund_id,
      transaction_id: payment.transaction_id,
      amount: toMajorUnits(refund.amount_minor, payment.currency),
      currency: payment.currency,
      reason: refund.reason,
      items: this.refundLines([refund.id]).get(refund.id) ?? [],
      by: refund.actor,
      created_at: refund.created_at,
      payment: this.toPayment(payment),
      order_status: orderStatus,
    };
  }

  /** The order lines refunds named, by refund row id. */
  private refundLines(refundIds: readonly number[]) {
    const lines = new Map<
      number,
      { product_id: number; sku: string; name: string; quantity: number; restocked: number }[]
    >();
    if (refundIds.length === 0) return lines;
    const rows = this.store.all(
      this.store.query
        .selectFrom('refund_items as ri')
        .innerJoin('order_items as oi', 'oi.id', 'ri.order_item_id')
        .select(['ri.refund_id', 'oi.product_id', 'oi.sku', 'oi.name', 'ri.quantity', 'ri.restocked_quantity'])
        .where('ri.refund_id', 'in', refundIds)
        .orderBy('ri.id'),
    );
    for (const r of rows) {
      const list = lines.get(r.refund_id) ?? [];
      list.push({
        product_id: r.product_id,
        sku: r.sku,
        name: r.name,
        quantity: r.quantity,
        restocked: r.restocked_quantity,
      });
      lines.set(r.refund_id, list);
    }
    return lines;
  }

  private row(transactionId: string): PaymentRow {
    const row = this.store.first(
      this.store.query.selectFrom('payments').selectAll().where('transaction_id', '=', transactionId),
    );
    if (!row) {
      throw new OpError('not_found', `There is no payment with transaction_id ${transactionId}. See list_payments.`, [
        { path: 'transaction_id', message: 'No such payment' },
      ]);
    }
    return row;
  }

  private toPayment(row: PaymentRow): z.input<typeof Payment> {
    const refunds = this.store.all(
      this.store.query.selectFrom('refunds').selectAll().where('payment_id', '=', row.id).orderBy('id'),
    );
    const c = row.currency;
    const lines = this.refundLines(refunds.map((r) => r.id));
    return {
      transaction_id: row.transaction_id,
      order_id: row.order_id,
      customer_id: row.customer_id,
      customer_info: JSON.parse(row.customer_info) as Record<string, unknown>,
      amount: toMajorUnits(row.amount_minor, c),
      currency: c,
      payment_method: row.method,
      provider: row.provider,
      status: row.status,
      refunded: toMajorUnits(row.refunded_minor, c),
      refundable: toMajorUnits(row.amount_minor - row.refunded_minor, c),
      reference: row.reference,
      note: row.note,
      refunds: refunds.map((r) => ({
        refund_id: r.refund_id,
        transaction_id: row.transaction_id,
        amount: toMajorUnits(r.amount_minor, c),
        currency: c,
        reason: r.reason,
        items: lines.get(r.id) ?? [],
        by: r.actor,
        created_at: r.created_at,
      })),
      by: row.actor,
      created_at: row.created_at,
    };
  }

  private customerExists(id: number, path: string): void {
    try {
      this.customers.byId(id);
    } catch (error) {
      if (error instanceof OpError && error.code === 'not_found') {
        throw new OpError('not_found', `There is no customer with id ${id}.`, [{ path, message: 'No such customer' }]);
      }
      throw error;
    }
  }

  private customerInfo(id: number) {
    const c = this.customers.byId(id);
    return { customer_id: c.id, name: c.name, email: c.email };
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
