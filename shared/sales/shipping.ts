import { z } from 'zod';
import { Address, AddressInput } from '../customers.js';
import { defineContract } from '../operation.js';
import { CurrencyCode, IdLike, Timestamp } from '../schemas.js';
import { Amount, Money, ProductRef, Quantity, ShortText } from './common.js';
import { SHIPPING_SERVICES, ShippingService } from './orders.js';

export const ShippingItem = z
  .strictObject({
    product_id: ProductRef.optional(),
    weight: z.number().finite().min(0, 'weight cannot be negative').max(100_000).optional().describe('kg per unit'),
    price: Amount.optional().describe('Declared value per unit, in major units'),
    quantity: Quantity.default(1),
  })
  .refine((v) => v.product_id !== undefined || v.weight !== undefined, {
    message: 'Give product_id, or weight (kg) for an item not in the catalog',
    path: ['weight'],
  });

export const ShippingQuote = z.object({
  service: z.string(),
  label: z.string(),
  currency: z.string(),
  cost: Money,
  weight_kg: z.number(),
  declared_value: Money,
  breakdown: z.object({
    base: Money,
    weight: Money,
    value: Money,
    multiplier: z.number().describe('Service multiplier, e.g. 1.5 for express'),
  }),
});

// The destination is an address (customers' data) in the input, so in the activity log; the quote
// carries none, so it serves an assistant without customers as it is.
export const calculateShipping = defineContract({
  name: 'calculate_shipping',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Calculate shipping',
  description:
    'Quote shipping for items to a destination from the rate table the person edits (default: 10 + 0.5 per kg ' +
    '+ 2% of declared value; express ×1.5, overnight ×2; rounded half up to the currency’s minor unit). Items ' +
    'give product_id (weight and price from the catalog) or weight in kg and price per unit. Without `service`, ' +
    'quotes every service. Returns { items: quotes }.',
  input: z.strictObject({
    items: z.array(ShippingItem).min(1, 'give at least one item').max(200),
    destination: AddressInput,
    service: ShippingService.optional(),
    currency: CurrencyCode.optional().describe('Currency of prices given here (default: the products’, or settings)'),
  }),
  output: z.object({ items: z.array(ShippingQuote), next_cursor: z.null() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const SHIPMENT_STATUSES = ['created', 'in_transit', 'delivered', 'returned', 'lost'] as const;
export const ShipmentStatus = z.enum(SHIPMENT_STATUSES, {
  error: `status must be one of ${SHIPMENT_STATUSES.join(', ')}`,
});

export const Shipment = z.object({
  id: z.number().int(),
  order_id: z.number().int().nullable(),
  service: z.string(),
  carrier: z.string().nullable(),
  tracking: z.string().nullable(),
  status: ShipmentStatus,
  destination: Address.nullable().describe('null when the person has not shared customers with assistants'),
  items: z.array(
    z.object({ product_id: z.number().int().nullable(), quantity: z.number().int(), weight_kg: z.number() }),
  ),
  weight_kg: z.number(),
  declared_value: Money,
  cost: Money,
  currency: z.string(),
  history: z.array(z.object({ status: z.string(), note: z.string().nullable(), by: z.string(), at: Timestamp })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

// A shipment's destination is usually its customer's address: withheld (null) without customers.
export const createShipment = defineContract({
  name: 'create_shipment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Create shipment',
  description:
    'Record a parcel sent with `service`, priced from the rate table. With `order_id` (the order must be paid ' +
    'or processing) items default to what is not yet shipped and the destination to the order’s address; the ' +
    'reserved stock becomes a stock decrement, and once everything is shipped the order moves to "shipped". ' +
    'Returns the shipment with its id.',
  input: z.strictObject({
    items: z.array(ShippingItem).min(1).max(200).optional(),
    destination: AddressInput.optional(),
    service: ShippingService,
    order_id: IdLike.optional(),
    carrier: ShortText('carrier', 100).optional(),
    tracking: ShortText('tracking', 200).optional(),
  }),
  output: Shipment,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const getShipment = defineContract({
  name: 'get_shipment',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Get shipment',
  description: 'Read one shipment with its items, cost, tracking and status history.',
  input: z.strictObject({ shipment_id: IdLike }),
  output: Shipment,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const updateShipmentStatus = defineContract({
  name: 'update_shipment_status',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Update shipment status',
  description:
    'Record tracking progress: created → in_transit → delivered (or returned / lost). When every shipment of ' +
    'an order is delivered, the order moves to "delivered". Returns the shipment.',
  input: z.strictObject({
    shipment_id: IdLike,
    status: ShipmentStatus,
    note: ShortText('note', 500).optional(),
    tracking: ShortText('tracking', 200).optional(),
  }),
  output: Shipment,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
});

export const ShippingRate = z.object({
  service: z.enum(SHIPPING_SERVICES),
  label: z.string(),
  base: Money,
  per_kg: Money,
  value_percent: z.number().describe('Percent of the declared value'),
  multiplier: z.number(),
});

export const getShippingRates = defineContract({
  name: 'get_shipping_rates',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Get shipping rates',
  description:
    'The shipping rate table for a currency (default: settings currency): base, per kg, percent of declared ' +
    'value and multiplier per service, and whether it is the default table.',
  input: z.strictObject({ currency: CurrencyCode.optional() }),
  output: z.object({ currency: z.string(), is_default: z.boolean(), rates: z.array(ShippingRate) }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const updateShippingRates = defineContract({
  name: 'update_shipping_rates',
  domain: 'sales',
  reveals: ['sales'],
  title: 'Update shipping rates',
  description:
    'Replace the rate table of a currency (every service must be given). Quotes and new orders use it at ' +
    'once; existing orders and shipments keep their cost. Returns the table.',
  input: z.strictObject({
    currency: CurrencyCode.optional(),
    rates: z
      .array(
        z.strictObject({
          service: ShippingService,
          label: ShortText('label', 50).min(1).optional(),
          base: Amount,
          per_kg: Amount,
          value_percent: z.number().finite().min(0).max(100),
          multiplier: z.number().finite().min(0.01).max(100),
        }),
      )
      .length(SHIPPING_SERVICES.length, `give a rate for each service: ${SHIPPING_SERVICES.join(', ')}`),
  }),
  output: z.object({ currency: z.string(), is_default: z.boolean(), rates: z.array(ShippingRate) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
});

export const shippingContracts = [
  calculateShipping,
  createShipment,
  getShipment,
  updateShipmentStatus,
  getShippingRates,
  updateShippingRates,
] as const;
