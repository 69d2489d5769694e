import { z } from 'zod';
import { defineContract } from '../operation.js';
import { Cursor, IdLike, Limit, Timestamp, listOf } from '../schemas.js';
import { ProductRef, Quantity, ShortText } from './common.js';
import { Stock } from './products.js';

export const checkInventory = defineContract({
  name: 'check_inventory',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Check inventory',
  description:
    'How many units of a product are on hand, reserved and available, and whether `quantity` (default 1) ' +
    'can be sold now. Reservations past their expiry are not counted. Use before promising stock to a customer.',
  input: z.strictObject({ product_id: ProductRef, quantity: Quantity.default(1) }),
  output: Stock.extend({
    product_id: z.number().int(),
    sku: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    enough: z.boolean().describe('available ≥ quantity and the product is not archived'),
    status: z.string(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const ADJUSTMENT_REASONS = ['received', 'returned', 'count', 'damaged', 'lost', 'correction'] as const;

export const adjustInventory = defineContract({
  name: 'adjust_inventory',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Adjust inventory',
  description:
    'Record a stock movement: `change` adds (received goods, returns) or removes (damage, loss) units, or ' +
    '`set_on_hand` sets the counted quantity (a stock take). `reason` is required and kept in the stock ledger ' +
    'with a note. Stock on hand cannot go below what is reserved (release reservations first). Returns the new stock.',
  input: z
    .strictObject({
      product_id: ProductRef,
      change: z
        .number({ error: 'change must be a whole number of units, like 5 or -2' })
        .int('change must be a whole number')
        .min(-1_000_000_000)
        .max(1_000_000_000)
        .refine((v) => v !== 0, 'change cannot be 0')
        .optional(),
      set_on_hand: z
        .number({ error: 'set_on_hand must be a whole number of units' })
        .int('set_on_hand must be a whole number')
        .min(0, 'set_on_hand cannot be negative')
        .max(1_000_000_000)
        .optional(),
      reason: z.enum(ADJUSTMENT_REASONS, { error: `reason must be one of ${ADJUSTMENT_REASONS.join(', ')}` }),
      note: ShortText('note', 500).optional(),
    })
    .refine((v) => (v.change === undefined) !== (v.set_on_hand === undefined), {
      message: 'Give either change or set_on_hand',
      path: ['change'],
    }),
  output: Stock.extend({ product_id: z.number().int(), movement_id: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const Reservation = z.object({
  id: z.number().int(),
  product_id: z.number().int(),
  order_id: z.number().int().nullable(),
  quantity: z.number().int(),
  status: z.enum(['active', 'released', 'expired', 'consumed']),
  expires_at: Timestamp.nullable(),
  created_at: Timestamp,
  stock: Stock,
});

export const reserveInventory = defineContract({
  name: 'reserve_inventory',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Reserve inventory',
  description:
    'Hold `quantity` units of a product; fewer available is a conflict that changes nothing. Without ' +
    '`order_id` the hold expires after `expires_in` s (default 900); with it, it lasts until the order ships ' +
    'or is cancelled. create_order reserves by itself. Returns the reservation and the stock.',
  input: z.strictObject({
    product_id: ProductRef,
    quantity: Quantity,
    order_id: IdLike.optional(),
    expires_in: z
      .number()
      .int('expires_in is a whole number of seconds')
      .min(10, 'expires_in is at least 10 seconds')
      .max(30 * 24 * 3600, 'expires_in is at most 30 days')
      .optional(),
  }),
  output: Reservation,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const releaseReservation = defineContract({
  name: 'release_reservation',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Release reservation',
  description:
    'End an active stock reservation early, making its units available again. Returns the released reservation.',
  input: z.strictObject({ reservation_id: IdLike }),
  output: Reservation,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const StockMovement = z.object({
  id: z.number().int(),
  product_id: z.number().int(),
  kind: z.string().describe('receipt, adjustment, reservation, release, expiry, shipment, restock'),
  on_hand_delta: z.number().int(),
  reserved_delta: z.number().int(),
  on_hand_after: z.number().int(),
  reserved_after: z.number().int(),
  reason: z.string().nullable(),
  order_id: z.number().int().nullable(),
  reservation_id: z.number().int().nullable(),
  shipment_id: z.number().int().nullable(),
  actor: z.string(),
  at: Timestamp,
});

export const listStockMovements = defineContract({
  name: 'list_stock_movements',
  domain: 'sales',
  reveals: ['sales'],
  title: 'List stock movements',
  description:
    'The stock ledger of one product, newest first: every receipt, adjustment, reservation, release, expiry ' +
    'and shipment with who made it and the stock after it.',
  input: z.strictObject({ product_id: ProductRef, limit: Limit(50, 500), cursor: Cursor.optional() }),
  output: listOf(StockMovement),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const inventoryContracts = [
  checkInventory,
  adjustInventory,
  reserveInventory,
  releaseReservation,
  listStockMovements,
] as const;
