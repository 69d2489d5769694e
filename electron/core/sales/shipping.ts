import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { currencyExponent, toMajorUnits } from '../../../shared/money.js';
import { SHIPPING_SERVICES } from '../../../shared/sales/orders.js';
import type {
  Destination,
  Shipment,
  ShippingQuote,
  ShippingItem,
  createShipment,
  updateShipmentStatus,
  updateShippingRates,
} from '../../../shared/sales/shipping.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { ShipmentsTable, ShippingRatesTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import { minorOrThrow } from './money.js';
import type { ProductsService } from './products.js';

type Service = (typeof SHIPPING_SERVICES)[number];
type Rate = Omit<ShippingRatesTable, 'updated_at'>;
type ShipmentRow = Omit<ShipmentsTable, 'id'> & { id: number };

/** A parcel's contents, resolved to grams and minor units. */
export interface Parcel {
  currency: string;
  weightGrams: number;
  valueMinor: number;
  lines: { product_id: number | null; quantity: number; weight_grams: number }[];
}

const LABELS: Record<Service, string> = { standard: 'Standard', express: 'Express', overnight: 'Overnight' };
const MULTIPLIERS: Record<Service, number> = { standard: 100, express: 150, overnight: 200 };

/** The seed's formula, in any currency's major units: 10 + 0.5 per kg + 2% of the declared value. */
function defaultRates(currency: string): Rate[] {
  const unit = 10 ** currencyExponent(currency);
  return SHIPPING_SERVICES.map((service) => ({
    service,
    currency,
    label: LABELS[service],
    base_minor: 10 * unit,
    per_kg_minor: Math.round(0.5 * unit),
    value_bps: 200,
    multiplier_pct: MULTIPLIERS[service],
  }));
}

/**
 * cost = (base + per_kg × kg + value × bps/10000) × multiplier%, rounded half up once, at the end,
 * in integer arithmetic (BigInt: grams × per-kg × 10⁷ outgrows 2⁵³ for heavy, valuable parcels).
 */
export function shippingCostMinor(rate: Rate, weightGrams: number, valueMinor: number): number {
  const scale = 1000n * 10000n; // grams per kg × basis points
  const numerator =
    (BigInt(rate.base_minor) * scale +
      BigInt(rate.per_kg_minor) * BigInt(weightGrams) * 10000n +
      BigInt(valueMinor) * BigInt(rate.value_bps) * 1000n) *
    BigInt(rate.multiplier_pct);
  const denominator = scale * 100n;
  return Number((numerator * 2n + denominator) / (2n * denominator));
}

export class ShippingService {
  private readonly store: Store;
  private readonly settings: SettingsService;
  private readonly products: ProductsService;
  private readonly clock: Clock;
  /** Read for every order that ships: compiled once. */
  private readonly ratesQuery;

