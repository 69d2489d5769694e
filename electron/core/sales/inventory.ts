import { sql } from 'kysely';
import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import type {
  adjustInventory,
  checkInventory,
  listStockMovements,
  Reservation,
  StockMovement,
} from '../../../shared/sales/inventory.js';
import type { ProductRef } from '../../../shared/sales/common.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { ReservationsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { ProductRow, ProductsService } from './products.js';

/** A hold without an order lapses after this unless the caller says otherwise (issue: 15 minutes). */
export const DEFAULT_HOLD_SECONDS = 15 * 60;

type ReservationRow = Omit<ReservationsTable, 'id'> & { id: number };
type Balance = { on_hand: number; reserved: number };
/** A hold taken on a product's balance whose reservation row and ledger line are still to be written. */
type Hold = { productId: number; quantity: number; after: Balance };
type Movement = {
  product: Pick<ProductRow, 'id'>;
  kind: string;
  onHand: number;
  reserved: number;
  reason?: string | null;
  orderId?: number | null;
  reservationId?: number | null;
  shipmentId?: number | null;
  actor: string;
};

/**
 * The stock ledger. products.on_hand and products.reserved are the running balances; every change
 * goes through `move`, which updates the balance with a guard in its WHERE clause (and the table's
 * CHECKs) and writes the movement. All of it runs inside the caller's IMMEDIATE transaction, which
 * SQLite serialises across processes too, so available stock can never go below zero.
 */
export class InventoryService {
  private readonly store: Store;
  private readonly products: ProductsService;
  private readonly clock: Clock;
  /** The ledger's hot statements, compiled once (Store.prepare). */
  private readonly queries;

  constructor(deps: { store: Store; products: ProductsService; clock: Clock }) {
    this.store = deps.store;
    this.products = deps.products;
    this.clock = deps.clock;
    this.queries = {
      // The guard: a hold never takes more than is available (the CHECKs hold it too).
      hold: this.store.prepare((q, id: number, quantity: number) =>
        q
          .updateTable('products')
          .set((eb) => ({ reserved: eb('reserved', '+', quantity) }))
          .where('id', '=', id)
          .where(sql<boolean>`on_hand - reserved >= ${quantity}`)
          .returning(['on_hand', 'reserved']),
      ),
      move: this.store.prepare((q, id: number, onHand: number, reserved: number) =>
        q
          .updateTable('products')
          .set((eb) => ({ on_hand: eb('on_hand', '+', onHand), reserved: eb('reserved', '+', reserved) }))
          .where('id', '=', id)
          .returning(['on_hand', 'reserved']),
      ),
      // Literal conditions, so that SQLite can use the partial index of holds with an expiry.
      dueForProduct: this.store.prepare((q, productId: number, now: string) =>
        q
          .selectFrom('reservations')
          .selectAll()
          .where(sql<boolean>`status = 'active' AND expires_at IS NOT NULL`)
          .where('product_id', '=', productId)
          .where('expires_at', '<=', now)
          .limit(1000),
      ),
      anyDue: this.store.prepare((q, now: string) =>
        q
          .selectFrom('reservations')
          .select('id')
          .where(sql<boolean>`status = 'active' AND expires_at IS NOT NULL AND expires_at <= ${now}`)
          .limit(1),
      ),
      reservation: this.store.prepare((q, id: number) => q.selectFrom('reservations').selectAll().where('id', '=', id)),
    };
  }

  check(input: z.output<typeof checkInventory.input>): z.input<typeof checkInventory.output> {
    const product = this.products.resolve(input.product_id);
    // A read cannot write the expiry, so lapsed holds are subtracted here and swept by the next write.
    const lapsed = this.lapsedQuantity(product.id);
    const reserved = product.reserved - lapsed;
    const available = product.on_hand - reserved;
    return {
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      status: product.status,
      on_hand: product.on_hand,
      reserved,
      available,
      quantity: input.quantity,
      enough: product.status === 'active' && available >= input.quantity,
    };
  }

  adjust(input: z.output<typeof adjustInventory.input>, events: EventSink, actor: string) {
    const product = this.products.resolve(input.product_id);
    const delta = input.change ?? (input.set_on_hand ?? 0) - product.on_hand;
    if (delta === 0 && input.set_on_hand !== undefined) {
      throw new OpError('conflict', `${product.sku} already has ${product.on_hand} on hand: nothing to adjust.`);
    }
    this.expireDue(product.id, actor, events);
    const fresh = this.products.row(product.id);
    if (fresh.on_hand + delta < fresh.reserved) {
      throw new OpError(
        'conflict',
        `${product.sku} has ${fresh.on_hand} on hand and ${fresh.reserved} reserved: on hand cannot go below what is ` +
          `reserved (the change would leave ${fresh.on_hand + delta}). Release reservations or cancel orders first.`,
        [{ path: input.change !== undefined ? 'change' : 'set_on_hand', message: 'Below reserved stock' }],
      );
    }
    const note = input.note ? `${input.reason}: ${input.note}` : input.reason;
    const movementId = this.move({
      product: fresh,
      kind: 'adjustment',
      onHand: delta,
      reserved: 0,
      reason: note,
      actor,
    });
    events.emit({ type: 'record.changed', entity: 'product', id: product.id, action: 'updated' });
    const after = this.products.row(product.id);
    return { product_id: product.id, movement_id: movementId, ...stockOf(after) };
  }

