import { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { Amount, Quantity } from '../../../shared/sales/common.js';
import { Email } from '../../../shared/schemas.js';
import type { Ctx, EventSink } from '../catalogue/context.js';
import { toMajorUnits } from '../../../shared/money.js';

/** One line of an imported order, as checked before anything is written. */
export const OrderRow = z.object({
  order_ref: z.string().trim().max(100, 'an order reference is at most 100 characters').optional(),
  email: Email,
  sku: z.string().trim().min(1, 'sku cannot be empty').max(64, 'a SKU is at most 64 characters'),
  quantity: Quantity,
  price: Amount.optional(),
  item_name: z.string().trim().max(500).optional(),
  shipping: Amount.optional(),
  notes: z.string().max(2_000, 'notes are at most 2,000 characters').optional(),
});
export type OrderRowInput = z.output<typeof OrderRow>;

type Issue = { field: string | null; message: string };
type Line = { line: number; field: string | null; message: string };
type Skip = { line: number; message: string; order_id?: number };

/**
 * Shopify's orders export has one row per line item under the order's Name; later rows may leave the
 * order's own fields (email, shipping, notes) blank. A row takes them from its order's first row, so that
 * each row is checked whole. Shipping and notes are the order's, counted once (see createOrders).
 */
export class OrderGroups {
  private readonly first = new Map<string, Map<string, string>>();

  fill(cells: Map<string, string>): Map<string, string> {
    const ref = cells.get('order_ref')?.trim();
    if (ref === undefined || cells.size === 0) return cells;
    const first = this.first.get(ref);
    if (!first) {
      this.first.set(ref, cells);
      return cells;
    }
    const filled = new Map(cells);
    if (!filled.has('email') && first.has('email')) filled.set('email', first.get('email')!);
    return filled;
  }
}

/** A row's cells checked as one order line: numbers as numbers, the email as an email. */
export function checkOrderRow(
  given: Map<string, string>,
): { cells: Map<string, string> } & ({ input: OrderRowInput } | { issues: Issue[] }) {
  const cells = new Map(given);
  const issues: Issue[] = [];
  for (const field of ['email', 'sku', 'quantity']) {
    if (!cells.has(field)) issues.push({ field, message: `${field} is empty in this row, and it is required` });
  }
  const number = (name: string, whole: boolean): number | undefined => {
    const text = cells.get(name)?.trim();
    if (text === undefined) return undefined;
    const pattern = whole ? /^[0-9]+$/ : /^-?[0-9]*\.?[0-9]+$/;
    if (!pattern.test(text)) {
      issues.push({
        field: name,
        message: whole
          ? `${name} must be a whole number, not "${text}"`
          : `${name} must be a number (use a dot for decimals), not "${text}"`,
      });
      return undefined;
    }
    return Number(text);
  };
  const quantity = number('quantity', true);
  const price = number('price', false);
  const shipping = number('shipping', false);
  if (issues.length > 0) return { cells, issues };
  const parsed = OrderRow.safeParse({
    order_ref: cells.get('order_ref'),
    email: cells.get('email'),
    sku: cells.get('sku'),
    quantity,
    price,
    item_name: cells.get('item_name'),
    shipping,
    notes: cells.get('notes'),
  });
  if (parsed.success) return { cells, input: parsed.data };
  return {
    cells,
    issues: parsed.error.issues.map((issue) => ({
      field: String(issue.path[0] ?? '') || null,
      message: issue.message,
    })),
  };
}

/**
 * Places each order of the file, in file order, as create_order does (pending, priced from the catalog,
 * stock reserved) — each in a savepoint, whole or not at all: one bad line refuses its order, and every
 * other line of that order says why it was left out. The customer must already exist: an orders export
 * names a customer by email only, and inventing customers from it would leave records with no name or
 * address that the person never chose to add (import the customers first; Shopify exports them too).
 *
 * An order whose reference was imported before (the same file again, or a file that overlaps an
 * earlier one) is skipped, each of its rows saying which order it became: re-running an import places
 * only what is new. The check runs in the import's transaction, so two imports of one file at once
 * cannot both place it.
 */
export function createOrders(
  ctx: Ctx,
  rows: readonly { line: number; input: OrderRowInput }[],
  refusedRefs: ReadonlySet<string>,
  bad: Line[],
  skipped: Skip[],
  events: EventSink,
): { imported: number; warnings: Line[] } {
  const warnings: Line[] = [];
  const groups = new Map<string, { line: number; input: OrderRowInput }[]>();
  for (const row of rows) {
    const key = row.input.order_ref ? `ref:${row.input.order_ref}` : `line:${row.line}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  let imported = 0;
  for (const group of groups.values()) {
    const first = group[0]!;
    const ref = first.input.order_ref;
    const name = ref ? `order ${ref}` : 'this order';
    const refuse = (problems: Line[]) => {
      const lines = new Set(problems.map((p) => p.line));
      bad.push(...problems);
      for (const row of group) {
        if (!lines.has(row.line)) {
          bad.push({
            line: row.line,
            field: null,
            message: `Not imported: another line of ${name} has a problem, and an order is imported whole or not at all`,
          });
        }
      }
    };
    const before = ref ? ctx.services.orders.importedAs(ref) : undefined;
    if (ref && before !== undefined) {
      for (const row of group) {
        skipped.push({
          line: row.line,
          message: `Already imported: order ${ref} → order ${before} in Officina`,
          order_id: before,
        });
      }
      continue;
    }
    if (ref && refusedRefs.has(ref)) {
      refuse([]);
      continue;
    }
    const email = first.input.email.toLowerCase();
    const otherEmail = group.find((row) => row.input.email.toLowerCase() !== email);
    if (otherEmail) {
      refuse([
        {
          line: otherEmail.line,
          field: 'email',
          message: `The lines of ${name} name two customers (${first.input.email} and ${otherEmail.input.email}); one order has one customer`,
        },
      ]);
      continue;
    }
    let customerId: number;
    try {
      customerId = ctx.services.customers.get({ email: first.input.email }).id;
    } catch (error) {
      if (!(error instanceof OpError) || error.code !== 'not_found') throw error;
      refuse([
        {
          line: first.line,
          field: 'email',
          message: `No customer has the email ${first.input.email}; import or add the customer first`,
        },
      ]);
      continue;
    }
    const problems: Line[] = [];
    const items: { product_id: number; quantity: number }[] = [];
    for (const row of group) {
      try {
        const product = ctx.services.products.resolve(row.input.sku, 'sku');
        items.push({ product_id: product.id, quantity: row.input.quantity });
        const price = toMajorUnits(product.price_minor, product.currency);
        if (row.input.price !== undefined && Math.abs(row.input.price - price) > 1e-9) {
          warnings.push({
            line: row.line,
            field: 'price',
            message: `The file says ${row.input.price}, the catalog ${price} ${product.currency} for ${product.sku}; the order is priced from the catalog`,
          });
        }
      } catch (error) {
        if (!(error instanceof OpError)) throw error;
        problems.push({
          line: row.line,
          field: 'sku',
          message:
            error.code === 'not_found' && !/trash/.test(error.message)
              ? `No product has the SKU ${row.input.sku}; add it to the catalog first`
              : error.message,
        });
      }
    }
    if (problems.length > 0) {
      refuse(problems);
      continue;
    }
    const shipping = group.find((row) => row.input.shipping !== undefined)?.input.shipping;
    const notes = group.find((row) => row.input.notes !== undefined)?.input.notes;
    try {
      ctx.db.transaction(() =>
        ctx.services.orders.create(
          {
            customer_id: customerId,
            items,
            ...(shipping !== undefined && shipping > 0 ? { shipping_amount: shipping } : {}),
            ...(notes !== undefined ? { notes } : {}),
          },
          events,
          ctx.caller.name,
          ref ? { importRef: ref } : {},
        ),
      );
      imported++;
    } catch (error) {
      if (!(error instanceof OpError)) throw error;
      // items.N.… names a line of the group; anything else is the order's own (its customer, its shipping).
      const path = error.issues?.[0]?.path ?? '';
      const item = /^items\.(\d+)\./.exec(path);
      const row = item ? (group[Number(item[1])] ?? first) : first;
      refuse([
        { line: row.line, field: item ? 'sku' : path === 'customer_id' ? 'email' : null, message: error.message },
      ]);
    }
  }
  return { imported, warnings };
}