  constructor(deps: { store: Store; settings: SettingsService; products: ProductsService; clock: Clock }) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.products = deps.products;
    this.clock = deps.clock;
    this.ratesQuery = this.store.prepare((q, currency: string) =>
      q.selectFrom('shipping_rates').selectAll().where('currency', '=', currency),
    );
  }

  rates(currency: string): { rates: Rate[]; isDefault: boolean } {
    const rows = this.ratesQuery.all(currency);
    if (rows.length === 0) return { rates: defaultRates(currency), isDefault: true };
    const byService = new Map(rows.map((r) => [r.service, r]));
    return {
      rates: SHIPPING_SERVICES.map((s) => byService.get(s) ?? defaultRates(currency).find((d) => d.service === s)!),
      isDefault: false,
    };
  }

  rateTable(currency: string | undefined) {
    const code = currency ?? this.settings.get().currency;
    const { rates, isDefault } = this.rates(code);
    return {
      currency: code,
      is_default: isDefault,
      rates: rates.map((r) => ({
        service: r.service as Service,
        label: r.label,
        base: toMajorUnits(r.base_minor, code),
        per_kg: toMajorUnits(r.per_kg_minor, code),
        value_percent: r.value_bps / 100,
        multiplier: r.multiplier_pct / 100,
      })),
    };
  }

  updateRates(input: z.output<typeof updateShippingRates.input>, events: EventSink) {
    const currency = input.currency ?? this.settings.get().currency;
    const services = new Set(input.rates.map((r) => r.service));
    if (services.size !== SHIPPING_SERVICES.length) {
      throw new OpError('invalid_input', `Give each service once: ${SHIPPING_SERVICES.join(', ')}.`, [
        { path: 'rates', message: 'Each service once' },
      ]);
    }
    const now = this.clock.now().toISOString();
    this.store.run(this.store.query.deleteFrom('shipping_rates').where('currency', '=', currency));
    input.rates.forEach((rate, i) => {
      this.store.run(
        this.store.query.insertInto('shipping_rates').values({
          service: rate.service,
          currency,
          label: rate.label ?? LABELS[rate.service],
          base_minor: minorOrThrow(rate.base, currency, `rates.${i}.base`),
          per_kg_minor: minorOrThrow(rate.per_kg, currency, `rates.${i}.per_kg`),
          value_bps: Math.round(rate.value_percent * 100),
          multiplier_pct: Math.round(rate.multiplier * 100),
          updated_at: now,
        }),
      );
    });
    events.emit({ type: 'record.changed', entity: 'shipping_rates', id: currency, action: 'updated' });
    return this.rateTable(currency);
  }

  /**
   * A service as a caller names it: standard, express or overnight in any case, or a label of the rate
   * table of `currency` ("Standard", or one the person chose), also in any case.
   */
  serviceNamed(name: string, currency: string, path: string): Service {
    const wanted = name.trim().toLowerCase();
    const known = SHIPPING_SERVICES.find((s) => s === wanted);
    if (known) return known;
    const { rates } = this.rates(currency);
    const labelled = rates.find((r) => r.label.trim().toLowerCase() === wanted);
    if (labelled) return labelled.service as Service;
    const labels = rates
      .map((r) => r.label)
      .filter((label) => !SHIPPING_SERVICES.includes(label.toLowerCase() as Service));
    throw new OpError(
      'invalid_input',
      `There is no shipping service "${name}": use standard, express or overnight` +
        (labels.length ? ` (or their labels ${labels.map((l) => `"${l}"`).join(', ')}).` : '.'),
      [{ path, message: 'Unknown service' }],
    );
  }

  /**
   * Weight and value of items: from the catalog for product_id (an item's own weight/price win), else as
   * given; an item with neither weight nor product counts 1 kg per unit, as the seed assumed. `warnings`
   * says so, and names the keys an item had that mean nothing here.
   */
  parcel(
    items: readonly z.output<typeof ShippingItem>[],
    currencyHint: string | undefined,
  ): Parcel & { warnings: string[] } {
    let currency = currencyHint;
    const lines: Parcel['lines'] = [];
    const warnings = ignoredKeys(items);
    let weightGrams = 0;
    let valueMinor = 0;
    const priced: { index: number; amount: number; quantity: number }[] = [];
    items.forEach((item, index) => {
      const product =
        item.product_id !== undefined ? this.products.resolve(item.product_id, `items.${index}.product_id`) : null;
      if (product) {
        if (currency !== undefined && currency !== product.currency && item.price === undefined) {
          throw new OpError(
            'invalid_input',
            `Items are priced in different currencies (${currency} and ${product.currency} for ${product.sku}); quote them separately.`,
            [{ path: `items.${index}.product_id`, message: `Priced in ${product.currency}` }],
          );
        }
        currency ??= product.currency;
      }
      let unitGrams: number;
      if (item.weight !== undefined) unitGrams = Math.round(item.weight * 1000);
      else if (product) unitGrams = product.weight_grams;
      else {
        unitGrams = DEFAULT_ITEM_GRAMS;
        warnings.push(`items.${index} has no weight or product_id: it counts as 1 kg per unit.`);
      }
      weightGrams += unitGrams * item.quantity;
      lines.push({ product_id: product?.id ?? null, quantity: item.quantity, weight_grams: unitGrams });
      if (item.price !== undefined) priced.push({ index, amount: item.price, quantity: item.quantity });
      else if (product) valueMinor += product.price_minor * item.quantity;
    });
    currency ??= this.settings.get().currency;
    for (const p of priced) valueMinor += minorOrThrow(p.amount, currency, `items.${p.index}.price`) * p.quantity;
    return { currency, weightGrams, valueMinor, lines, warnings };
  }

  quote(parcel: Parcel, service: Service): z.input<typeof ShippingQuote> {
    const rate = this.rates(parcel.currency).rates.find((r) => r.service === service)!;
    const c = parcel.currency;
    return {
      service,
      label: rate.label,
      currency: c,
      cost: toMajorUnits(shippingCostMinor(rate, parcel.weightGrams, parcel.valueMinor), c),
      weight_kg: parcel.weightGrams / 1000,
      declared_value: toMajorUnits(parcel.valueMinor, c),
      breakdown: {
        base: toMajorUnits(rate.base_minor, c),
        weight: toMajorUnits(Math.round((rate.per_kg_minor * parcel.weightGrams) / 1000), c),
        value: toMajorUnits(Math.round((parcel.valueMinor * rate.value_bps) / 10000), c),
        multiplier: rate.multiplier_pct / 100,
      },
    };
  }

  costMinor(parcel: Parcel, service: Service): number {
    const rate = this.rates(parcel.currency).rates.find((r) => r.service === service)!;
    return shippingCostMinor(rate, parcel.weightGrams, parcel.valueMinor);
  }

  /** Inserts a shipment row; the order side (stock, status) is the orders service's. */
  insert(
    fields: {
      orderId: number | null;
      service: Service;
      carrier: string | null;
      tracking: string | null;
      destination: Destination;
      parcel: Parcel;
    },
    actor: string,
  ): number {
    const now = this.clock.now().toISOString();
    return this.store.run(
      this.store.query.insertInto('shipments').values({
        order_id: fields.orderId,
        service: fields.service,
        carrier: fields.carrier,
        tracking: fields.tracking,
        status: 'created',
        destination: JSON.stringify(fields.destination),
        items: JSON.stringify(fields.parcel.lines),
        weight_grams: fields.parcel.weightGrams,
        declared_value_minor: fields.parcel.valueMinor,
        cost_minor: this.costMinor(fields.parcel, fields.service),
        currency: fields.parcel.currency,
        history: JSON.stringify([
          { status: 'created', note: null, ...(fields.tracking && { tracking: fields.tracking }), by: actor, at: now },
        ]),
        actor,
        created_at: now,
        updated_at: now,
      }),
    ).lastInsertRowid;
  }

  shipmentRow(id: number): ShipmentRow {
    const row = this.store.first(this.store.query.selectFrom('shipments').selectAll().where('id', '=', id));
    if (!row) {
      throw new OpError('not_found', `There is no shipment with id ${id}.`, [
        { path: 'shipment_id', message: 'No such shipment' },
      ]);
    }
    return row;
  }

  shipment(id: number): z.input<typeof Shipment> {
    return toShipment(this.shipmentRow(id));
  }

  /** Records a tracking step; returns the row before and after. */
  setStatus(
    input: z.output<typeof updateShipmentStatus.input>,
    actor: string,
  ): { before: ShipmentRow; after: ShipmentRow } {
    const before = this.shipmentRow(input.shipment_id);
    const allowed = SHIPMENT_FLOW[before.status] ?? [];
    if (input.status !== before.status && !allowed.includes(input.status)) {
      throw new OpError(
        'conflict',
        `Shipment ${before.id} is ${before.status} and cannot become ${input.status}` +
          (allowed.length ? `; it can become ${allowed.join(' or ')}.` : '; that is final.'),
        [{ path: 'status', message: `Allowed: ${allowed.join(', ') || 'none'}` }],
      );
    }
    const now = this.clock.now().toISOString();
    const history = JSON.parse(before.history) as unknown[];
    history.push({
      status: input.status,
      note: input.note ?? null,
      ...(input.tracking !== undefined && input.tracking !== before.tracking && { tracking: input.tracking }),
      by: actor,
      at: now,
    });
    this.store.run(
      this.store.query
        .updateTable('shipments')
        .set({
          status: input.status,
          tracking: input.tracking ?? before.tracking,
          history: JSON.stringify(history),
          updated_at: now,
        })
        .where('id', '=', before.id),
    );
    return { before, after: this.shipmentRow(before.id) };
  }
}