  /** Holds stock. Throws a conflict naming what is available when there is not enough. */
  reserve(
    request: { product: ProductRef | ProductRow; quantity: number; orderId: number | null; expiresIn: number | null },
    events: EventSink,
    actor: string,
    path = 'product_id',
  ): z.input<typeof Reservation> {
    const product =
      typeof request.product === 'object' ? request.product : this.products.resolve(request.product, path);
    if (product.status !== 'active') {
      throw new OpError('conflict', `${product.sku} (${product.name}) is archived and cannot be reserved or sold.`, [
        { path, message: 'Archived product' },
      ]);
    }
    this.expireDue(product.id, actor, events);
    const now = this.clock.now();
    const hold = this.hold(product.id, request.quantity, path);
    const expiresAt =
      request.expiresIn === null ? null : new Date(now.getTime() + request.expiresIn * 1000).toISOString();
    const [reservationId] = this.writeHolds([hold], request.orderId, expiresAt, actor, now.toISOString());
    events.emit({ type: 'record.changed', entity: 'product', id: product.id, action: 'updated' });
    return this.reservation(reservationId!);
  }

  /**
   * Holds stock for each line of a new order, in order; the first short line throws its conflict
   * (and the caller's transaction takes the order and the earlier holds back). The same ledger,
   * events and errors as `reserve` line by line, in fewer statements: the reservation rows and
   * ledger lines are written together at the end.
   */
  holdForOrder(
    lines: readonly { product: ProductRow; quantity: number; path: string }[],
    orderId: number,
    events: EventSink,
    actor: string,
  ): void {
    const now = this.clock.now().toISOString();
    // Lapsed holds are ended before a product's stock is counted, as `reserve` does. There rarely
    // are any (the sweeper ends them within 30 s): one probe of the partial index of holds with an
    // expiry says whether to look per product.
    const due = this.queries.anyDue.first(now) !== undefined;
    const holds: Hold[] = [];
    for (const line of lines) {
      if (due) this.expireDue(line.product.id, actor, events);
      holds.push(this.hold(line.product.id, line.quantity, line.path));
      // Written at once when expiries are going into the ledger meanwhile: its lines keep the order
      // that reserving line by line gives them.
      if (due) this.writeHolds(holds.splice(0), orderId, null, actor, now);
      events.emit({ type: 'record.changed', entity: 'product', id: line.product.id, action: 'updated' });
    }
    this.writeHolds(holds, orderId, null, actor, now);
  }

  /** Takes `quantity` of a product's available stock into its reserved balance, or throws the conflict. */
  private hold(productId: number, quantity: number, path: string): Hold {
    const after = this.queries.hold.first(productId, quantity);
    if (!after) {
      const current = this.products.row(productId);
      const available = current.on_hand - current.reserved;
      throw new OpError(
        'conflict',
        `Not enough stock of ${current.sku} (${current.name}): ${quantity} wanted, ${available} available ` +
          `(${current.on_hand} on hand, ${current.reserved} reserved).`,
        [{ path, message: `Only ${available} available` }],
      );
    }
    return { productId, quantity, after };
  }

  /** The reservation rows and ledger lines of holds already taken; returns the reservation ids. */
  private writeHolds(
    holds: readonly Hold[],
    orderId: number | null,
    expiresAt: string | null,
    actor: string,
    now: string,
  ): number[] {
    if (holds.length === 0) return [];
    const ids = this.store
      .insertRows(
        'reservations',
        holds.map((h) => ({
          product_id: h.productId,
          order_id: orderId,
          quantity: h.quantity,
          status: 'active',
          expires_at: expiresAt,
          actor,
          created_at: now,
          ended_at: null,
        })),
        ['id'],
      )
      .map((r) => r.id);
    const at = this.clock.now().toISOString();
    this.store.insertRows(
      'stock_movements',
      holds.map((h, i) =>
        ledgerLine(
          {
            product: { id: h.productId },
            kind: 'reservation',
            onHand: 0,
            reserved: h.quantity,
            orderId,
            reservationId: ids[i],
            actor,
          },
          h.after,
          at,
        ),
      ),
    );
    return ids;
  }

