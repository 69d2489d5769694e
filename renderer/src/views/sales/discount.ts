import { locale } from '../../format.js';

/** How a person chooses an order's discount in the New order form. */
export type DiscountKind = 'none' | 'percent' | 'amount';

/** "Discount (10%)" for a percent discount, "Discount" for an amount. */
export function discountLabel(percent: number | null): string {
  return percent === null ? 'Discount' : `Discount (${percent.toLocaleString(locale)}%)`;
}