/** The seed's weight for an item that says nothing of its own. */
const DEFAULT_ITEM_GRAMS = 1000;

/** A warning per item that carried keys a shipping item does not use (the seed's `name`, say). */
export function ignoredKeys(items: readonly { ignored: readonly string[] }[] | undefined): string[] {
  return (items ?? []).flatMap((item, index) =>
    item.ignored.length
      ? [`items.${index}: ${item.ignored.join(', ')} ignored (an item is product_id, weight, price and quantity).`]
      : [],
  );
}

const SHIPMENT_FLOW: Record<string, string[]> = {
  created: ['in_transit', 'delivered', 'returned', 'lost'],
  in_transit: ['delivered', 'returned', 'lost'],
  delivered: ['returned'],
  returned: [],
  lost: [],
};

function toShipment(row: ShipmentRow): z.input<typeof Shipment> {
  const lines = JSON.parse(row.items) as Parcel['lines'];
  return {
    id: row.id,
    order_id: row.order_id,
    service: row.service,
    carrier: row.carrier,
    tracking: row.tracking,
    status: row.status as z.input<typeof Shipment>['status'],
    destination: JSON.parse(row.destination) as Destination,
    items: lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity, weight_kg: l.weight_grams / 1000 })),
    weight_kg: row.weight_grams / 1000,
    declared_value: toMajorUnits(row.declared_value_minor, row.currency),
    cost: toMajorUnits(row.cost_minor, row.currency),
    currency: row.currency,
    history: JSON.parse(row.history) as z.input<typeof Shipment>['history'],
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type ShipmentInput = z.output<typeof createShipment.input>;