  release(reservationId: number, events: EventSink, actor: string): z.input<typeof Reservation> {
    const row = this.reservationRow(reservationId);
    if (row.status !== 'active') {
      throw new OpError(
        'conflict',
        `Reservation ${reservationId} is already ${row.status}: there is nothing to release.`,
      );
    }
    if (row.expires_at !== null && row.expires_at <= this.clock.now().toISOString()) {
      this.expireDue(row.product_id, actor, events);
      return this.reservation(reservationId);
    }
    this.end(row, 'released', actor);
    events.emit({ type: 'record.changed', entity: 'product', id: row.product_id, action: 'updated' });
    return this.reservation(reservationId);
  }

  /** Releases every active hold of an order (cancelled, or refunded before it shipped). */
  releaseOrder(orderId: number, events: EventSink, actor: string): void {
    const rows = this.store.all(
      this.store.query
        .selectFrom('reservations')
        .selectAll()
        .where('order_id', '=', orderId)
        .where('status', '=', 'active'),
    );
    for (const row of rows) {
      this.end(row, 'released', actor);
      events.emit({ type: 'record.changed', entity: 'product', id: row.product_id, action: 'updated' });
    }
  }

  /**
   * Turns `quantity` units of an order's holds on a product into a stock decrement (the parcel left).
   * Units not held (a hold that lapsed) are taken from available stock, or the shipment is refused.
   */
  ship(
    request: { orderId: number; productId: number; quantity: number; shipmentId: number },
    events: EventSink,
    actor: string,
  ): void {
    let left = request.quantity;
    const holds = this.store.all(
      this.store.query
        .selectFrom('reservations')
        .selectAll()
        .where('order_id', '=', request.orderId)
        .where('product_id', '=', request.productId)
        .where('status', '=', 'active')
        .orderBy('id'),
    );
    const now = this.clock.now().toISOString();
    for (const hold of holds) {
      if (left === 0) break;
      const take = Math.min(hold.quantity, left);
      const remaining = hold.quantity - take;
      this.store.run(
        this.store.query
          .updateTable('reservations')
          .set(
            remaining === 0 ? { quantity: hold.quantity, status: 'consumed', ended_at: now } : { quantity: remaining },
          )
          .where('id', '=', hold.id),
      );
      this.move({
        product: { id: request.productId },
        kind: 'shipment',
        onHand: -take,
        reserved: -take,
        orderId: request.orderId,
        reservationId: hold.id,
        shipmentId: request.shipmentId,
        actor,
      });
      left -= take;
    }
    if (left > 0) {
      const product = this.products.row(request.productId);
      if (product.on_hand - product.reserved < left) {
        throw new OpError(
          'conflict',
          `Cannot ship ${request.quantity} of ${product.sku}: its hold covers fewer and only ` +
            `${product.on_hand - product.reserved} more are available.`,
        );
      }
      this.move({
        product,
        kind: 'shipment',
        onHand: -left,
        reserved: 0,
        orderId: request.orderId,
        shipmentId: request.shipmentId,
        actor,
      });
    }
    events.emit({ type: 'record.changed', entity: 'product', id: request.productId, action: 'updated' });
  }

  /**
   * Ends `quantity` units of an order's holds on a product (units refunded before they shipped): the
   * newest holds first, each ended or shortened, with a release line in the ledger.
   */
  releaseUnits(
    request: { orderId: number; productId: number; quantity: number; reason: string },
    events: EventSink,
    actor: string,
  ): void {
    let left = request.quantity;
    const holds = this.store.all(
      this.store.query
        .selectFrom('reservations')
        .selectAll()
        .where('order_id', '=', request.orderId)
        .where('product_id', '=', request.productId)
        .where('status', '=', 'active')
        .orderBy('id', 'desc'),
    );
    const now = this.clock.now().toISOString();
    for (const hold of holds) {
      if (left === 0) break;
      const take = Math.min(hold.quantity, left);
      this.store.run(
        this.store.query
          .updateTable('reservations')
          .set(take === hold.quantity ? { status: 'released', ended_at: now } : { quantity: hold.quantity - take })
          .where('id', '=', hold.id),
      );
      this.move({
        product: { id: request.productId },
        kind: 'release',
        onHand: 0,
        reserved: -take,
        reason: request.reason,
        orderId: request.orderId,
        reservationId: hold.id,
        actor,
      });
      left -= take;
    }
    events.emit({ type: 'record.changed', entity: 'product', id: request.productId, action: 'updated' });
  }

