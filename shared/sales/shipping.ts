import { z } from 'zod';
import { Address } from '../customers.js';
import { defineContract } from '../operation.js';
import { CountryCode, CurrencyCode, IdLike, Timestamp } from '../schemas.js';
import { Amount, Money, ProductRef, Quantity, ShortText } from './common.js';
import { SHIPPING_SERVICES, ServiceName, ShippingService } from './orders.js';

/** What an item may say about itself; other keys (the seed's `name`, say) are ignored and named in `warnings`. */
const ITEM_KEYS = new Set(['product_id', 'weight', 'price', 'quantity']);

export const ShippingItem = z
  .object({
    product_id: ProductRef.optional(),
    weight: z
      .number()
      .finite()
      .min(0, 'weight cannot be negative')
      .max(100_000)
      .optional()
      .describe('kg per unit (1 without product_id)'),
    price: Amount.optional().describe('Declared value per unit, in major units'),
    quantity: Quantity.default(1),
  })
  .catchall(z.unknown())
  .transform(({ product_id, weight, price, quantity, ...rest }) => ({
    ...(product_id !== undefined && { product_id }),
    ...(weight !== undefined && { weight }),
    ...(price !== undefined && { price }),
    quantity,
    /** Keys the item had that mean nothing here, for the answer's warnings. */
    ignored: Object.keys(rest).filter((key) => !ITEM_KEYS.has(key)),
  }));

const part = (label: string, max = 200) => z.string().trim().max(max, `${label} is at most ${max} characters`);

/** The common spellings of an address's parts, and the part each one is. */
export const ADDRESS_ALIASES = { street: 'line1', address: 'line1', state: 'region', zip: 'postal_code' } as const;

/** Where a parcel goes: any part of an address (country and postal code are enough to quote). */
export const Destination = Address.partial();
export type Destination = z.infer<typeof Destination>;

/**
 * A destination as callers give it: a single line, or an object with any of line1, line2, city, region,
 * postal_code, country, or their common spellings street / address (line1), state (region), zip
 * (postal_code). Answers echo it normalised.
 */
export const DestinationInput = z
  .union([
    part('destination')
      .min(1, 'destination cannot be empty')
      .transform((line1): Destination => ({ line1 })),
    z
      .strictObject({
        line1: part('line1').optional(),
        line2: part('line2').optional(),
        city: part('city', 100).optional(),
        region: part('region', 100).optional(),
        postal_code: part('postal_code', 20).optional(),
        country: CountryCode.optional(),
        street: part('street').optional(),
        address: part('address').optional(),
        state: part('state', 100).optional(),
        zip: part('zip', 20).optional(),
      })
      .superRefine((given, ctx) => {
        const seen = new Map<string, string>();
        for (const [key, value] of Object.entries(given)) {
          if (value === undefined) continue;
          const target = (ADDRESS_ALIASES as Record<string, string>)[key] ?? key;
          const other = seen.get(target);
          if (other !== undefined) {
            ctx.addIssue({
              code: 'custom',
              message: `${other} and ${key} are the same part (${target}): give one`,
              path: [key],
            });
          }
          seen.set(target, key);
        }
        if (Object.values(given).every((value) => !value)) {
          ctx.addIssue({
            code: 'custom',
            message: 'give at least one part of the address, such as country and postal_code',
          });
        }
      })
      .transform((given): Destination => {
        const normalised: Record<string, string> = {};
        for (const [key, value] of Object.entries(given)) {
          if (value !== undefined) normalised[(ADDRESS_ALIASES as Record<string, string>)[key] ?? key] = value;
        }
        return normalised as Destination;
      }),
  ])
  .describe('Any parts of an address, or one line; street/address = line1, state = region, zip = postal_code');

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

// The destination is an address (customers' data): in the input, so in the activity log, and echoed in the
// answer, where it is withheld (null) from a caller who may not see customers; the quotes carry none.
export const calculateShipping = defineContract({
  name: 'calculate_shipping',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  redacts: ['customers'],
  title: 'Calculate shipping',
  description:
    'Quote shipping for items to a destination from the rate table (default: 10 + 0.5/kg + 2% of value; ' +
    'express ×1.5, overnight ×2). Items give product_id or weight and price; unused keys are ignored with a ' +
    'warning. Without `service`, quotes every service. Returns { items, destination, warnings }.',
  input: z.strictObject({
    items: z.array(ShippingItem).min(1, 'give at least one item').max(200),
    destination: DestinationInput,
    service: ServiceName.optional(),
    currency: CurrencyCode.optional().describe('Currency of prices given here (default: the products’, or settings)'),
  }),
  output: z.object({
    items: z.array(ShippingQuote),
    next_cursor: z.null(),
    destination: Destination.nullable().describe('As understood; null when customers are not shared with assistants'),
    warnings: z.array(z.string()),
  }),
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
  destination: Destination.nullable().describe('null when the person has not shared customers with assistants'),
  items: z.array(
    z.object({ product_id: z.number().int().nullable(), quantity: z.number().int(), weight_kg: z.number() }),
  ),
  weight_kg: z.number(),
  declared_value: Money,
  cost: Money,
  currency: z.string(),
  history: z.array(
    z.object({
      status: z.string(),
      note: z.string().nullable(),
      tracking: z.string().optional().describe('The tracking number given at this step'),
      by: z.string(),
      at: Timestamp,
    }),
  ),
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
    'Record a parcel sent with `service`, priced from the rate table. With `order_id` (paid or processing): ' +
    'items default to what is left to ship, the destination to the order’s address; reserved stock leaves ' +
    'the shelf, and a fully shipped order becomes "shipped". Returns the shipment and `warnings`.',
  input: z.strictObject({
    items: z.array(ShippingItem).min(1).max(200).optional(),
    destination: DestinationInput.optional(),
    service: ServiceName,
    order_id: IdLike.optional(),
    carrier: ShortText('carrier', 100).optional(),
    tracking: ShortText('tracking', 200).optional(),
  }),
  output: Shipment.extend({ warnings: z.array(z.string()) }),
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
    'Record tracking progress: created → in_transit → delivered (or returned / lost). When every shipment ' +
    'of an order is delivered, the order moves to "delivered".',
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