  /** Units that had shipped and came back (a refund with restock): on hand again. */
  restock(
    request: { orderId: number; productId: number; quantity: number; reason: string },
    events: EventSink,
    actor: string,
  ): void {
    this.move({
      product: { id: request.productId },
      kind: 'restock',
      onHand: request.quantity,
      reserved: 0,
      reason: request.reason,
      orderId: request.orderId,
      actor,
    });
    events.emit({ type: 'record.changed', entity: 'product', id: request.productId, action: 'updated' });
  }

  /** Ends holds whose time is up: for one product (before a write that depends on it), or all. */
  expireDue(productId: number | null, actor: string, events: EventSink | null): number {
    const now = this.clock.now().toISOString();
    const due =
      productId !== null
        ? this.queries.dueForProduct.all(productId, now)
        : this.store.all(
            this.store.query
              .selectFrom('reservations')
              .selectAll()
              .where(sql<boolean>`status = 'active' AND expires_at IS NOT NULL`)
              .where('expires_at', '<=', now)
              .limit(1000),
          );
    for (const row of due) {
      this.end(row, 'expired', actor);
      events?.emit({ type: 'record.changed', entity: 'product', id: row.product_id, action: 'updated' });
    }
    return due.length;
  }

  nextExpiry(): string | null {
    return (
      this.store.first(
        this.store.query
          .selectFrom('reservations')
          .select((eb) => eb.fn.min('expires_at').as('next'))
          .where(sql<boolean>`status = 'active' AND expires_at IS NOT NULL`),
      )?.next ?? null
    );
  }

  movements(input: z.output<typeof listStockMovements.input>) {
    const product = this.products.resolve(input.product_id);
    let query = this.store.query
      .selectFrom('stock_movements')
      .selectAll()
      .where('product_id', '=', product.id)
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.cursor) {
      const [before] = decodeCursor('stock_movements', input.cursor, ['number']) as [number];
      query = query.where('id', '<', before);
    }
    const rows = this.store.all(query) as z.input<typeof StockMovement>[];
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items,
      next_cursor: rows.length > input.limit && last ? encodeCursor('stock_movements', [last.id]) : null,
    };
  }

  reservation(id: number): z.input<typeof Reservation> {
    const row = this.reservationRow(id);
    const product = this.products.row(row.product_id);
    return {
      id: row.id,
      product_id: row.product_id,
      order_id: row.order_id,
      quantity: row.quantity,
      status: row.status,
      expires_at: row.expires_at,
      created_at: row.created_at,
      stock: stockOf(product),
    };
  }

  private reservationRow(id: number): ReservationRow {
    const row = this.queries.reservation.first(id);
    if (!row) {
      throw new OpError('not_found', `There is no reservation with id ${id}.`, [
        { path: 'reservation_id', message: 'No such reservation' },
      ]);
    }
    return row;
  }

  private end(row: ReservationRow, status: 'released' | 'expired', actor: string): void {
    const ended = this.store.run(
      this.store.query
        .updateTable('reservations')
        .set({ status, ended_at: this.clock.now().toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'active'),
    );
    if (ended.changes === 0) return;
    this.move({
      product: { id: row.product_id },
      kind: status === 'expired' ? 'expiry' : 'release',
      onHand: 0,
      reserved: -row.quantity,
      orderId: row.order_id,
      reservationId: row.id,
      actor,
    });
  }

  private lapsedQuantity(productId: number): number {
    return (
      this.store.first(
        this.store.query
          .selectFrom('reservations')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('lapsed'))
          .where(sql<boolean>`status = 'active' AND expires_at IS NOT NULL`)
          .where('product_id', '=', productId)
          .where('expires_at', '<=', this.clock.now().toISOString()),
      )?.lapsed ?? 0
    );
  }

  /** Applies a change to the balances and records it. */
  private move(movement: Movement): number {
    const after = this.queries.move.first(movement.product.id, movement.onHand, movement.reserved);
    if (!after) throw new OpError('not_found', `There is no product with id ${movement.product.id}.`);
    return this.store.insertRow('stock_movements', ledgerLine(movement, after, this.clock.now().toISOString()))
      .lastInsertRowid;
  }
}

/** The ledger line for a change already applied to a product whose balances are now `after`. */
function ledgerLine(movement: Movement, after: Balance, at: string) {
  return {
    product_id: movement.product.id,
    kind: movement.kind,
    on_hand_delta: movement.onHand,
    reserved_delta: movement.reserved,
    on_hand_after: after.on_hand,
    reserved_after: after.reserved,
    reason: movement.reason ?? null,
    order_id: movement.orderId ?? null,
    reservation_id: movement.reservationId ?? null,
    shipment_id: movement.shipmentId ?? null,
    actor: movement.actor,
    at,
  };
}

export function stockOf(row: ProductRow): { on_hand: number; reserved: number; available: number } {
  return { on_hand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved };
}
